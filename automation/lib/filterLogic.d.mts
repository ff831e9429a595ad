// Types of filterLogic.mjs for the TypeScript flow engine (automation/engine), which evaluates filter logic with it.
export function compileFilterLogic(logic: string | undefined, count: number): (truth: boolean[]) => boolean;
export function filterIsRequired(logic: string | undefined, count: number, index: number): boolean;
