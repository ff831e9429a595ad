// Salesforce formulas evaluated with formulon (a Salesforce formula engine in JavaScript), in the two syntaxes the
// package uses: flow formulas and templates ({!$Record.Outcome__c}, {!$Label.X}, {!fxOther}) and plain formulas of
// validation rules and formula fields (ISBLANK(Diamy_Call_Id__c), $User.Id, Contact__r.Name, PRIORVALUE(X)).
//
// formulon knows plain identifiers and standard functions only, so every reference becomes an identifier whose
// typed value the caller's resolver supplies; ISNEW(), ISCHANGED(f), PRIORVALUE(f), NOW() and TODAY() become
// identifiers too (the engine's clock, not the machine's). Salesforce semantics kept: blank text is '' (formulon
// fails on null text), blank numbers and dates are null. A formula that formulon cannot evaluate on blank inputs
// (arithmetic on a blank number) yields null, as Salesforce returns a blank formula result.
import formulon from 'formulon';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import vm from 'node:vm';
import type { FieldType } from './schema.ts';
import type { Scalar } from './values.ts';
import { textOf, toDateString, toDateTimeString } from './values.ts';

/** A formulon literal. */
export interface Literal {
    type: 'literal';
    dataType: string;
    value: unknown;
    options?: Record<string, unknown>;
}

/** The type of a value a formula reads. */
export type FormulaType = FieldType | 'boolean';

export type Reference =
    | { kind: 'value'; path: string }
    | { kind: 'changed'; path: string }
    | { kind: 'prior'; path: string }
    | { kind: 'isNew' }
    | { kind: 'now' }
    | { kind: 'today' };

/**
 * formulon's parser is the costly half of formulon.parse(); the engine parses each formula once and evaluates the
 * parsed tree with formulon's own (unexported) replace/traverse/coerceLiteral, loaded from the pinned formulon
 * bundle with those three names exported. If the bundle ever changes shape, every evaluation falls back to
 * formulon.parse() — slower, same results.
 */
interface FormulonInternals {
    ast(formula: string): unknown;
    replace(ast: unknown, replacement: Record<string, unknown>): unknown;
    traverse(ast: unknown): unknown;
    coerceLiteral(literal: unknown): unknown;
}

function loadInternals(): FormulonInternals | null {
    try {
        const require = createRequire(import.meta.url);
        const file = require.resolve('formulon');
        const source = readFileSync(file, 'utf8');
        if (!/\nconst replace = /.test(source) || !/\nconst traverse = /.test(source) || !/\nconst coerceLiteral = /.test(source))
            return null;
        const module = { exports: {} as Record<string, unknown> };
        const wrapped = vm.runInThisContext(
            `(function (exports, require, module, __filename, __dirname) {${source}\nexports.replace = replace; exports.traverse = traverse; exports.coerceLiteral = coerceLiteral;\n})`,
            { filename: file }
        ) as (...args: unknown[]) => void;
        wrapped(module.exports, createRequire(file), module, file, dirname(file));
        return module.exports as unknown as FormulonInternals;
    } catch {
        return null;
    }
}

const internals = loadInternals();

export interface CompiledFormula {
    source: string;
    expression: string;
    /** formulon's parse tree of `expression`, built on first evaluation */
    ast?: unknown;
    /** identifier → what it stands for */
    references: Map<string, Reference>;
}

/** The typed value of a reference, supplied by the caller. */
export interface TypedValue {
    type: FormulaType;
    value: Scalar;
    values?: string[];
}

export type Resolver = (reference: Reference) => TypedValue;

const identifierOf = (prefix: string, path: string): string =>
    `${prefix}_${path.replace(/^\$/, 'G_').replace(/[^A-Za-z0-9_]/g, '_')}`;

function remember(references: Map<string, Reference>, id: string, reference: Reference): string {
    references.set(id, reference);
    return id;
}

/** Rewrites the functions formulon does not know (ISNEW, ISCHANGED, PRIORVALUE, NOW, TODAY) and string-safe merge fields. */
function rewriteSpecials(expression: string, references: Map<string, Reference>, unwrap: (arg: string) => string): string {
    let out = expression.replace(/ISCHANGED\(\s*([^()]+?)\s*\)/gi, (_, arg: string) =>
        remember(references, identifierOf('zChanged', unwrap(arg)), { kind: 'changed', path: unwrap(arg) })
    );
    out = out.replace(/PRIORVALUE\(\s*([^()]+?)\s*\)/gi, (_, arg: string) =>
        remember(references, identifierOf('zPrior', unwrap(arg)), { kind: 'prior', path: unwrap(arg) })
    );
    out = out.replace(/ISNEW\(\s*\)/gi, () => remember(references, 'zIsNew', { kind: 'isNew' }));
    out = out.replace(/\bNOW\(\s*\)/g, () => remember(references, 'zNow', { kind: 'now' }));
    out = out.replace(/\bTODAY\(\s*\)/g, () => remember(references, 'zToday', { kind: 'today' }));
    return out;
}

