// How the stand-in computes the phone match keys the org's before-save flows store (docs/MATCHING.md).
// 'formula': the committed flow's formula evaluated with formulon, like `npm run phone` (about 35 ms a record);
// 'module': diamyPhoneMatch's key of the number read with the org's default country, which scripts/tests prove
// equal to the formula on the phone corpus — used where thousands of records make the formula too slow.
import { productionMatcher } from '../../scripts/lib/phone-production.mjs';
import { loadPhoneMatch } from '../../scripts/lib/lwc-modules.mjs';

export type OrgKey = (country: string, stored: string) => string;

export async function orgKeyFunction(kind: 'formula' | 'module'): Promise<OrgKey> {
    const cache = new Map<string, string>();
    let compute: OrgKey;
    if (kind === 'formula') {
        compute = (await productionMatcher()).orgKey;
    } else {
        const match = await loadPhoneMatch();
        compute = (country, stored) => {
            const read = match.readIncoming(stored, country);
            return read.ok ? read.identity.key : '';
        };
    }
    return (country, stored) => {
        if (stored.trim() === '') return '';
        const id = `${country}\u0000${stored}`;
        let key = cache.get(id);
        if (key === undefined) {
            key = compute(country, stored);
            cache.set(id, key);
        }
        return key;
    };
}
