// lightning/platformUtilityBarApi (not stubbed by sfdx-lwc-jest): the enclosing utility id as a wire adapter,
// and open / minimize / updateUtility recording their calls and keeping the utility's current state.
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const EnclosingUtilityId = createTestWireAdapter(jest.fn());

let state = {};

export const open = jest.fn((utilityId) => {
    state[utilityId] = { ...state[utilityId], open: true };
    return Promise.resolve(true);
});
export const minimize = jest.fn((utilityId) => {
    state[utilityId] = { ...state[utilityId], open: false };
    return Promise.resolve(true);
});
export const updateUtility = jest.fn((utilityId, options) => {
    state[utilityId] = { ...state[utilityId], ...options };
    return Promise.resolve(true);
});

export const __utilityState = (utilityId) => state[utilityId];
export function __reset() {
    state = {};
}
