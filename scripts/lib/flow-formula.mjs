// Evaluates the formulas of a flow file offline with formulon (a Salesforce formula evaluator from npm), as the
// org would: flow merge fields ({!$Record.Phone}, {!$Setup.Obj__c.Field__c}, {!Other_Formula}) are mapped to
// formulon identifiers and formula resources are evaluated in dependency order. Blank text is passed as "".
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import formulon from 'formulon';

const { parse } = formulon;

/** @returns {Map<string, {dataType: string, expression: string}>} the formula resources of a flow file */
export function flowFormulas(file) {
    const parser = new XMLParser({ isArray: (name) => name === 'formulas', parseTagValue: false, trimValues: false });
    const flow = parser.parse(readFileSync(file, 'utf8')).Flow;
    const formulas = new Map();
    for (const formula of flow.formulas ?? []) {
        formulas.set(String(formula.name), { dataType: String(formula.dataType), expression: String(formula.expression) });
    }
    return formulas;
}

const identifier = (merge) => merge.replace(/^\$/, '').replace(/[^A-Za-z0-9_]/g, '_');

function literal(dataType, value) {
    if (dataType === 'Number') {
        return { type: 'literal', dataType: 'number', value, options: { length: 18, scale: 0 } };
    }
    const text = value ?? '';
    return { type: 'literal', dataType: 'text', value: text, options: { length: Math.max(text.length, 1) } };
}

/**
 * Evaluates the formula `name` of `formulas` with `inputs` keyed by merge field ("$Record.Phone",
 * "$Setup.Diamy_Settings__c.Default_Country__c"). Throws with the formula name if formulon reports an error.
 */
export function evaluateFormula(formulas, name, inputs, cache = new Map()) {
    if (cache.has(name)) {
        return cache.get(name);
    }
    const formula = formulas.get(name);
    if (!formula) {
        throw new Error(`no formula named ${name}`);
    }
    const variables = {};
    const expression = formula.expression.replace(/\{!([^}]+)\}/g, (_all, merge) => {
        const id = identifier(merge);
        if (!(id in variables)) {
            if (formulas.has(merge)) {
                variables[id] = literal(formulas.get(merge).dataType, evaluateFormula(formulas, merge, inputs, cache));
            } else if (merge.startsWith('$')) {
                variables[id] = literal('String', inputs[merge] ?? '');
            } else {
                throw new Error(`${name}: unknown reference {!${merge}}`);
            }
        }
        return id;
    });
    const result = parse(expression, variables);
    if (result.type === 'error') {
        throw new Error(`${name}: formulon ${result.errorType}: ${result.message}`);
    }
    cache.set(name, result.value);
    return result.value;
}