/** A flow formula or text-template merge expression: references are written {!...}. */
export function compileFlowFormula(source: string): CompiledFormula {
    const references = new Map<string, Reference>();
    const unwrap = (arg: string) =>
        arg
            .replace(/^\{!\s*/, '')
            .replace(/\s*\}$/, '')
            .trim();
    let expression = rewriteSpecials(source, references, unwrap);
    expression = expression.replace(/\{!([^}]+)\}/g, (_, path: string) =>
        remember(references, identifierOf('m', path.trim()), { kind: 'value', path: path.trim() })
    );
    return { source, expression, references };
}

const KEYWORDS = new Set(['TRUE', 'FALSE', 'NULL', 'AND', 'OR', 'NOT']);

/** A plain formula (validation rule, formula field): references are bare names, $Globals and dotted paths. */
export function compilePlainFormula(source: string): CompiledFormula {
    const references = new Map<string, Reference>();
    let expression = rewriteSpecials(source, references, (arg) => arg.trim());
    // Bare references outside string literals: names not followed by "(" (functions) and not keywords.
    const parts = expression.split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/);
    expression = parts
        .map((part, i) =>
            i % 2 === 1
                ? part
                : part.replace(
                      /(\$?[A-Za-z][A-Za-z0-9_]*(?:\.\$?[A-Za-z][A-Za-z0-9_]*)*)(\s*\()?/g,
                      (all, name: string, call: string | undefined) => {
                          if (call || KEYWORDS.has(name.toUpperCase()) || references.has(name)) return all;
                          return remember(references, identifierOf('m', name), { kind: 'value', path: name });
                      }
                  )
        )
        .join('');
    return { source, expression, references };
}

/** The formulon literal of a typed value. */
export function toLiteral({ type, value, values }: TypedValue): Literal {
    switch (type) {
        case 'checkbox':
        case 'boolean':
            return { type: 'literal', dataType: 'checkbox', value: value === true || value === 'true' };
        case 'number':
            return {
                type: 'literal',
                dataType: 'number',
                value: value === null || value === '' ? null : Number(value),
                options: { length: 18, scale: 6 }
            };
        case 'datetime':
            return { type: 'literal', dataType: 'datetime', value: value ? new Date(String(value)) : null };
        case 'date':
            return {
                type: 'literal',
                dataType: 'date',
                value: value ? new Date(`${String(value).slice(0, 10)}T00:00:00Z`) : null
            };
        case 'picklist':
            return { type: 'literal', dataType: 'picklist', value: value ?? '', options: { values: values ?? [] } };
        case 'multipicklist':
            return {
                type: 'literal',
                dataType: 'multipicklist',
                value: value ? String(value).split(';') : [],
                options: { values: values ?? [] }
            };
        default: {
            const str = value === null || value === undefined ? '' : String(value);
            return { type: 'literal', dataType: 'text', value: str, options: { length: Math.max(str.length, 1) } };
        }
    }
}

export interface FormulaResult {
    value: Scalar;
    /** formulon's error, when the formula could not be evaluated (the value is then null) */
    error?: string;
}

/**
 * Evaluates a compiled formula. `resultType` converts the result to the store's form ('Date' → 'YYYY-MM-DD',
 * 'DateTime' → ISO, 'Boolean' → boolean, 'Number' → number, anything else → text).
 */
export function evaluate(
    formula: CompiledFormula,
    resolve: Resolver,
    resultType?: string,
    options: { viaParse?: boolean } = {}
): FormulaResult {
    const variables: Record<string, Literal> = {};
    for (const [id, reference] of formula.references) variables[id] = toLiteral(resolve(reference));
    let result: Literal | { type: 'error'; message: string };
    if (internals && !options.viaParse && formula.expression.trim() !== '') {
        formula.ast ??= internals.ast(formula.expression);
        const tree = formula.ast as { type?: string; errorType?: string; message?: string };
        if (tree.type === 'error') {
            result = { type: 'error', message: tree.message ?? 'Syntax error.' };
        } else {
            const coerced: Record<string, unknown> = {};
            for (const [id, literal] of Object.entries(variables)) coerced[id] = internals.coerceLiteral(literal);
            result = internals.traverse(internals.replace(formula.ast, coerced)) as Literal | { type: 'error'; message: string };
        }
    } else {
        result = formulon.parse(formula.expression, variables) as Literal | { type: 'error'; message: string };
    }
    if (result.type !== 'literal') return { value: null, error: (result as { message: string }).message };
    return { value: fromLiteral(result, resultType) };
}

function fromLiteral(result: Literal, resultType?: string): Scalar {
    const { dataType, value } = result;
    if (value === null || value === undefined) return resultType === 'Boolean' ? false : null;
    if (dataType === 'date' || resultType === 'Date') return toDateString(new Date(value as string | Date));
    if (dataType === 'datetime')
        return resultType === 'Date'
            ? toDateString(new Date(value as string | Date))
            : toDateTimeString(new Date(value as string | Date));
    if (dataType === 'checkbox') return Boolean(value);
    if (dataType === 'number') return resultType === 'String' ? textOf(value) : Number(value);
    if (Array.isArray(value)) return value.map(textOf).join(';');
    return textOf(value);
}
