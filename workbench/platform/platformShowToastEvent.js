// lightning/platformShowToastEvent for the workbench: the page listens for lightning__showtoast and shows it.
export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super('lightning__showtoast', { composed: true, cancelable: true, bubbles: true, detail: toast });
    }
}
