// Types of the project's node helpers the sync code reuses (scripts/lib, plain JavaScript).
declare module '*/scripts/lib/phone-production.mjs' {
    export function productionMatcher(): Promise<{ orgKey: (country: string, stored: string) => string }>;
}
declare module '*/scripts/lib/lwc-modules.mjs' {
    export interface PhoneMatchModule {
        readIncoming(
            raw: string,
            country: string
        ): { ok: true; identity: { key: string; e164: string } } | { ok: false; reason: string };
    }
    export function loadPhoneMatch(): Promise<PhoneMatchModule>;
}
