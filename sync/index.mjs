// Plain-JavaScript entry to the TypeScript stand-in and client, for node:test files and the sandbox's scripts
// (plain Node, no TypeScript loader): tsx compiles the .ts modules on import.
import { tsImport } from 'tsx/esm/api';

export async function loadStandIn() {
    return tsImport('./standin/server.ts', import.meta.url);
}

export async function loadClient() {
    return tsImport('./client/client.ts', import.meta.url);
}
