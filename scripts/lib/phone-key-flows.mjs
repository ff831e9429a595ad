// Generates the before-save record-triggered flows that keep the Diamy phone match keys current on
// Contact, Lead and Account (force-app/main/default/flows/Diamy_*_Phone_Keys.flow-meta.xml).
// The formulas are written once here, for every phone field, from tables derived from the
// libphonenumber-js metadata that the browser side uses (calling codes, national prefixes), so the org
// and the browser agree by construction; scripts/tests/phone-key-formula.test.mjs proves it by
// evaluating the formula text of the committed flow files with formulon.
//
//   node scripts/lib/phone-key-flows.mjs          rewrite the flow files
//   node scripts/lib/phone-key-flows.mjs --check  exit 1 if a committed flow differs from the generator
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const metadata = require('libphonenumber-js/metadata.min.json');

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const FLOW_DIR = join(ROOT, 'force-app', 'main', 'default', 'flows');

/** The org setting read by the formulas: hierarchy custom setting Diamy_Settings__c. */
export const DEFAULT_COUNTRY_MERGE = '{!$Setup.Diamy_Settings__c.Default_Country__c}';
export const FALLBACK_COUNTRY = 'FR';
/** Digits of the national significant number kept in the key (fewer when the number is shorter). */
export const KEY_DIGITS = 8;
export const MIN_NATIONAL_DIGITS = 6;
export const MAX_NATIONAL_DIGITS = 15;

/**
 * Default countries the formula supports for numbers stored without a country code: those whose national
 * (trunk) prefix is "0", "1" (North America) or absent. Other countries are refused by the generator.
 */
export const DEFAULT_COUNTRIES = [
    'FR', 'BE', 'CH', 'LU', 'MC', 'DE', 'AT', 'NL', 'GB', 'IE', 'ES', 'PT', 'IT', 'DK', 'SE', 'NO', 'FI',
    'PL', 'CZ', 'SK', 'GR', 'RO', 'HR', 'SI', 'US', 'CA', 'RE', 'GP', 'MQ', 'GF', 'YT', 'PM', 'NC', 'PF', 'WF',
    'MA', 'DZ', 'TN', 'SN', 'CI', 'CM', 'IL', 'AE', 'AU', 'NZ', 'ZA', 'IN', 'JP', 'MX'
];

/**
 * French overseas departments are dialled inside the French national plan (0262…, 0590…, 0694…): a number
 * written nationally or as +33 with one of these prefixes is the overseas number. Prefix → calling code.
 */
export const FRENCH_OVERSEAS_PREFIXES = {
    262: '262', 263: '262', 269: '262', 639: '262', 692: '262', 693: '262',
    590: '590', 690: '590', 691: '590',
    594: '594', 694: '594',
    596: '596', 696: '596', 697: '596'
};

/** Phone fields with a key field, per object. */
export const PHONE_FIELDS = {
    Contact: [
        { field: 'Phone', alias: 'Phone', key: 'Diamy_Phone_Key__c' },
        { field: 'MobilePhone', alias: 'Mobile', key: 'Diamy_Mobile_Key__c' },
        { field: 'HomePhone', alias: 'Home', key: 'Diamy_Home_Phone_Key__c' },
        { field: 'OtherPhone', alias: 'Other', key: 'Diamy_Other_Phone_Key__c' },
        { field: 'AssistantPhone', alias: 'Assistant', key: 'Diamy_Assistant_Phone_Key__c' }
    ],
    Lead: [
        { field: 'Phone', alias: 'Phone', key: 'Diamy_Phone_Key__c' },
        { field: 'MobilePhone', alias: 'Mobile', key: 'Diamy_Mobile_Key__c' }
    ],
    Account: [{ field: 'Phone', alias: 'Phone', key: 'Diamy_Phone_Key__c' }]
};

function nationalPrefix(country) {
    const entry = metadata.countries[country];
    if (!entry) {
        throw new Error(`unknown country ${country}`);
    }
    // Absent entries are stored as undefined or 0 in the compressed metadata.
    return typeof entry[5] === 'string' ? entry[5] : '';
}

function mainCountry(callingCode) {
    return metadata.country_calling_codes[callingCode][0];
}

