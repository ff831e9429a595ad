// Loads a module as a French-speaking agent runs it: every Custom Label with its French translation (from
// translations/fr.translation-meta.xml, as the platform serves them to a user whose language is French), the
// user's locale fr-FR and time zone Europe/Paris (@salesforce/i18n/*). The module and everything it imports are
// loaded in an isolated registry (jest.isolateModules), so the rest of the test file keeps the English run.
// Service modules only: a component needs the engine and the wire adapters from the same registry.
import { join } from 'node:path';

interface LabelsModule {
    readLabels(root: string): { labels: Map<string, { value: string }>; translations: Map<string, Map<string, string>> };
}

const ROOT = join(__dirname, '..');

/** The French text of a Custom Label (its English value when it has no translation: the check-i18n gate fails then). */
export function frenchLabel(name: string): string {
    const { labels, translations } = jest.requireActual<LabelsModule>('../scripts/lib/labels.cjs').readLabels(ROOT);
    return translations.get('fr')?.get(name) ?? labels.get(name)?.value ?? `c.${name}`;
}

export function loadAsFrenchUser<T extends object>(moduleName: string, options: { locale?: string; timeZone?: string } = {}): T {
    const { labels, translations } = jest.requireActual<LabelsModule>('../scripts/lib/labels.cjs').readLabels(ROOT);
    const french = translations.get('fr') ?? new Map<string, string>();
    let loaded: T | undefined;
    jest.isolateModules(() => {
        for (const [name, label] of labels) {
            const text = french.get(name) ?? label.value;
            jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: text }));
        }
        jest.doMock('@salesforce/i18n/locale', () => ({ __esModule: true, default: options.locale ?? 'fr-FR' }), { virtual: true });
        jest.doMock('@salesforce/i18n/timeZone', () => ({ __esModule: true, default: options.timeZone ?? 'Europe/Paris' }), { virtual: true });
        jest.doMock('@salesforce/i18n/lang', () => ({ __esModule: true, default: 'fr' }), { virtual: true });
        loaded = jest.requireActual<T>(moduleName);
    });
    if (loaded === undefined) {
        throw new Error(`could not load ${moduleName}`);
    }
    return loaded;
}
