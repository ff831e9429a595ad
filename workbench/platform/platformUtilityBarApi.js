// lightning/platformUtilityBarApi for the workbench: one utility item ("Phone") in the page's utility bar;
// open/minimize/updateUtility change the page chrome (label, highlight, open panel) and are logged.
// (State and listeners live in bus.js: the LWC compiler gives this module its own instance.)
import { WireAdapter, utility, utilityChanged as changed } from './bus.js';

export const UTILITY_ID = 'diamy-softphone-utility';

export class EnclosingUtilityId extends WireAdapter {
    connect() {
        super.connect();
        this.emit(UTILITY_ID);
    }
}

const known = (utilityId) =>
    utilityId === UTILITY_ID ? Promise.resolve(true) : Promise.reject(new Error(`Unknown utility ${utilityId}`));

export function open(utilityId, options) {
    utility.open = true;
    changed('utility open', { utilityId, options });
    return known(utilityId);
}
export function minimize(utilityId) {
    utility.open = false;
    changed('utility minimize', { utilityId });
    return known(utilityId);
}
export function updateUtility(utilityId, options) {
    Object.assign(utility, options);
    changed('utility update', { utilityId, options });
    return known(utilityId);
}
export function getInfo(utilityId) {
    return known(utilityId).then(() => ({
        id: UTILITY_ID,
        utilityLabel: utility.label,
        utilityIcon: utility.icon,
        utilityHighlighted: utility.highlighted,
        utilityVisible: utility.open
    }));
}
export function getEnclosingUtilityId() {
    return Promise.resolve(UTILITY_ID);
}
