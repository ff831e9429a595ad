// The client's phone match key: diamyPhoneMatch (the module the softphone ships), so that Diamy's server and the
// org agree on which records share a number (docs/MATCHING.md).
import { loadPhoneMatch } from '../../scripts/lib/lwc-modules.mjs';

export type KeyOf = (raw: string | null | undefined) => string;

export async function phoneKeyFunction(defaultCountry: string): Promise<KeyOf> {
    const match = await loadPhoneMatch();
    return (raw) => {
        if (!raw || raw.trim() === '') return '';
        const read = match.readIncoming(raw, defaultCountry);
        return read.ok ? read.identity.key : '';
    };
}
