// lightning/uiObjectInfoApi for the workbench: Diamy_Call__c's default record type and the Disposition__c
// picklist values read from the field metadata at bundle time (French labels from objectTranslations with ?lang=fr).
import { WireAdapter } from './bus.js';
import { DISPOSITION_VALUES } from 'workbench:metadata';
import { FRENCH as LOG_FRENCH, LOG_PICKLISTS } from './answers/diamySetup.js';

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
        const french = globalThis.__DIAMY_LANG__ === 'fr';
        const logField = config?.fieldApiName?.objectApiName === 'Diamy_Integration_Log__c' ? LOG_PICKLISTS[config.fieldApiName.fieldApiName] : undefined;
        if (config?.recordTypeId && logField) {
            const values = logField.map((value) => ({ value, label: french ? (LOG_FRENCH[value] ?? value) : value, attributes: null, validFor: [] }));
            this.emit({ data: { values, defaultValue: null, controllerValues: {} }, error: undefined });
            return;
        }
        if (!config?.recordTypeId || config.fieldApiName?.fieldApiName !== 'Disposition__c') return;
        const values = DISPOSITION_VALUES.map((v) => ({
            value: v.value,
            label: french ? v.labelFr : v.label,
            attributes: null,
            validFor: []
        }));
        this.emit({ data: { values, defaultValue: null, controllerValues: {} }, error: undefined });
    }
}
