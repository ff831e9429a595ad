// Plain-JavaScript entry to the TypeScript sandbox, for node:test files and jest's globalSetup (which run
// on plain Node, without a TypeScript loader): tsx compiles sandbox/server.ts on import.
//   import { startSandbox } from '<root>/sandbox/index.mjs';
//   const sandbox = await startSandbox({ port: 0 }); // { url, wsUrl, port, close() }
import { tsImport } from 'tsx/esm/api';

/** @param {{ port?: number, host?: string, log?: boolean | NodeJS.WritableStream, config?: object, controlOrigins?: string[] }} [options] */
export async function startSandbox(options = {}) {
    const server = await tsImport('./server.ts', import.meta.url);
    return server.startSandbox(options);
}
