// Plain-JavaScript entry to the TypeScript flow engine, for node:test files (which run on plain Node, without a
// TypeScript loader): tsx compiles the engine on import.
//   const engine = await loadEngine();   // { FlowRuntime, loadPackage, runSuite, runScenario, ... }
import { tsImport } from 'tsx/esm/api';

export async function loadEngine() {
    const modules = await Promise.all(
        [
            './runtime.ts',
            './project.ts',
            './suite.ts',
            './scenario.ts',
            './flowtest.ts',
            './formula.ts',
            './mutate.ts',
            './interpreter.ts',
            './flow-model.ts',
            './org.ts',
            '../scenarios/index.ts'
        ].map((file) => tsImport(file, import.meta.url))
    );
    return Object.assign({}, ...modules);
}
