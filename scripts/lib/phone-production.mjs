// The production matching pipeline, offline: the org key of a stored value comes from the formula text of the
// committed flow (evaluated with formulon), the incoming key and the verification from the diamyPhoneMatch
// service module (libphonenumber-js), exactly as the softphone runs them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flowFormulas, evaluateFormula } from './flow-formula.mjs';
import { loadPhoneMatch } from './lwc-modules.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const CONTACT_FLOW = join(ROOT, 'force-app', 'main', 'default', 'flows', 'Diamy_Contact_Phone_Keys.flow-meta.xml');
const SETTING = '$Setup.Diamy_Settings__c.Default_Country__c';

export async function productionMatcher() {
    const match = await loadPhoneMatch();
    const formulas = flowFormulas(CONTACT_FLOW);
    /** The key the org stores for a Contact whose Phone is `stored` (blank → ''). */
    const orgKey = (country, stored) => String(evaluateFormula(formulas, 'Phone_Key', { '$Record.Phone': stored, [SETTING]: country }) ?? '');
    /** The browser side: key of the incoming number, or the reason it is not matchable. */
    const browserKey = (country, incoming) => {
        const read = match.readIncoming(incoming, country);
        return read.ok ? read.identity.key : `(${read.reason})`;
    };
    /** true when production would pop the record holding `stored` for a call from `incoming`. */
    const matches = (country, incoming, stored) => {
        const read = match.readIncoming(incoming, country);
        if (!read.ok) {
            return false;
        }
        const key = orgKey(country, stored);
        return key === read.identity.key && match.verifyStored(read.identity, stored, key);
    };
    return { orgKey, browserKey, matches };
}
