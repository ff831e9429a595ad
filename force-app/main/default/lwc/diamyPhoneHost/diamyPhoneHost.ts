/**
 * The softphone's side of the record pages' requests (c/diamyPhoneChannel): answers pings, places a record page's
 * call, adds a note typed on a record page to the call's wrap-up, fetches a recording link. The softphone loads it
 * with a dynamic import (it is not needed to get ready: docs/PERFORMANCE.md) and reaches it through a typed port,
 * so the rules live here as plain code and the component only applies what it is told.
 */
import { readPhoneMessage } from 'c/diamyPhoneChannel';
import type {
    CurrentCall,
    CurrentCallPhase,
    DialMessage,
    NoteMessage,
    PhoneMessage,
    PhoneRefusal,
    RecordingMessage,
    ResultMessage,
    SoftphoneAvailability
} from 'c/diamyPhoneChannel';
import type { RelatedRecords } from 'c/diamyCallRecord';
import type { DialTarget } from 'c/diamyTelephony';
import { checkFollowUp } from 'c/diamyFollowUp';
import { dialTarget, partyView } from 'c/diamySoftphoneService';
import type { WrapUpForm } from 'c/diamySoftphoneService';
import type { CallPhase, CallView } from 'c/diamyCallState';
import type { ConnectionState } from 'c/diamyTelephony';
import type { Role } from 'c/diamyTabLeader';
import { isPhoneMetadataLoaded, phoneMetadataReady } from 'c/diamyPhoneMatch';
import UNKNOWN_CALLER from '@salesforce/label/c.Diamy_Softphone_Unknown_Caller';


/** What a record page may ask of this softphone now. */
export function availabilityOf(softphone: { role: Role | 'stopped'; connection: ConnectionState; tokenError: boolean; busy: boolean }): SoftphoneAvailability {
    if (softphone.role !== 'leader') {
        // A follower mirrors the tab that owns the phone; a stopped tab has no phone at all.
        return softphone.role === 'follower' ? 'other_tab' : 'offline';
    }
    if (softphone.tokenError || softphone.connection === 'offline') {
        return 'offline';
    }
    if (softphone.connection !== 'connected') {
        return 'connecting';
    }
    return softphone.busy ? 'on_call' : 'ready';
}

const CURRENT_PHASE: Partial<Record<CallPhase, CurrentCallPhase>> = {
    ringing_in: 'ringing',
    dialing: 'dialing',
    ringing_out: 'dialing',
    connected: 'connected',
    consulting: 'connected',
    conferencing: 'connected',
    on_hold: 'on_hold',
    wrap_up: 'wrap_up'
};

/** The softphone's main call as the record pages see it (null when there is none, or in a phase they do not show). */
export function currentCallOf(view: CallView | null, related: RelatedRecords | undefined, unknownCaller = ''): CurrentCall | null {
    const phase = view ? CURRENT_PHASE[view.phase] : undefined;
    if (!view || !phase) {
        return null;
    }
    const party = partyView(view.call);
    return {
        callId: view.call.id,
        direction: view.call.direction,
        phase,
        // A name only when Diamy knows one (the title falls back to the number or "Unknown caller").
        name: party.withheld || party.title === party.dial || party.title === unknownCaller ? '' : party.title,
        number: party.dial,
        withheld: party.withheld,
        answeredAt: view.call.answered_at,
        related: { ...related }
    };
}

/**
 * A note (and a follow-up task) sent from a record page, added to the call's wrap-up form: the text on a new line
 * after what is there, the follow-up switched on with its subject and due date. The form is otherwise unchanged.
 */
export function addNoteToForm(form: WrapUpForm, text: string, followUp: { subject: string; dueDate: string } | null): WrapUpForm {
    const note = text.trim();
    const merged = { ...form };
    if (note !== '') {
        merged.notes = form.notes.trim() === '' ? note : `${form.notes.replace(/\s+$/, '')}\n${note}`;
    }
    if (followUp) {
        merged.followUpOn = true;
        merged.followUpSubject = followUp.subject.trim();
        merged.followUpDueDate = followUp.dueDate;
    }
    return merged;
}

/** The softphone as the record pages see it, read at the moment a message goes out. */
export interface SoftphoneSnapshot {
    role: Role | 'stopped';
    connection: ConnectionState;
    tokenError: boolean;
    /** Ringing, on a call or in wrap-up. */
    busy: boolean;
    /** The call on screen (a follower: the owner tab's), null when none. */
    main: CallView | null;
}

/** The wrap-up form of a call a note can join: its values now, and how to keep new ones. */
export interface NoteTarget {
    form: WrapUpForm;
    save(form: WrapUpForm): void;
}

/** What the requests need of the softphone. */
export interface SoftphonePort {
    snapshot(): SoftphoneSnapshot;
    /** The agent's country: numbers from records are read for it. */
    agentCountry(): string;
    /** The user's today (YYYY-MM-DD): the earliest follow-up due date. */
    today(): string;
    /** Places the call with Diamy (the Diamy client's dial). */
    dial(target: DialTarget, toName: string): Promise<{ id: string }>;
    /** A short-lived signed link to a call's recording (the Diamy client's recordingLink). */
    recordingLink(diamyCallId: string): Promise<{ url: string; expiresAt: string }>;
    /** Opens the softphone's utility (a call placed from a record page is followed there). */
    openUtility(): void;
    /** The call placed for a record page: tie it to that page's records (the session logs it with them). */
    placed(callId: string, related: RelatedRecords): void;
    /** A failed command: shown and reported by the softphone; returns the message the agent reads. */
    failed(error: unknown): string;
    /** The labelled message of a failure the softphone does not show (it is the record page's to show). */
    describe(error: unknown): string;
    /** The wrap-up form a note for this call joins: the call on the line (its draft) or in wrap-up; null otherwise. */
    noteTarget(callId: string): NoteTarget | null;
    send(message: PhoneMessage): void;
}

