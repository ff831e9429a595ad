// formulon ships no types: the part of its API the engine uses.
declare module 'formulon' {
    const formulon: {
        parse(formula: string, variables: Record<string, unknown>): unknown;
        extract(formula: string): string[];
    };
    export default formulon;
}
