// lightning/graphql for jest: the sfdx-lwc-jest stub (test wire adapter: tests emit answers by hand), except that
// gql returns the query text it was given (as { source }), so that tests can check the documents a service module
// builds — plus an optional stateful mode, no kinder than the platform:
//   graphql.answerWith(resolver)  resolver(config) → { data, errors } | undefined (undefined: the mock does not
//                                 know the query; the wire stays loading, as a query that never answers)
//   graphql.reset()               back to the plain stub (call it in afterEach)
// In stateful mode every wire instance answers its config itself, only through the wire and never synchronously
// (a macrotask later); an answer for a config the component has since changed is dropped; answers are cached by
// query text and variables (a repeated config is answered from the cache, as the platform's cache-first policy
// would) and only the result's refresh() asks the resolver again. The resolver decides what the running user may
// see (test/diamyGraphqlOrg.ts answers from the fake org's visible records only).
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

let resolver = null;
const cache = new Map();
let queries = 0;

function keyOf(config) {
    return JSON.stringify([config.query && config.query.source ? config.query.source : '', config.variables ?? null]);
}

function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export class graphql extends createTestWireAdapter() {
    static emit(value, filterFn, refreshFn) {
        super.emit({ data: value, errors: undefined, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
    }

    static emitErrors(errors, filterFn, refreshFn) {
        super.emit({ data: undefined, errors, ...(refreshFn !== undefined && { refresh: refreshFn }) }, filterFn);
    }

    /** Stateful mode: answers come from the resolver (see above). */
    static answerWith(fn) {
        resolver = fn;
        cache.clear();
        queries = 0;
    }

    static reset() {
        resolver = null;
        cache.clear();
        queries = 0;
    }

    /** How many times the resolver was asked (cache misses and refreshes): the "server" round trips. */
    static get queryCount() {
        return queries;
    }

    constructor(dataCallback) {
        super(dataCallback);
        graphql.emit(undefined);
    }

    update(config) {
        super.update(config);
        if (resolver && config && config.query) {
            this.answer(config, false);
        }
    }

    answer(config, fresh) {
        return new Promise((resolve) => {
            setTimeout(() => {
                const current = this.getConfig();
                if (current !== config || !this.constructor._wireInstances.has(this) || !resolver) {
                    resolve();
                    return;
                }
                const key = keyOf(config);
                let answer = fresh ? undefined : cache.get(key);
                if (answer === undefined) {
                    queries += 1;
                    answer = clone(resolver(config));
                    if (answer === undefined) {
                        resolve();
                        return;
                    }
                    cache.set(key, answer);
                }
                const copy = clone(answer);
                this.emit({ data: copy.data, errors: copy.errors, refresh: () => this.answer(config, true) });
                resolve();
            }, 0);
        });
    }
}

export const gql = jest.fn((literals, ...substitutions) => ({
    source: literals.reduce((text, literal, index) => text + literal + (index < substitutions.length ? String(substitutions[index]) : ''), '')
}));
