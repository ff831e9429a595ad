// lightning/uiObjectInfoApi for the workbench: Diamy_Call__c's default record type and the Disposition__c
// picklist values read from the field metadata at bundle time (French labels from objectTranslations with ?lang=fr).
import { WireAdapter } from './bus.js';
import { DISPOSITION_VALUES } from 'workbench:metadata';

const MASTER_RECORD_TYPE = '012000000000000AAA';

export class getObjectInfo extends WireAdapter {
    update(config) {
        const apiName = config?.objectApiName?.objectApiName ?? config?.objectApiName;
        if (!apiName) return;
        // The integration log: the workbench user administers the workbench org's log (Diamy Admin's object access:
        // edit, Status__c editable); the custom permission Diamy_Manage_Calls stays unassigned (bundle-workbench.mjs),
        // so the setup console's admin check shows a failure, as for an admin who lacks the permission set.
        const log = apiName === 'Diamy_Integration_Log__c';
        this.emit({
            data: {
                apiName,
                defaultRecordTypeId: MASTER_RECORD_TYPE,
                fields: log ? { Status__c: { apiName: 'Status__c', updateable: true } } : {},
                recordTypeInfos: {},
                ...(log ? { updateable: true } : {})
            },
            error: undefined
        });
    }
}

export class getPicklistValues extends WireAdapter {
    update(config) {
        if (!config?.recordTypeId || config.fieldApiName?.fieldApiName !== 'Disposition__c') return;
        const french = globalThis.__DIAMY_LANG__ === 'fr';
        const values = DISPOSITION_VALUES.map((v) => ({
            value: v.value,
            label: french ? v.labelFr : v.label,
            attributes: null,
            validFor: []
        }));
        this.emit({ data: { values, defaultValue: null, controllerValues: {} }, error: undefined });
    }
}
