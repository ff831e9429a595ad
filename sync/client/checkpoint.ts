// The client's checkpoint: where the pull stands, how far a push or initial load got, the failures to retry.
// Written atomically (temporary file, fsync, rename) so that a crash leaves either the old or the new one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

export interface PendingFailure {
    object: 'Contact' | 'Lead';
    diamyId: string;
    record: Record<string, string | null>;
    errorCode: string;
    message: string;
    attempts: number;
    /** The Diamy_Integration_Log__c entry (Idempotency_Key__c) that reports this failure. */
    logKey: string;
    /** Attempts used up: kept only so that an admin's Retry (log entry set to Retrying) can send it again. */
    gaveUp?: boolean;
}

/**
 * An erasure request a pull read that Diamy has not applied yet (its call failed): sent again every cycle until Diamy
 * answers. It holds the person's numbers (at most 10) because they find the calls Salesforce never logged; the ids of
 * the person's logged calls (possibly thousands) are not kept: they are queried from the org again at each attempt.
 * It leaves the checkpoint once applied.
 */
export interface PendingErasure {
    object: 'Contact' | 'Lead';
    salesforceId: string;
    /** Diamy_Erasure_Requested_At__c, ISO 8601. */
    requestedAt: string;
    numbers: string[];
    diamyContactId: string | null;
    attempts: number;
    errorCode: string;
    /**
     * The HTTP status of Diamy's answer to the last failed attempt; absent when there was no answer (network, timeout,
     * the org's query failing) and in older checkpoints. A 4xx other than 401/408/429 is a refusal for good.
     */
    httpStatus?: number;
    /**
     * What Diamy answered for the requests of an attempt that then failed part-way (a person with more calls than one
     * request holds): the retry sends every part again, Diamy counts the calls already erased as 0, so the log's
     * totals add these. Absent from older checkpoints and when no part was answered (read as 0).
     */
    partial?: { callsAnonymized: number; recordingsDeleted: number };
    /**
     * Older stamps of the person this one replaced in the queue after they were attempted (each has a log entry, New
     * or Failed): logged Resolved, superseded, with this one. Absent when none.
     */
    supersedes?: { requestedAt: string; attempts: number }[];
}

/** The last erasure Diamy applied to a person: ids and a date, nothing personal. */
export interface AppliedErasure {
    requestedAt: string;
    diamyContactId: string | null;
    /** When Diamy applied it (absent from older checkpoints: set at the next cycle). */
    appliedAt?: string;
    /**
     * When a person's change of the record made after appliedAt was pulled: the person is live again in Salesforce and
     * the Diamy id is pushed again. Absent while the id stays blocked.
     */
    releasedAt?: string;
}

export interface Checkpoint {
    version: 1;
    /** Pull cursor per object: the latestDateCovered of the last getUpdated/getDeleted window. */
    pull: Partial<Record<'Contact' | 'Lead', string>>;
    /** A push in progress: its run id and the number of batches of 200 already answered. */
    push?: { runId: string; doneBatches: number };
    /** An initial load in progress: the Bulk API 2.0 job and the last step done. */
    bulk?: { runId: string; jobId: string; step: 'created' | 'uploaded' | 'closed' | 'done' };
    retry: PendingFailure[];
    /**
     * Erasures applied at Diamy, by `<object>|<15-character Salesforce id>`: a restart does not apply a stamp again.
     * Absent from checkpoints written before erasures existed (read as none).
     */
    erasures?: Record<string, AppliedErasure>;
    /** Erasures whose call to Diamy failed, retried next cycle. Absent from older checkpoints (read as none). */
    erasureRetry?: PendingErasure[];
}

export function emptyCheckpoint(): Checkpoint {
    return { version: 1, pull: {}, retry: [] };
}

export function readCheckpoint(file: string): Checkpoint {
    if (!existsSync(file)) return emptyCheckpoint();
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    if (parsed.version !== 1) throw new Error(`unknown checkpoint version in ${file}`);
    return parsed;
}

export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
    const temporary = `${file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
        writeSync(fd, JSON.stringify(checkpoint));
        fsyncSync(fd);
    } finally {
        closeSync(fd);
    }
    renameSync(temporary, file);
}
