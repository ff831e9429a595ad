// Loads LWC service modules (TypeScript sources) in Node, through the hooks of lwc-loader-hooks.mjs. Used by
// `npm run phone`, the phone benchmark and the node:test suites, so that they run the code that ships.
import { register } from 'node:module';

let registered = false;

function ensureHooks() {
    if (!registered) {
        register('./lwc-loader-hooks.mjs', import.meta.url);
        registered = true;
    }
}

/** @returns {Promise<any>} the diamyPhoneMatch service module, once its phone metadata (a dynamic import) is loaded */
export async function loadPhoneMatch() {
    ensureHooks();
    const match = await import('c/diamyPhoneMatch');
    await match.phoneMetadataReady();
    return match;
}
