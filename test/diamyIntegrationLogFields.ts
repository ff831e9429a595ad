import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// Diamy_Integration_Log__c as the platform takes an agent's create: it refuses fields that do not exist, that the
// Diamy Agent permission set does not let the user edit, values over the field's length and values outside a
// restricted picklist. All of it is read from the package's metadata, not restated here.
const DEFAULT = join(__dirname, '../force-app/main/default');
const OBJECT_DIR = join(DEFAULT, 'objects/Diamy_Integration_Log__c/fields');
const AGENT = readFileSync(join(DEFAULT, 'permissionsets/Diamy_Agent.permissionset-meta.xml'), 'utf8');

function fieldMeta(name: string): string {
    return readFileSync(join(OBJECT_DIR, `${name}.field-meta.xml`), 'utf8');
}

export function expectCreatableByAgent(fields: Record<string, unknown>): void {
    const known = readdirSync(OBJECT_DIR).map((file) => file.replace('.field-meta.xml', ''));
    for (const [name, value] of Object.entries(fields)) {
        expect(known).toContain(name);
        expect(AGENT).toMatch(new RegExp(`<editable>true</editable>\\s*<field>Diamy_Integration_Log__c\\.${name}</field>`));
        if (value === undefined || value === null) {
            continue;
        }
        const meta = fieldMeta(name);
        const type = /<type>(\w+)<\/type>/.exec(meta)?.[1];
        const length = /<length>(\d+)<\/length>/.exec(meta)?.[1];
        if (length) {
            expect([name, String(value as string | number).length <= Number(length)]).toEqual([name, true]);
        }
        if (type === 'Picklist') {
            const values = [...meta.matchAll(/<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1]).slice(1);
            expect(values).toContain(value);
        }
        if (type === 'DateTime') {
            expect(String(value as string)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        }
    }
}
