// Every scenario the flow engine runs (npm run flowtests). Add a module here when a flow gets scenarios.
import type { Scenario } from '../engine/scenario.ts';
import { CALL_SCENARIOS } from './calls.ts';
import { FOLLOW_UP_SCENARIOS } from './followUps.ts';
import { AGENT_SESSION_SCENARIOS } from './agentSession.ts';
import { PHONE_KEY_SCENARIOS } from './phoneKeys.ts';
import { TRUST_SCENARIOS } from './trust.ts';
import { REQUEST_SCENARIOS } from './requests.ts';
import { LEAD_CONVERSION_SCENARIOS } from './leadConversion.ts';
import { CONVERSION_SCENARIOS } from './conversion.ts';
import { CALL_LIST_SCENARIOS } from './callLists.ts';
import { CALL_LIST_RULES_SCENARIOS } from './callListRules.ts';
import { RETENTION_SCENARIOS } from './retention.ts';
import { ERASURE_SCENARIOS } from './erasure.ts';

export const SCENARIOS: Scenario[] = [
    ...CALL_SCENARIOS,
    ...FOLLOW_UP_SCENARIOS,
    ...REQUEST_SCENARIOS,
    ...TRUST_SCENARIOS,
    ...LEAD_CONVERSION_SCENARIOS,
    ...CONVERSION_SCENARIOS,
    ...CALL_LIST_SCENARIOS,
    ...AGENT_SESSION_SCENARIOS,
    ...CALL_LIST_RULES_SCENARIOS,
    ...PHONE_KEY_SCENARIOS,
    ...RETENTION_SCENARIOS,
    ...ERASURE_SCENARIOS
];
