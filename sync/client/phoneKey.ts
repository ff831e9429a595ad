// The client's phone match key: diamyPhoneMatch (the module the softphone ships), so that Diamy's server and the
// org agree on which records share a number (docs/MATCHING.md).
import { loadPhoneMatch } from '../../scripts/lib/lwc-modules.mjs';

export type KeyOf = (raw: string | null | undefined) => string;

export async function phoneKeyFunction(defaultCountry: string): Promise<KeyOf> {
    return identityFunction(defaultCountry, 'key');
}

/** A number as Diamy writes it on calls (E.164), '' when it cannot be read: an erasure finds calls by it. */
export async function e164Function(defaultCountry: string): Promise<KeyOf> {
    return identityFunction(defaultCountry, 'e164');
}

async function identityFunction(defaultCountry: string, part: 'key' | 'e164'): Promise<KeyOf> {
    const match = await loadPhoneMatch();
    return (raw) => {
        if (!raw || raw.trim() === '') return '';
        const read = match.readIncoming(raw, defaultCountry);
        return read.ok ? read.identity[part] : '';
    };
}
