// The event half of a fake telephony provider (c/diamyTelephony's `on`), shared by the tests that drive a
// session or the softphone with a fake provider: `emit` plays what Diamy would push.
import type { ProviderEvents } from 'c/diamyTelephony';

export class FakeProviderEvents {
    listeners = new Map<string, Set<(value: unknown) => void>>();

    on = <K extends keyof ProviderEvents>(event: K, listener: (value: ProviderEvents[K]) => void): (() => void) => {
        const set = this.listeners.get(event) ?? new Set();
        set.add(listener as (value: unknown) => void);
        this.listeners.set(event, set);
        return () => set.delete(listener as (value: unknown) => void);
    };

    emit(event: keyof ProviderEvents, value: unknown): void {
        for (const listener of this.listeners.get(event) ?? []) {
            listener(value);
        }
    }
}
