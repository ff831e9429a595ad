// What a UI API GraphQL document selects, and the answer cut to it (the workbench's lightning/graphql double,
// graphql.js, and the node tests of the answerers use it). Pure: no import.
// What the document selects: a small reader of GraphQL selection sets (fields, arguments skipped, inline fragments
// `... on User { }` merged into their parent), enough for the package's documents.

const TOKEN = /\.\.\.|[{}()[\]:$!,=]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*/g;

export function selectionOf(source) {
    const tokens = source.match(TOKEN) ?? [];
    let at = 0;
    const skipParentheses = () => {
        let depth = 0;
        do {
            if (tokens[at] === '(') depth += 1;
            if (tokens[at] === ')') depth -= 1;
            at += 1;
        } while (depth > 0 && at < tokens.length);
    };
    const selectionSet = () => {
        const fields = {};
        at += 1; // {
        while (at < tokens.length && tokens[at] !== '}') {
            if (tokens[at] === '...') {
                at += 3; // ... on Type
                Object.assign(fields, selectionSet());
                continue;
            }
            const name = tokens[at];
            at += 1;
            if (tokens[at] === ':') {
                // An alias (`lastSuccess: Diamy_Integration_Log__c(...)`): the answer is keyed by the alias, as the
                // platform's is (answerers of aliased documents answer under the alias).
                at += 2;
            }
            if (tokens[at] === '(') skipParentheses();
            fields[name] = tokens[at] === '{' ? selectionSet() : true;
        }
        at += 1; // }
        return fields;
    };
    while (at < tokens.length && tokens[at] !== '{') {
        if (tokens[at] === '(') skipParentheses();
        else at += 1;
    }
    return selectionSet();
}

export class UndefinedField extends Error {}

/** Keeps what the selection asks for; a selected field the data does not have is an error, as in the org. */
export function select(data, selection, path) {
    if (selection === true || data === null || data === undefined) return data;
    if (Array.isArray(data)) return data.map((item) => select(item, selection, path));
    const out = {};
    for (const [name, inner] of Object.entries(selection)) {
        if (!Object.prototype.hasOwnProperty.call(data, name)) {
            throw new UndefinedField(`Validation error of type FieldUndefined: Field '${name}' is undefined @ '${[...path, name].join('/')}'`);
        }
        out[name] = select(data[name], inner, [...path, name]);
    }
    return out;
}

