// Shared fixtures of the c/diamyCallLog unit suites (diamyCallLog.test.ts, diamyCallLog.boundaries.test.ts): the
// agent, org and storage key, a finished call, a manual clock with timers, and setup() — a logger on the fake org
// (which applies the package's validation rules and unique ids) and an in-memory storage.
import { CallLogger, storageKeyFor } from 'c/diamyCallLog';
import type { LdsApi } from 'c/diamyCallLog';
import type { CompletedCall } from 'c/diamyCallRecord';
import { DEFAULT_RUNNING_USER_ID, FakeOrg, MemoryStorage } from './diamyFakeOrg';

export const AGENT = DEFAULT_RUNNING_USER_ID;
export const OTHER_AGENT = '005000000000002AAA';
export const ORG = '00D000000000001AAA';
/** Ids in their 15-character form: the same org and user whether the wiring passes 15 or 18 characters. */
export const KEY = storageKeyFor(ORG, AGENT);
export const DAY = 24 * 60 * 60 * 1000;

export function completed(id: string, overrides: Partial<CompletedCall> = {}): CompletedCall {
    return {
        diamyCallId: id,
        direction: 'Inbound',
        outcome: 'Answered',
        from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont' },
        to: { number: '+33184880000', e164: '+33184880000', name: null },
        startedAt: '2026-11-25T09:00:00.000Z',
        answeredAt: '2026-11-25T09:00:10.000Z',
        endedAt: '2026-11-25T09:02:00.000Z',
        agentUserId: AGENT,
        source: 'Softphone',
        ...overrides
    };
}

/** A manual clock and timer queue. */
export class Clock {
    time = 1_000_000;
    timers: { at: number; fn: () => void; handle: number; ms: number }[] = [];
    private handles = 0;
    now = (): number => this.time;
    setTimer = (fn: () => void, ms: number): unknown => {
        this.handles += 1;
        this.timers.push({ at: this.time + ms, fn, handle: this.handles, ms });
        this.timers.sort((a, b) => a.at - b.at);
        return this.handles;
    };
    clearTimer = (handle: unknown): void => {
        this.timers = this.timers.filter((t) => t.handle !== handle);
    };
    nextDelay(): number | null {
        const next = this.timers[0];
        return next ? next.at - this.time : null;
    }
    async tick(): Promise<void> {
        const next = this.timers.shift();
        if (!next) {
            return;
        }
        this.time = Math.max(this.time, next.at);
        next.fn();
        await settle();
    }
}

export async function settle(): Promise<void> {
    for (let i = 0; i < 50; i += 1) {
        await Promise.resolve();
    }
}

export interface SetupOptions {
    maxAttempts?: number;
    storage?: MemoryStorage | null;
    org?: FakeOrg;
    lds?: LdsApi;
    clock?: Clock;
    agentUserId?: string | null;
    lookupAttempts?: number;
    maxAgeMs?: number;
    newId?: () => string;
    onWritten?: (diamyCallId: string) => void;
    source?: string;
    orgId?: string | null;
    storageKey?: string;
}

export function setup(options: SetupOptions = {}) {
    const org = options.org ?? new FakeOrg();
    const storage = options.storage === undefined ? new MemoryStorage() : options.storage;
    const clock = options.clock ?? new Clock();
    const logger = new CallLogger({
        lds: options.lds ?? org,
        storage,
        orgId: options.orgId === undefined ? ORG : options.orgId,
        storageKey: options.storageKey,
        agentUserId: options.agentUserId === undefined ? AGENT : options.agentUserId,
        now: clock.now,
        random: () => 0.5,
        setTimer: clock.setTimer,
        clearTimer: clock.clearTimer,
        maxAttempts: options.maxAttempts ?? 3,
        baseDelayMs: 1000,
        lookupAttempts: options.lookupAttempts,
        maxAgeMs: options.maxAgeMs,
        source: options.source,
        newId: options.newId,
        onWritten: options.onWritten
    });
    return { org, storage: storage as MemoryStorage, clock, logger };
}
