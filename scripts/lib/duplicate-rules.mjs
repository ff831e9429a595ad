// The connection's matching and duplicate rules (connection/matching-rules, connection/duplicate-rules; docs/SYNC.md)
// read from their XML and applied to records offline: which active duplicate rules, in sort order, find which existing
// records for a record about to be saved. It proves the rules on tricky data (a shared switchboard number, the same name
// at another company, an email on a Lead and a Contact) and lets a stand-in of Salesforce answer DUPLICATES_DETECTED
// from the rules the admin really deploys.
//
// What it reproduces, and where it is stricter than Salesforce:
//   - Exact: equal after trimming, case ignored. Blank values: NullNotAllowed never matches, MatchBlanks matches two
//     blanks (Salesforce's "Match Blank Fields").
//   - Fuzzy methods (FirstName, LastName, CompanyName…): equal after removing accents, punctuation and case, and for
//     CompanyName common legal suffixes. Salesforce's fuzzy algorithms match MORE (nicknames, typos, abbreviations), so
//     a "no duplicate" answer here is only trusted where an exact item decides it (another account, another last
//     name, another phone key); the tests keep to that.
//   - Records saved in the same request are not compared with each other (Salesforce compares a record with records
//     already saved): callers pass only saved records.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ROOT } from './project.mjs';

/** @typedef {{ field: string, method: string, blank: 'MatchBlanks' | 'NullNotAllowed' }} MatchItem */
/** @typedef {{ object: string, name: string, booleanFilter: string, items: MatchItem[], active: boolean }} MatchingRule */
/** @typedef {{ object: string, rule: string, mapping: Map<string, string> | null }} RuleUse */
/** @typedef {{ object: string, name: string, sortOrder: number, active: boolean, allowOnInsert: boolean, uses: RuleUse[] }} DuplicateRule */
/** @typedef {{ id: string, object: string, fields: Record<string, string | null | undefined> }} SfRecord */
/** @typedef {{ duplicateRule: string, matchingRule: string, object: string, ids: string[] }} DuplicateResult */

const parser = new XMLParser({
    parseTagValue: false,
    ignoreAttributes: true,
    isArray: (name) => ['matchingRules', 'matchingRuleItems', 'duplicateRuleMatchRules', 'mappingFields'].includes(name)
});

/**
 * Reads the matching and duplicate rules of the connection template (or of any folder pair).
 * @param {{ matchingDir?: string, duplicateDir?: string }} [dirs]
 * @returns {{ matchingRules: Map<string, MatchingRule>, duplicateRules: DuplicateRule[] }}
 */
export function loadDuplicateSetup(dirs = {}) {
    const matchingDir = dirs.matchingDir ?? join(ROOT, 'connection/matching-rules/matchingRules');
    const duplicateDir = dirs.duplicateDir ?? join(ROOT, 'connection/duplicate-rules/duplicateRules');
    /** @type {Map<string, MatchingRule>} */
    const matchingRules = new Map();
    for (const file of existsSync(matchingDir) ? readdirSync(matchingDir) : []) {
        const object = file.split('.')[0];
        for (const rule of parser.parse(readFileSync(join(matchingDir, file), 'utf8')).MatchingRules.matchingRules ?? []) {
            const items = (rule.matchingRuleItems ?? []).map((/** @type {any} */ i) => ({
                field: String(i.fieldName),
                method: String(i.matchingMethod),
                blank: i.blankValueBehavior === 'MatchBlanks' ? 'MatchBlanks' : 'NullNotAllowed'
            }));
            matchingRules.set(`${object}.${rule.fullName}`, {
                object,
                name: String(rule.fullName),
                booleanFilter: rule.booleanFilter ? String(rule.booleanFilter) : items.map((/** @type {MatchItem} */ _, i) => i + 1).join(' AND '),
                items,
                active: rule.ruleStatus === 'Active'
            });
        }
    }
    /** @type {DuplicateRule[]} */
    const duplicateRules = [];
    for (const file of existsSync(duplicateDir) ? readdirSync(duplicateDir) : []) {
        const [object, name] = file.split('.');
        const rule = parser.parse(readFileSync(join(duplicateDir, file), 'utf8')).DuplicateRule;
        duplicateRules.push({
            object,
            name,
            sortOrder: Number(rule.sortOrder),
            active: rule.isActive === 'true',
            allowOnInsert: rule.actionOnInsert === 'Allow',
            uses: (rule.duplicateRuleMatchRules ?? []).map((/** @type {any} */ u) => ({
                object: String(u.matchRuleSObjectType),
                rule: String(u.matchingRule),
                mapping:
                    u.objectMapping && typeof u.objectMapping === 'object' && u.objectMapping.mappingFields
                        ? new Map(u.objectMapping.mappingFields.map((/** @type {any} */ m) => [String(m.inputField), String(m.outputField)]))
                        : null
            }))
        });
    }
    duplicateRules.sort((a, b) => (a.object === b.object ? a.sortOrder - b.sortOrder : a.object < b.object ? -1 : 1));
    return { matchingRules, duplicateRules };
}

