// Every scenario the flow engine runs (npm run flowtests). Add a module here when a flow gets scenarios.
import type { Scenario } from '../engine/scenario.ts';
import { CALL_SCENARIOS } from './calls.ts';

export const SCENARIOS: Scenario[] = [...CALL_SCENARIOS];