const list = (values) => `":${values.join(':')}:"`;
const pos = (text, ref) => `IF(FIND(${text}, ${ref}) = 0, 999, FIND(${text}, ${ref}))`;
const str = (value) => `"${value}"`;

export function tables() {
    const callingCodes = Object.keys(metadata.country_calling_codes);
    const defaults = DEFAULT_COUNTRIES.map((country) => {
        const prefix = nationalPrefix(country);
        if (!['', '0', '1'].includes(prefix)) {
            throw new Error(`${country}: national prefix "${prefix}" is not supported by the formula`);
        }
        return { country, callingCode: metadata.countries[country][0], prefix };
    });
    return {
        oneDigit: callingCodes.filter((cc) => cc.length === 1).sort(),
        twoDigits: callingCodes.filter((cc) => cc.length === 2).sort(),
        // International numbers: libphonenumber drops a national prefix "0" written after the country code
        // (e.g. "+33 0 6…"), except where the 0 belongs to the number (Italy, Côte d'Ivoire…).
        zeroPrefixCodes: callingCodes.filter((cc) => nationalPrefix(mainCountry(cc)) === '0').sort(),
        defaults
    };
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzéèêàâçôûîïü', '#', ';', ',', '*', ' /', '/ '];
// Separators removed once the number has been cut out of the text. "(0)" goes before the parentheses.
const SPACES = [' ', '\u00a0', '\u202f', '\u2009', '\t'];
const SEPARATORS = ['(0)', '.', '-', '/', '(', ')', '[', ']', ':', '_', "'", '\u2019'];

function substituteAll(ref, values) {
    return values.reduce((inner, value) => `SUBSTITUTE(${inner}, ${str(value)}, "")`, ref);
}

/** Flow formulas shared by every phone field of a flow. */
export function sharedFormulas() {
    const t = tables();
    const ccCase = t.defaults.map((d) => `${str(d.country)}, ${str(d.callingCode)}`).join(', ');
    const zeroTrunk = t.defaults.filter((d) => d.prefix === '0').map((d) => d.country);
    const oneTrunk = t.defaults.filter((d) => d.prefix === '1').map((d) => d.country);
    return [
        {
            name: 'Default_Country',
            description: `Org default country for numbers stored without a country code (Diamy Settings), ${FALLBACK_COUNTRY} when not set.`,
            expression: `UPPER(TRIM(BLANKVALUE(${DEFAULT_COUNTRY_MERGE}, ${str(FALLBACK_COUNTRY)})))`
        },
        {
            name: 'Default_Calling_Code',
            description: 'Country calling code of the default country; blank for a country the keys do not support.',
            expression: `CASE({!Default_Country}, ${ccCase}, "")`
        },
        {
            name: 'Default_Trunk_Prefix',
            description: 'National (trunk) prefix dialled before national numbers in the default country: 0, 1 or none.',
            expression: `IF(CONTAINS(${list(zeroTrunk)}, ":" & {!Default_Country} & ":"), "0", IF(CONTAINS(${list(oneTrunk)}, ":" & {!Default_Country} & ":"), "1", ""))`
        }
    ];
}

/** The formula chain computing the key of one phone field; the last formula is the key. */
export function fieldFormulas(field, alias = field) {
    const t = tables();
    const f = (step) => `${alias}_${step}`;
    const ref = (step) => `{!${f(step)}}`;
    const record = `{!$Record.${field}}`;
    const firstDigit = ['+', ...'0123456789'].map((c) => pos(str(c), ref('Text'))).join(', ');
    const half = Math.ceil(LETTERS.length / 2);
    const stop = (markers) => markers.map((c) => pos(str(c), ref('From'))).join(', ');
    const overseas = Object.entries(FRENCH_OVERSEAS_PREFIXES)
        .map(([prefix, cc]) => `${str(prefix)}, ${str(cc)}`)
        .join(', ');
    return [
        { name: f('Text'), description: `${field} in lower case.`, expression: `LOWER(${record})` },
        {
            name: f('From'),
            description: `${field} from its first digit or plus sign: drops labels such as "Tel:".`,
            expression: `MID(${ref('Text')}, MIN(${firstDigit}), 255)`
        },
        {
            name: f('Stop_1'),
            dataType: 'Number',
            description: `Position in ${field} of the first of the letters ${LETTERS.slice(0, half).join('')} (999 if none).`,
            expression: `MIN(${stop(LETTERS.slice(0, half))})`
        },
        {
            name: f('Stop_2'),
            dataType: 'Number',
            description: `Position in ${field} of the first of the characters ${LETTERS.slice(half).join(' ')} (999 if none).`,
            expression: `MIN(${stop(LETTERS.slice(half))})`
        },
        {
            name: f('Cut'),
            description: `${field} up to the first letter or list separator: drops extensions ("poste 204", "ext. 5", "x12") and comments.`,
            expression: `LEFT(${ref('From')}, MIN(${ref('Stop_1')}, ${ref('Stop_2')}) - 1)`
        },
        // Three steps of at most six SUBSTITUTE calls each: deeper nesting is fine for Salesforce but makes
        // formulon's parser exponentially slow.
        {
            name: f('Spaceless'),
            description: `${field} without spaces (also non-breaking and thin spaces) and tabs.`,
            expression: substituteAll(ref('Cut'), SPACES)
        },
        {
            name: f('Unbracketed'),
            description: `${field} without "(0)", dots, dashes, slashes and parentheses.`,
            expression: substituteAll(ref('Spaceless'), SEPARATORS.slice(0, 6))
        },
        {
            name: f('Digits'),
            description: `${field} without the remaining punctuation: only digits and a leading plus sign are expected.`,
            expression: substituteAll(ref('Unbracketed'), SEPARATORS.slice(6))
        },
        {
            name: f('Intl'),
            description: `${field} digits after an international prefix (+, 00, or 011 in North America); blank for a national number.`,
            expression: `IF(BEGINS(${ref('Digits')}, "+"), MID(${ref('Digits')}, 2, 255), IF(BEGINS(${ref('Digits')}, "00"), MID(${ref('Digits')}, 3, 255), IF(AND({!Default_Trunk_Prefix} = "1", BEGINS(${ref('Digits')}, "011")), MID(${ref('Digits')}, 4, 255), "")))`
        },
        {
            name: f('Calling_Code'),
            description: `Country calling code of ${field}: read from an international number (1 to 3 digits), else the default country's.`,
            expression: `IF(${ref('Intl')} = "", {!Default_Calling_Code}, LEFT(${ref('Intl')}, IF(CONTAINS(${list(t.oneDigit)}, ":" & LEFT(${ref('Intl')}, 1) & ":"), 1, IF(CONTAINS(${list(t.twoDigits)}, ":" & LEFT(${ref('Intl')}, 2) & ":"), 2, 3))))`
        },
        {
            name: f('Rest'),
            description: `Digits of ${field} after the country code, or a national number without its trunk prefix.`,
            expression: `IF(${ref('Intl')} = "", IF(AND({!Default_Trunk_Prefix} = "0", BEGINS(${ref('Digits')}, "0")), MID(${ref('Digits')}, 2, 255), IF(AND({!Default_Trunk_Prefix} = "1", LEN(${ref('Digits')}) = 11, BEGINS(${ref('Digits')}, "1")), MID(${ref('Digits')}, 2, 255), ${ref('Digits')})), MID(${ref('Intl')}, LEN(${ref('Calling_Code')}) + 1, 255))`
        },
        {
            name: f('National'),
            description: `National significant number of ${field}: a trunk 0 written after the country code is dropped, except where the 0 is part of the number (Italy…).`,
            expression: `IF(AND(${ref('Intl')} <> "", BEGINS(${ref('Rest')}, "0"), CONTAINS(${list(t.zeroPrefixCodes)}, ":" & ${ref('Calling_Code')} & ":")), MID(${ref('Rest')}, 2, 255), ${ref('Rest')})`
        },
        {
            name: f('Zone'),
            description: `Calling code of ${field}, with French overseas numbers dialled in the French plan moved to their own code.`,
            expression: `IF(AND(${ref('Calling_Code')} = "33", LEN(${ref('National')}) = 9), CASE(LEFT(${ref('National')}, 3), ${overseas}, "33"), ${ref('Calling_Code')})`
        },
        {
            name: f('Key'),
            description: `Match key of ${field}: calling code, "|", last ${KEY_DIGITS} digits of the national number; blank when it is not a phone number.`,
            expression: `IF(OR(NOT(REGEX(${ref('Digits')}, "[+]?[0-9]+")), ${ref('Zone')} = "", LEN(${ref('National')}) < ${MIN_NATIONAL_DIGITS}, LEN(${ref('National')}) > ${MAX_NATIONAL_DIGITS}), "", ${ref('Zone')} & "|" & IF(LEN(${ref('National')}) > ${KEY_DIGITS}, RIGHT(${ref('National')}, ${KEY_DIGITS}), ${ref('National')}))`
        }
    ];
}

const escapeXml = (text) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function flowName(object) {
    return `Diamy_${object}_Phone_Keys`;
}

export function flowXml(object) {
    const fields = PHONE_FIELDS[object];
    const formulas = [...sharedFormulas(), ...fields.flatMap(({ field, alias }) => fieldFormulas(field, alias))].sort((a, b) =>
        a.name.localeCompare(b.name)
    );
    const assignments = fields
        .map(
            ({ alias, key }) => `        <assignmentItems>
            <assignToReference>$Record.${key}</assignToReference>
            <operator>Assign</operator>
            <value>
                <elementReference>${alias}_Key</elementReference>
            </value>
        </assignmentItems>`
        )
        .join('\n');
    const formulaXml = formulas
        .map(
            (formula) => `    <formulas>
        <description>${escapeXml(formula.description)}</description>
        <name>${formula.name}</name>
        <dataType>${formula.dataType ?? 'String'}</dataType>
        <expression>${escapeXml(formula.expression)}</expression>${formula.dataType === 'Number' ? '\n        <scale>0</scale>' : ''}
    </formulas>`
        )
        .join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>
<!-- GENERATED by scripts/lib/phone-key-flows.mjs — do not edit; change the generator and run it. -->
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <assignments>
        <description>Writes the match key of every phone field so that incoming calls find this ${object} through an indexed lookup.</description>
        <name>Set_Phone_Keys</name>
        <label>Set Phone Keys</label>
        <locationX>176</locationX>
        <locationY>287</locationY>
${assignments}
    </assignments>
    <description>Diamy: keeps the phone match keys of ${object} in step with its phone fields (${fields.map((f) => f.field).join(', ')}) on every create and update, with no entry criteria so that saving a record unchanged recomputes them.</description>
    <environments>Default</environments>
${formulaXml}
    <interviewLabel>Diamy ${object} Phone Keys {!$Flow.CurrentDateTime}</interviewLabel>
    <label>Diamy ${object} Phone Keys</label>
    <processMetadataValues>
        <name>BuilderType</name>
        <value>
            <stringValue>LightningFlowBuilder</stringValue>
        </value>
    </processMetadataValues>
    <processMetadataValues>
        <name>CanvasMode</name>
        <value>
            <stringValue>AUTO_LAYOUT_CANVAS</stringValue>
        </value>
    </processMetadataValues>
    <processType>AutoLaunchedFlow</processType>
    <start>
        <locationX>50</locationX>
        <locationY>0</locationY>
        <connector>
            <targetReference>Set_Phone_Keys</targetReference>
        </connector>
        <object>${object}</object>
        <recordTriggerType>CreateAndUpdate</recordTriggerType>
        <triggerType>RecordBeforeSave</triggerType>
    </start>
    <status>Active</status>
    <triggerOrder>500</triggerOrder>
</Flow>
`;
}

export function generate({ check = false } = {}) {
    mkdirSync(FLOW_DIR, { recursive: true });
    const stale = [];
    for (const object of Object.keys(PHONE_FIELDS)) {
        const file = join(FLOW_DIR, `${flowName(object)}.flow-meta.xml`);
        const xml = flowXml(object);
        let current = '';
        try {
            current = readFileSync(file, 'utf8');
        } catch {
            current = '';
        }
        if (current !== xml) {
            stale.push(file);
            if (!check) {
                writeFileSync(file, xml);
            }
        }
    }
    return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const check = process.argv.includes('--check');
    const stale = generate({ check });
    if (check && stale.length > 0) {
        console.error(`out of date (run node scripts/lib/phone-key-flows.mjs): ${stale.join(', ')}`);
        process.exit(1);
    }
    console.log(check ? 'phone key flows are up to date' : `phone key flows written (${stale.length} changed)`);
}
