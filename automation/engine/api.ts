// Everything the engine offers, from one module: automation/engine/index.mjs loads the engine through this single
// entry so that every class (FlowFault above all, which `instanceof` checks) exists once, whoever imports it.
import * as values from './values.ts';
import * as schema from './schema.ts';
import * as formula from './formula.ts';
import * as org from './org.ts';
import * as flowModel from './flow-model.ts';
import * as interpreter from './interpreter.ts';
import * as runtime from './runtime.ts';
import * as flowtest from './flowtest.ts';
import * as scenario from './scenario.ts';
import * as suite from './suite.ts';
import * as mutate from './mutate.ts';
import * as project from './project.ts';
import * as scenarios from '../scenarios/index.ts';

export const ENGINE_MODULES = [
    values,
    schema,
    formula,
    org,
    flowModel,
    interpreter,
    runtime,
    flowtest,
    scenario,
    suite,
    mutate,
    project,
    scenarios
] as const;