function result(requestId: string, reason: PhoneRefusal | null, extra: Partial<Pick<ResultMessage, 'message' | 'callId' | 'url' | 'expiresAt'>> = {}): ResultMessage {
    return { v: 1, type: 'result', replyTo: requestId, ok: reason === null, reason, message: '', ...extra };
}

export class PhoneRequests {
    private readonly port: SoftphonePort;
    /** A record page's call is being placed: a second request waits for no one, it is refused. */
    private dialing = false;
    /** The last state published (a change is published once). */
    private stateKey = '';
    /** The records each call is tied to (a record page's dial, the caller popup's choice), the newest 20. */
    private readonly relations = new Map<string, RelatedRecords>();
    /** Calls placed from a record page: their records are known, their number is not looked up. */
    private readonly fromRecordPage = new Set<string>();

    constructor(port: SoftphonePort) {
        this.port = port;
    }

    /** True while a record page's call is being placed (the softphone does not look its number up meanwhile). */
    get placing(): boolean {
        return this.dialing;
    }

    /** A call is tied to records (the caller popup's choice, a record page's dial): the record pages see it (state, logged). */
    relate(callId: string, related: RelatedRecords): void {
        this.relations.delete(callId);
        this.relations.set(callId, { ...related });
        for (const oldest of [...this.relations.keys()].slice(0, Math.max(0, this.relations.size - 20))) {
            this.relations.delete(oldest);
        }
        // The record pages see the call's records at once (nothing else may change on screen until it is answered).
        this.publishState(null);
    }

    /** A call placed from a record page (its records are the page's: no lookup, no popup choice). */
    isFromRecordPage(callId: string): boolean {
        return this.fromRecordPage.has(callId);
    }

    /** The call log wrote a call's record: the call histories of its records refresh. */
    logged(diamyCallId: string): void {
        this.port.send({ v: 1, type: 'logged', diamyCallId, related: { ...this.relations.get(diamyCallId) } });
    }

    private availability(): SoftphoneAvailability {
        return availabilityOf(this.port.snapshot());
    }

    /** The softphone's state: an answer to a ping (replyTo), or a change, published once (replyTo null). */
    publishState(replyTo: string | null): void {
        const snapshot = this.port.snapshot();
        const availability = availabilityOf(snapshot);
        const call = currentCallOf(snapshot.main, snapshot.main ? this.relations.get(snapshot.main.call.id) : undefined, UNKNOWN_CALLER);
        const key = JSON.stringify([availability, call]);
        if (replyTo === null && key === this.stateKey) {
            return;
        }
        this.stateKey = key;
        this.port.send({ v: 1, type: 'state', replyTo, availability, call });
    }

    /** A message heard on the channel: requests are answered, anything else (or malformed) is ignored. */
    receive(raw: unknown): Promise<void> {
        const message = readPhoneMessage(raw);
        switch (message?.type) {
            case 'ping':
                this.publishState(message.requestId);
                return Promise.resolve();
            case 'dial':
                return this.dial(message);
            case 'note':
                this.note(message);
                return Promise.resolve();
            case 'recording':
                return this.recording(message);
            default:
                // The softphone's own publications, the record pages' answers, or nothing this version knows.
                return Promise.resolve();
        }
    }

    private async dial(request: DialMessage): Promise<void> {
        const availability = this.availability();
        if (availability !== 'ready' || this.dialing) {
            this.port.send(result(request.requestId, availability === 'ready' ? 'on_call' : availability));
            return;
        }
        this.dialing = true;
        try {
            if (!isPhoneMetadataLoaded()) {
                await phoneMetadataReady();
            }
            const checked = dialTarget(request.number, this.port.agentCountry());
            if (!checked.ok) {
                this.port.send(result(request.requestId, 'invalid_number', { message: checked.message }));
                return;
            }
            this.port.openUtility();
            const call = await this.port.dial(checked.target, request.name);
            this.fromRecordPage.add(call.id);
            this.relate(call.id, request.related);
            this.port.placed(call.id, request.related);
            this.port.send(result(request.requestId, null, { callId: call.id }));
        } catch (error) {
            this.port.send(result(request.requestId, 'failed', { message: this.port.failed(error) }));
        } finally {
            this.dialing = false;
        }
    }

    private note(request: NoteMessage): void {
        if (this.port.snapshot().role !== 'leader') {
            this.port.send(result(request.requestId, 'other_tab'));
            return;
        }
        const problems = request.followUp ? checkFollowUp({ ...request.followUp, assigneeId: null }, this.port.today()) : [];
        if (problems.length > 0 || (request.text.trim() === '' && !request.followUp)) {
            this.port.send(result(request.requestId, 'invalid_request', { message: problems.map((problem) => problem.message).join(' ') }));
            return;
        }
        const target = this.port.noteTarget(request.callId);
        if (target) {
            target.save(addNoteToForm(target.form, request.text, request.followUp));
        }
        this.port.send(result(request.requestId, target ? null : 'no_call'));
    }

    private async recording(request: RecordingMessage): Promise<void> {
        if (this.port.snapshot().role !== 'leader') {
            this.port.send(result(request.requestId, 'other_tab'));
            return;
        }
        try {
            const link = await this.port.recordingLink(request.diamyCallId);
            this.port.send(result(request.requestId, null, { url: link.url, expiresAt: link.expiresAt }));
        } catch (error) {
            this.port.send(result(request.requestId, 'failed', { message: this.port.describe(error) }));
        }
    }
}
