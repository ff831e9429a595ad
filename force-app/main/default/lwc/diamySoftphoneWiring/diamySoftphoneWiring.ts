/**
 * Builds the telephony session of this tab for the softphone: the Diamy client (c/diamyTelephony) with the
 * agent's token supplier, the call log writing through Lightning Data Service (c/diamyCallLog), and the tab
 * election (c/diamyTabLeader) over Web Locks / BroadcastChannel. Kept apart from the component so that the
 * component's tests replace it with a fake provider and session.
 */
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { DiamyTelephony } from 'c/diamyTelephony';
import type { DiamyOptions, TelephonyProvider, TokenSupplier } from 'c/diamyTelephony';
import { CallLogger, classifyError } from 'c/diamyCallLog';
import type { LdsApi, LoggerOptions, StorageLike } from 'c/diamyCallLog';
import { TabLeader } from 'c/diamyTabLeader';
import type { ChannelLike, LockManagerLike } from 'c/diamyTabLeader';
import { TelephonySession, lastSeenStore } from 'c/diamyTelephonySession';

export const CHANNEL_NAME = 'diamy.telephony';

/** Finds the Diamy_Call__c id of a Diamy call id (c-diamy-call-finder's `find`): null when none is visible. */
export type CallRecordFinder = (diamyCallId: string) => Promise<string | null>;

export interface SoftphoneOptions {
    baseUrl: string;
    wsUrl: string;
    tokenSupplier: TokenSupplier;
    /** The running user (Agent__c on the call records; half of every browser storage key). */
    agentUserId: string | null;
    /** Plain http/ws to a loopback host (the workbench's local sandbox); see DiamyOptions. Default false. */
    allowInsecureLoopback?: boolean;
    /**
     * The org id (User.Diamy_Org_Id__c read through LDS); the other half of every browser storage key. Null when
     * it could not be read: then nothing keyed by org and user is read or written in the browser.
     */
    orgId: string | null;
    /** The GraphQL lookup of a call record (the softphone's hidden c-diamy-call-finder). */
    findCallRecordId?: CallRecordFinder;
    /** The admin requires a disposition with every wrap-up: import DISPOSITION_REQUIRED from c/diamyWrapUpPolicy. Default false. */
    dispositionRequired?: boolean;
    /** Told after each call-record write the org accepted (the logger's onWritten): record pages refresh their history. */
    onCallWritten?: (diamyCallId: string) => void;
    /** Timing and observation for the fault suite, which runs this same wiring against the sandbox. */
    tuning?: SoftphoneTuning;
}

/**
 * What the fault suite may change when it builds the softphone with this wiring: how fast the client and the
 * logger retry, how the client reaches the network (to record every URL it opens), where the client's diagnostics
 * go, and a look at the logger this tab creates. No rule of the wiring changes; the softphone passes none.
 */
export interface SoftphoneTuning {
    client?: Pick<DiamyOptions, 'fetch' | 'socketFactory' | 'log' | 'reconnectBaseMs' | 'reconnectMaxMs' | 'commandRetryDelayMs'>;
    logger?: Pick<LoggerOptions, 'baseDelayMs' | 'maxDelayMs'>;
    onLogger?: (logger: CallLogger) => void;
}

export interface Softphone {
    provider: TelephonyProvider;
    session: TelephonySession;
    /** The browser's localStorage (null when refused); keyed uses go through storageKey(prefix, orgId, userId). */
    storage: StorageLike | null;
    /** Saves the org answered DUPLICATE_VALUE (already saved: harmless, counted). */
    saves: SaveCounts;
}

export interface SaveCounts {
    duplicates: number;
    duplicateCallIds: string[];
}

const MAX_COUNTED_IDS = 50;

/**
 * Counts the call record creations the org refused as DUPLICATE_VALUE (the call was already logged, by this
 * browser before or by another): the logger counts them as saved; this only makes them visible.
 */
export function countDuplicates(lds: LdsApi, counts: SaveCounts): LdsApi {
    return {
        ...lds,
        createRecord: (input) =>
            lds.createRecord(input).catch((error: unknown) => {
                if (classifyError(error).kind === 'duplicate') {
                    counts.duplicates += 1;
                    const id = input.fields.Diamy_Call_Id__c;
                    if (typeof id === 'string' && counts.duplicateCallIds.length < MAX_COUNTED_IDS) {
                        counts.duplicateCallIds.push(id);
                    }
                }
                throw error;
            })
    };
}

/** A channel that hears nothing: without BroadcastChannel the tab is alone (and leads through Web Locks or the lease). */
const silentChannel = (): ChannelLike => ({ postMessage: () => undefined, close: () => undefined, onmessage: null });

interface BrowserGlobals {
    BroadcastChannel?: new (name: string) => ChannelLike;
    navigator?: { locks?: LockManagerLike };
    localStorage?: StorageLike;
    crypto?: { randomUUID?: () => string };
}

/**
 * LDS for the call log: createRecord / updateRecord, and the call record lookup through the finder's GraphQL
 * wire (LWC has no imperative GraphQL). Without a finder (no component on the page) the lookup rejects: the
 * record may well exist, it just cannot be looked up from here.
 */
export function ldsApi(findCallRecordId?: CallRecordFinder): LdsApi {
    return {
        createRecord: (input) => createRecord(input),
        updateRecord: (input) => updateRecord(input),
        findCallRecordId: findCallRecordId ?? (() => Promise.reject(new Error('No call record finder on this page')))
    };
}

function storageOf(browser: BrowserGlobals): StorageLike | null {
    try {
        return browser.localStorage ?? null;
    } catch {
        // Storage denied (privacy settings): the logger keeps its queue in memory for this page.
        return null;
    }
}

export function createSoftphone(
    options: SoftphoneOptions,
    browser: BrowserGlobals = globalThis as unknown as BrowserGlobals
): Softphone {
    const provider = new DiamyTelephony({
        ...options.tuning?.client,
        baseUrl: options.baseUrl,
        wsUrl: options.wsUrl,
        tokenSupplier: options.tokenSupplier,
        allowInsecureLoopback: options.allowInsecureLoopback === true
    });
    const tabId = browser.crypto?.randomUUID?.() ?? `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const channel = typeof browser.BroadcastChannel === 'function' ? new browser.BroadcastChannel(CHANNEL_NAME) : silentChannel();
    const leader = new TabLeader({ tabId, locks: browser.navigator?.locks ?? null, channel });
    const storage = storageOf(browser);
    const saves: SaveCounts = { duplicates: 0, duplicateCallIds: [] };
    const session = new TelephonySession({
        provider,
        leader,
        agentUserId: options.agentUserId,
        dispositionRequired: options.dispositionRequired === true,
        // The records a call was placed for (a call list's campaign and member) survive a reload until it is logged.
        storage,
        orgId: options.orgId,
        createLogger: () => {
            const logger = new CallLogger({
                ...options.tuning?.logger,
                lds: countDuplicates(ldsApi(options.findCallRecordId), saves),
                storage,
                orgId: options.orgId,
                agentUserId: options.agentUserId,
                source: 'diamySoftphone',
                onWritten: options.onCallWritten
            });
            options.tuning?.onLogger?.(logger);
            return logger;
        },
        reconcile: {
            recentCalls: (query) => provider.recentCalls(query),
            store: lastSeenStore(storage, options.orgId, options.agentUserId)
        }
    });
    return { provider, session, storage, saves };
}