const LEGAL_SUFFIXES = /\b(inc|incorporated|corp|corporation|co|ltd|llc|gmbh|sa|sas|sarl|sasu|eurl|plc)\b/g;

/**
 * @param {string | null | undefined} value
 * @param {string} method
 */
function normalise(value, method) {
    const text = (value ?? '').trim();
    if (method === 'Exact') return text.toLowerCase();
    let folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9 ]+/g, ' ');
    if (method === 'CompanyName') folded = folded.replace(LEGAL_SUFFIXES, ' ');
    return folded.replace(/\s+/g, ' ').trim();
}

/**
 * Whether one item matches.
 * @param {MatchItem} item
 * @param {string | null | undefined} incoming
 * @param {string | null | undefined} saved
 */
function itemMatches(item, incoming, saved) {
    const a = normalise(incoming, item.method);
    const b = normalise(saved, item.method);
    if (a === '' || b === '') return item.blank === 'MatchBlanks' && a === '' && b === '';
    return a === b;
}

/**
 * Evaluates a matching rule's boolean filter ("1 OR (2 AND 3)") over the items' results.
 * @param {string} filter
 * @param {boolean[]} results results[0] is item 1
 */
export function evaluateFilter(filter, results) {
    const tokens = filter.match(/\d+|\(|\)|AND|OR|NOT/gi) ?? [];
    let position = 0;
    const peek = () => tokens[position]?.toUpperCase();
    /** @returns {boolean} */
    const primary = () => {
        const token = tokens[position++];
        if (token === '(') {
            const value = or();
            if (tokens[position++] !== ')') throw new Error(`boolean filter ${filter}: ) expected`);
            return value;
        }
        if (token?.toUpperCase() === 'NOT') return !primary();
        const index = Number(token) - 1;
        if (!Number.isInteger(index) || index < 0 || index >= results.length) throw new Error(`boolean filter ${filter}: no item ${token}`);
        return results[index];
    };
    const and = () => {
        let value = primary();
        while (peek() === 'AND') {
            position++;
            value = primary() && value;
        }
        return value;
    };
    /** @returns {boolean} */
    const or = () => {
        let value = and();
        while (peek() === 'OR') {
            position++;
            value = and() || value;
        }
        return value;
    };
    const value = or();
    if (position !== tokens.length) throw new Error(`boolean filter ${filter}: unexpected ${tokens[position]}`);
    return value;
}

/**
 * The duplicates a record would meet when saved: for each active duplicate rule of its object, in sort order, the
 * saved records each of its matching rules finds (rules that find nothing are left out).
 * @param {{ matchingRules: Map<string, MatchingRule>, duplicateRules: DuplicateRule[] }} setup
 * @param {SfRecord} record the record being saved (its id, if any, is never its own duplicate)
 * @param {SfRecord[]} saved records already in the org
 * @returns {DuplicateResult[]}
 */
export function findDuplicates(setup, record, saved) {
    /** @type {DuplicateResult[]} */
    const results = [];
    for (const duplicateRule of setup.duplicateRules.filter((d) => d.active && d.object === record.object)) {
        for (const use of duplicateRule.uses) {
            const matching = setup.matchingRules.get(`${use.object}.${use.rule}`);
            if (!matching || !matching.active) throw new Error(`duplicate rule ${duplicateRule.name}: matching rule ${use.object}.${use.rule} is not active`);
            /** The incoming record's value for a field of the matching rule's object. */
            const incoming = (/** @type {string} */ field) => {
                if (!use.mapping) return record.fields[field];
                const input = [...use.mapping].find(([, output]) => output === field)?.[0];
                return input === undefined ? record.fields[field] : record.fields[input];
            };
            const ids = saved
                .filter((s) => s.object === use.object && s.id !== record.id)
                .filter((s) =>
                    evaluateFilter(
                        matching.booleanFilter,
                        matching.items.map((item) => itemMatches(item, incoming(item.field), s.fields[item.field]))
                    )
                )
                .map((s) => s.id);
            if (ids.length) results.push({ duplicateRule: duplicateRule.name, matchingRule: matching.name, object: use.object, ids });
        }
    }
    return results;
}
