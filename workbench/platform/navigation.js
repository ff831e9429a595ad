// lightning/navigation for the workbench: navigation is written to the workbench log (no pages exist here).
import { WireAdapter, log } from './bus.js';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export function NavigationMixin(Base) {
    return class extends Base {
        [Navigate](pageReference, replace) {
            log('navigate', { pageReference, replace: Boolean(replace) });
        }
        [GenerateUrl](pageReference) {
            return Promise.resolve(`#${encodeURIComponent(JSON.stringify(pageReference))}`);
        }
    };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export class CurrentPageReference extends WireAdapter {
    connect() {
        super.connect();
        this.emit({ type: 'standard__navItemPage', attributes: { apiName: 'Diamy_Workbench' }, state: {} });
    }
}
