// Plain-JavaScript entry to the TypeScript flow engine, for node:test files (which run on plain Node, without a
// TypeScript loader): tsx compiles the engine on import.
//   const engine = await loadEngine();   // { FlowRuntime, loadPackage, runSuite, runScenario, SCENARIOS, ... }
// One tsImport of one entry module: each tsImport call loads its own copy of the modules it reaches, and two copies
// of interpreter.ts would make a FlowFault thrown by a scenario's action fail `instanceof FlowFault` in the engine.
import { tsImport } from 'tsx/esm/api';

export async function loadEngine() {
    const { ENGINE_MODULES } = await tsImport('./api.ts', import.meta.url);
    return Object.assign({}, ...ENGINE_MODULES);
}
