// Filter logic of flow Get/Update/Delete Records elements ("and", "or", "1 AND (2 OR NOT 3)"), evaluated offline so
// that tests can ask what every record a lookup may match must satisfy.

/**
 * Compiles a flow filterLogic for `count` filters into a predicate over the filters' truth values (index 0 = filter 1).
 * "and"/"or"/absent join every filter; otherwise the expression uses 1-based numbers, AND, OR, NOT and parentheses.
 * @param {string | undefined} logic
 * @param {number} count
 * @returns {(truth: boolean[]) => boolean}
 */
export function compileFilterLogic(logic, count) {
    const text = String(logic ?? 'and').trim();
    if (/^and$/i.test(text) || text === '') return (truth) => truth.slice(0, count).every(Boolean);
    if (/^or$/i.test(text)) return (truth) => truth.slice(0, count).some(Boolean);
    const tokens = text.match(/\d+|\(|\)|AND|OR|NOT/gi);
    if (!tokens || tokens.join('').length !== text.replace(/\s+/g, '').length)
        throw new Error(`filter logic "${text}" has characters other than numbers, AND, OR, NOT and parentheses`);
    let at = 0;
    const peek = () => tokens[at]?.toUpperCase();
    /** @returns {(truth: boolean[]) => boolean} */
    const primary = () => {
        const token = tokens[at++];
        if (token === undefined) throw new Error(`filter logic "${text}" ends too early`);
        if (token.toUpperCase() === 'NOT') {
            const inner = primary();
            return (truth) => !inner(truth);
        }
        if (token === '(') {
            const inner = or();
            if (tokens[at++] !== ')') throw new Error(`filter logic "${text}" has an unclosed parenthesis`);
            return inner;
        }
        const index = Number(token) - 1;
        if (!Number.isInteger(index) || index < 0 || index >= count)
            throw new Error(`filter logic "${text}" names filter ${token}, but there are ${count}`);
        return (truth) => truth[index];
    };
    const and = () => {
        let left = primary();
        while (peek() === 'AND') {
            at++;
            const l = left;
            const r = primary();
            left = (truth) => l(truth) && r(truth);
        }
        return left;
    };
    const or = () => {
        let left = and();
        while (peek() === 'OR') {
            at++;
            const l = left;
            const r = and();
            left = (truth) => l(truth) || r(truth);
        }
        return left;
    };
    const predicate = or();
    if (at !== tokens.length) throw new Error(`filter logic "${text}" has extra tokens after position ${at}`);
    return predicate;
}

/**
 * Whether every combination of filter results the logic accepts has filter `index` (0-based) true: every record the
 * element can match satisfies that filter.
 * @param {string | undefined} logic
 * @param {number} count
 * @param {number} index
 */
export function filterIsRequired(logic, count, index) {
    const accepts = compileFilterLogic(logic, count);
    for (let mask = 0; mask < 2 ** count; mask++) {
        const truth = Array.from({ length: count }, (_, i) => Boolean(mask & (2 ** i)));
        if (accepts(truth) && !truth[index]) return false;
    }
    return true;
}
