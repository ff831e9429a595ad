// Scenario of the headless flow Diamy Call List Rules: the softphone reads the active calling rules
// (Diamy_Calling_Rule__mdt) as text lines, one per rule, that c/diamyCallingRules parses. The lines are those of
// automation/tests/fixtures/calling-rules.lines.json, which the Jest test of c/diamyCallingRules parses: the flow's
// output and the parser meet there (automation/tests/callListRules.test.mjs checks the other cases).
import { readFileSync } from 'node:fs';
import type { Scenario } from '../engine/scenario.ts';
import { USERS as PEOPLE } from './people.ts';

const LINES = JSON.parse(
    readFileSync(new URL('../tests/fixtures/calling-rules.lines.json', import.meta.url), 'utf8')
) as string[];

export const CALL_LIST_RULES_SCENARIOS: Scenario[] = [
    {
        name: 'the softphone reads the shipped calling rules',
        description:
            'An agent runs Diamy Call List Rules: one line per active shipped rule (France and the five overseas departments), by name, and no error.',
        users: { camille: PEOPLE.camille },
        steps: [
            {
                do: 'runFlow',
                flow: 'Diamy_Call_List_Rules',
                as: 'camille',
                outputs: { errorMessage: null },
                collections: { rules: LINES }
            }
        ],
        expect: [{ object: 'Diamy_Integration_Log__c', count: 0, because: 'reading rules logs nothing' }]
    }
];
