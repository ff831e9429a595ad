// lightning/navigation for the workbench: every navigation is written to the workbench log; a standard__recordPage
// of a CRM record (crm.js) shows that record page in the main area (page chrome: workbench/page/pages.js), as Lightning
// navigates; other page references (the new-record page, a Diamy_Call__c record…) stay logged only.
// CurrentPageReference gives a component the page it is on: the record page (standard__recordPage), Home
// (standard__namedPage home), else — the utility bar — the app's page.
import { WireAdapter, log, pages, showPage } from './bus.js';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
/** The LWC engine hands a wire adapter its component's element under this key (engine-dom createConnector). */
const WIRED_ELEMENT_HOST = '$$DeprecatedWiredElementHostKey$$';

export function NavigationMixin(Base) {
    return class extends Base {
        [Navigate](pageReference, replace) {
            log('navigate', { pageReference, replace: Boolean(replace) });
            // Asynchronous, as Lightning's router: the page changes after the caller's code has run (a screen pop
            // does not build the record page inside the popup's own work).
            setTimeout(() => {
                if (showPage(pageReference)) log('page shown', { pageReference });
            }, 0);
        }
        [GenerateUrl](pageReference) {
            return Promise.resolve(`#${encodeURIComponent(JSON.stringify(pageReference))}`);
        }
    };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

const APP_PAGE = { type: 'standard__navItemPage', attributes: { apiName: 'Diamy_Workbench' }, state: {} };

export class CurrentPageReference extends WireAdapter {
    constructor(dataCallback) {
        super(dataCallback);
        this.host = dataCallback?.[WIRED_ELEMENT_HOST] ?? null;
    }
    connect() {
        super.connect();
        this.emit((this.host && pages.referenceOf(this.host)) ?? APP_PAGE);
    }
}
