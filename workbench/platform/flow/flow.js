// lightning-flow for the workbench (lightning-base-components has none: the flow runtime is the platform's). A flow
// without screens (a headless flow such as Diamy_Call_List_Rules, which gives the org's calling rules) runs on the
// workbench's org server — the REAL flow of the package, in the flow engine, as the page's agent
// (POST /org/flows/:name) — and the component fires `statuschange` as lightning-flow does: detail { status:
// 'FINISHED' | 'ERROR', outputVariables: [{ name, value, dataType, isCollection, objectType, flowName }], … }.
// Screens are not modelled (the engine refuses a flow with screens): such a flow answers ERROR.
import { LightningElement, api } from 'lwc';
import { log } from '../bus.js';
import { orgRequest } from '../orgServer.js';

export default class Flow extends LightningElement {
    @api flowApiName = '';
    /** [{ name, type, value }], as lightning-flow takes them. */
    @api flowInputVariables;
    @api flowFinishBehavior;
    status = 'STARTED';

    connectedCallback() {
        this.run();
    }

    async run() {
        const name = this.flowApiName;
        const inputs = Object.fromEntries((Array.isArray(this.flowInputVariables) ? this.flowInputVariables : []).map((v) => [v.name, v.value]));
        let detail;
        try {
            const { status, body } = await orgRequest('POST', `/flows/${encodeURIComponent(name)}`, { inputs });
            if (status !== 200) throw new Error(body?.[0]?.message ?? `status ${status}`);
            detail = {
                status: body.status,
                outputVariables: body.outputVariables.map((v) => ({ ...v, dataType: null, objectType: null, flowName: name })),
                errorMessage: body.error
            };
        } catch (error) {
            detail = { status: 'ERROR', outputVariables: [], errorMessage: error.message };
        }
        log('flow', { flow: name, status: detail.status, error: detail.errorMessage ?? undefined });
        this.status = detail.status;
        this.dispatchEvent(
            new CustomEvent('statuschange', {
                detail: { activeStages: [], currentStage: null, flowTitle: name, helpText: '', guid: '', ...detail }
            })
        );
    }
}
