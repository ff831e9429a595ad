// The package as the engine loads it: schema and flows of every metadata directory of the repository (the package,
// org-tests and the connection template), read from the files the package ships.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProjectSchema } from './schema.ts';
import type { ProjectSchema } from './schema.ts';
import { parseFlow } from './flow-model.ts';
import type { FlowModel } from './flow-model.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Package directories of sfdx-project.json and the connection steps. */
export function metadataRoots(root = ROOT): string[] {
    const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories: { path: string }[];
    };
    return [
        ...project.packageDirectories.map((d) => join(root, d.path)),
        join(root, 'connection', 'credentials'),
        join(root, 'connection', 'agent-session')
    ].filter((dir) => existsSync(dir));
}

function* files(dir: string, suffix: string): Generator<string> {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) yield* files(full, suffix);
        else if (entry.name.endsWith(suffix)) yield full;
    }
}

/** Every flow file of the project (path → XML), so that a mutation run can replace one in memory. */
export function flowSources(root = ROOT): Map<string, string> {
    const out = new Map<string, string>();
    for (const dir of metadataRoots(root))
        for (const file of files(dir, '.flow-meta.xml')) out.set(file, readFileSync(file, 'utf8'));
    return out;
}

export function flowTestFiles(root = ROOT): string[] {
    return metadataRoots(root)
        .flatMap((dir) => [...files(dir, '.flowtest-meta.xml')])
        .sort();
}

export interface LoadedProject {
    schema: ProjectSchema;
    flows: FlowModel[];
}

let cachedSchema: ProjectSchema | null = null;

/**
 * A screen flow with screens (processType Flow): the engine does not run screens (docs/FLOW-ENGINE.md), so such a
 * flow is kept thin (screens and subflow calls) and its subflows are what the scenarios run. A flow of any other
 * type with a screen is still refused by parseFlow.
 */
export function isScreenFlow(xml: string): boolean {
    return /<processType>Flow<\/processType>/.test(xml) && /<screens>/.test(xml);
}

/** Schema and flows; `sources` replaces the flow files read from disk (mutation runs). Screen flows are left out. */
export function loadPackage(sources: Map<string, string> = flowSources(), root = ROOT): LoadedProject {
    cachedSchema ??= loadProjectSchema(metadataRoots(root));
    return {
        schema: cachedSchema,
        flows: [...sources]
            .filter(([, xml]) => !isScreenFlow(xml))
            .map(([file, xml]) => parseFlow(xml, file))
            .sort((a, b) => a.name.localeCompare(b.name))
    };
}
