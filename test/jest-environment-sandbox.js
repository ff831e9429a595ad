// Jest environment for the suites that talk to the real Diamy sandbox over real sockets: the jsdom environment
// the LWC preset needs, plus Node's own networking globals (fetch and friends), and package resolution with
// Node export conditions so that `ws` loads its Node implementation instead of its browser stub.
const { TestEnvironment } = require('jest-environment-jsdom');

const NODE_GLOBALS = ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'AbortController', 'AbortSignal', 'setImmediate', 'clearImmediate', 'TextEncoder', 'TextDecoder'];

class SandboxEnvironment extends TestEnvironment {
    constructor(config, context) {
        super(config, context);
        for (const name of NODE_GLOBALS) {
            if (globalThis[name] !== undefined) {
                this.global[name] = globalThis[name];
            }
        }
        this.customExportConditions = ['node', 'node-addons'];
    }
}

module.exports = SandboxEnvironment;
