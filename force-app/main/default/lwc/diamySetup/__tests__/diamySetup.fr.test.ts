// The setup console for a French-speaking administrator: every Custom Label with its French translation (as the
// platform serves them to a user whose language is French), locale fr-FR. The component, the engine and the platform
// mocks are loaded together in an isolated module registry, so that the component sees the French labels.
import type * as EngineDom from '@lwc/engine-dom';
import type * as ObjectInfoModule from 'lightning/uiObjectInfoApi';
import { flushPromises, resetDom, shadowOf } from 'diamy-test/lwcTestUtils';

interface LabelsModule {
    readLabels(root: string): { labels: Map<string, { value: string }>; translations: Map<string, Map<string, string>> };
}
interface TestAdapter {
    emit(value: unknown): void;
}

const ROOT = `${__dirname}/../../../../../..`;

let createElement: typeof EngineDom.createElement;
let Component: unknown;
let objectInfo: typeof ObjectInfoModule;

jest.isolateModules(() => {
    const { labels, translations } = jest.requireActual<LabelsModule>(`${ROOT}/scripts/lib/labels.cjs`).readLabels(ROOT);
    const french = translations.get('fr') ?? new Map<string, string>();
    for (const [name, label] of labels) {
        const text = french.get(name) ?? label.value;
        jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: text }));
    }
    jest.doMock('@salesforce/i18n/locale', () => ({ __esModule: true, default: 'fr-FR' }), { virtual: true });
    jest.doMock('@salesforce/i18n/timeZone', () => ({ __esModule: true, default: 'Europe/Paris' }), { virtual: true });
    jest.doMock('@salesforce/customPermission/Diamy_Manage_Calls', () => ({ __esModule: true, default: undefined }), { virtual: true });
    createElement = jest.requireActual<typeof EngineDom>('@lwc/engine-dom').createElement;
    Component = jest.requireActual<{ default: unknown }>('c/diamySetup').default;
    objectInfo = jest.requireActual<typeof ObjectInfoModule>('lightning/uiObjectInfoApi');
});

describe('c-diamy-setup in French', () => {
    afterEach(() => resetDom());

    it('the checklist, the manual steps and the log read in French', async () => {
        const element = createElement('c-diamy-setup', { is: Component as typeof EngineDom.LightningElement });
        document.body.appendChild(element);
        (objectInfo.getObjectInfo as unknown as TestAdapter).emit({ apiName: 'Diamy_Integration_Log__c', defaultRecordTypeId: '012000000000000AAA', updateable: false, fields: {} });
        await flushPromises();
        const root = shadowOf(element);
        const admin = root.querySelector('[data-check="admin"]');
        expect(admin?.querySelector('.setup-check-title')?.textContent).toBe("Ensemble d'autorisations Diamy Admin");
        expect(admin?.querySelector('.setup-check-status')?.textContent).toBe('À corriger');
        expect(admin?.querySelector('.setup-check-reason')?.textContent).toContain("Vous n'avez pas Diamy Admin");
        const connection = root.querySelector('[data-check="connection"]');
        expect(connection?.querySelector('.setup-check-status')?.textContent).toBe('Vérification impossible');
        expect(connection?.querySelector('.setup-check-reason')?.textContent).toContain('Pas encore testée');
        const retention = root.querySelector('[data-check="retention"]');
        expect(retention?.querySelector('.setup-check-title')?.textContent).toBe('Protection des données');
        expect(retention?.querySelector('.setup-check-action')?.textContent).toContain('paramètres personnalisés');
        expect(Array.from(root.querySelectorAll('.setup-step p.slds-text-title_bold')).map((p) => p.textContent)).toEqual([
            "Softphone dans la barre d'utilitaires",
            "Pages d'enregistrement",
            'URL de confiance',
            'Application OAuth Diamy Integration',
            'Français pour vos propres champs',
            'Utilisateur de workflow par défaut'
        ]);
        expect(root.querySelector('.setup-step-link')?.textContent).toBe('Ouvrir dans Configuration');
        expect((root.querySelector('lightning-card:last-of-type') as HTMLElement & { title?: string }).title).toBe("Journal d'intégration");
    });
});
