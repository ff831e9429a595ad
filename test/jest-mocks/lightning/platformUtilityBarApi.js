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

/** The utility's state; an unknown utility starts as the app defines the softphone's item (label "Diamy"). */
export const getInfo = jest.fn((utilityId) =>
    Promise.resolve({
        id: utilityId,
        utilityLabel: 'Diamy',
        utilityIcon: 'call',
        utilityHighlighted: false,
        utilityVisible: false,
        ...(state[utilityId]?.label ? { utilityLabel: state[utilityId].label } : {}),
        ...(state[utilityId]?.icon ? { utilityIcon: state[utilityId].icon } : {})
    })
);

export const __utilityState = (utilityId) => state[utilityId];
export function __reset() {
    state = {};
}
