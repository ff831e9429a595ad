// lightning/graphql for jest: the sfdx-lwc-jest stub, except that gql returns the query text it was given
// (as { source }), so that tests can check the documents a service module builds.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export class graphql extends createTestWireAdapter() {
    static emit(value, filterFn, refreshFn) {
        super.emit({ data: value, errors: undefined, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
    }

    static emitErrors(errors, filterFn, refreshFn) {
        super.emit({ data: undefined, errors, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
    }

    constructor(dataCallback) {
        super(dataCallback);
        graphql.emit(undefined);
    }
}

export const gql = jest.fn((literals, ...substitutions) => ({
    source: literals.reduce((text, literal, index) => text + literal + (index < substitutions.length ? String(substitutions[index]) : ''), '')
}));
