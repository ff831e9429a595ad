// @lwc/jest-transformer, with a cache key that depends on coverage instrumentation. Its own getCacheKey ignores
// `instrument`, and Jest then reuses a file transformed by a run without --coverage in a run with it: that file
// reports no coverage at all ("Coverage data for ./…/ was not found") and the gate fails for no real reason.
// The cache directory is shared by every checkout on the machine, so this happened as soon as anyone ran jest
// without coverage first.
const lwcTransformer = require('@lwc/jest-transformer');

module.exports = {
    ...lwcTransformer,
    getCacheKey(sourceText, sourcePath, options) {
        return `${lwcTransformer.getCacheKey(sourceText, sourcePath, options)}${options && options.instrument ? ':instrumented' : ''}`;
    }
};
