// The runtime: the package's flows wired into the in-memory org as record-triggered automation, plus what a
// transaction leaves for later (asynchronous and scheduled paths), invocable actions with configurable answers,
// and schedule-triggered flows run on demand.
import type { Automation, SaveBatch, SaveContext, DmlError } from './org.ts';
import { InMemoryOrg, compileLogic } from './org.ts';
import type { FlowModel, ActionCall } from './flow-model.ts';
import { Interview, FlowFault, runInterviews } from './interpreter.ts';
import type { InterviewHost } from './interpreter.ts';
import type { FlowValue, Scalar, SRecord } from './values.ts';
import { copyRecord, isBlank, textOf } from './values.ts';
import { evaluate } from './formula.ts';
import type { ProjectSchema } from './schema.ts';

/** An invocable action's answer: its outputs, or a thrown FlowFault (the element's fault path). */
export type ActionHandler = (inputs: Record<string, FlowValue>, interview: Interview) => Record<string, FlowValue>;

export interface RuntimeOptions {
    /** Answers of External Service and other invocable actions, by actionName. */
    actions?: Record<string, ActionHandler>;
    /** allOrNone of the DML statements flows issue (see docs/FLOW-ENGINE.md). */
    flowDmlAllOrNone?: boolean;
    /** Maximum nesting of saves inside flows (a flow updating records that start flows...). */
    maxDepth?: number;
    /**
     * An after-save flow's update of a record whose after-save flows are running: 'rerun' runs the after-save flows
     * again for that update; 'skip' does not (the Apex order of execution says a recursive save skips the steps that
     * include after-save flows, without defining a recursive save). Scenarios run under both.
     */
    reentry?: 'rerun' | 'skip';
}

/** A path that runs after the transaction commits (asynchronous) or later (scheduled). */
export interface QueuedPath {
    flow: FlowModel;
    path: string;
    recordId: string;
    prior: SRecord | null;
    userId: string;
    /** When a scheduled path is due (ISO), null for an asynchronous path. */
    due: string | null;
}

/** What ran: one entry per interview, for assertions on which flows ran and how they ended. */
export interface InterviewLog {
    flow: string;
    recordId: string | null;
    status: Interview['status'];
    error: string | null;
    visited: string[];
    faulted: string[];
}

export class FlowRuntime implements Automation, InterviewHost {
    readonly org: InMemoryOrg;
    readonly flows: Map<string, FlowModel>;
    readonly flowDmlAllOrNone: boolean;
    readonly maxDepth: number;
    readonly reentry: 'rerun' | 'skip';
    /** Records whose after-save flows are running (for reentry 'skip'). */
    private readonly inAfterSave = new Set<string>();
    /** After-save runs that met a record whose after-save flows were already running: the only saves the two
     *  re-entry readings treat differently. None under 'rerun' means 'skip' would run the very same steps. */
    reentrantSaves = 0;
    readonly queue: QueuedPath[] = [];
    readonly log: InterviewLog[] = [];
    private readonly actions: Record<string, ActionHandler>;

    constructor(schema: ProjectSchema, flows: FlowModel[], options: RuntimeOptions = {}) {
        this.org = new InMemoryOrg(schema);
        this.flows = new Map(flows.map((f) => [f.name, f]));
        this.flowDmlAllOrNone = options.flowDmlAllOrNone ?? false;
        this.maxDepth = options.maxDepth ?? 16;
        this.reentry = options.reentry ?? 'rerun';
        this.actions = options.actions ?? {};
        this.org.automation = this;
    }

    flow(name: string): FlowModel | undefined {
        return this.flows.get(name);
    }

    /** Active record-triggered flows of an object for a timing and event, in trigger order then API name. */
    triggered(object: string, triggerType: string, event: SaveBatch['event']): FlowModel[] {
        const eventOf: Record<string, SaveBatch['event'][]> = {
            Create: ['create'],
            Update: ['update'],
            CreateAndUpdate: ['create', 'update'],
            Delete: ['delete']
        };
        return [...this.flows.values()]
            .filter(
                (f) =>
                    f.status === 'Active' &&
                    f.object === object &&
                    f.triggerType === triggerType &&
                    (eventOf[f.recordTriggerType ?? ''] ?? []).includes(event)
            )
            .sort(
                (a, b) =>
                    (a.triggerOrder ?? Number.MAX_SAFE_INTEGER) - (b.triggerOrder ?? Number.MAX_SAFE_INTEGER) ||
                    a.name.localeCompare(b.name)
            );
    }

    // ------------------------------------------------------------------ Automation (called by the org's save)

    beforeSave(batch: SaveBatch, context: SaveContext): void {
        this.runTriggered('RecordBeforeSave', batch, context);
    }

    afterSave(batch: SaveBatch, context: SaveContext): void {
        const ids = batch.records.map((r) => String(r.fields.Id));
        if (this.reentry === 'skip') {
            const fresh = batch.records.map((_, i) => i).filter((i) => !this.inAfterSave.has(ids[i] ?? ''));
            if (fresh.length < batch.records.length) {
                const sub: SaveBatch = {
                    ...batch,
                    records: fresh.map((i) => batch.records[i] as SRecord),
                    priors: fresh.map((i) => batch.priors[i] ?? null),
                    errors: fresh.map(() => null)
                };
                this.afterSave(sub, context);
                sub.errors.forEach((e, j) => (batch.errors[fresh[j] ?? 0] = e));
                return;
            }
        }
        const added = ids.filter((id) => !this.inAfterSave.has(id));
        if (added.length < ids.length) this.reentrantSaves++;
        for (const id of added) this.inAfterSave.add(id);
        try {
            this.runTriggered('RecordAfterSave', batch, context);
        } finally {
            for (const id of added) this.inAfterSave.delete(id);
        }
    }

    beforeDelete(batch: SaveBatch, context: SaveContext): void {
        this.runTriggered('RecordBeforeDelete', batch, context);
    }

    private runTriggered(triggerType: string, batch: SaveBatch, context: SaveContext): void {
        if (context.depth > this.maxDepth) {
            batch.errors = batch.records.map(() => ({
                statusCode: 'CANNOT_EXECUTE_FLOW_TRIGGER',
                message: 'maximum trigger depth exceeded',
                fields: []
            }));
            return;
        }
        for (const flow of this.triggered(batch.object, triggerType, batch.event)) {
            const selected = batch.records
                .map((record, i) => ({ record, prior: batch.priors[i] ?? null, index: i }))
                .filter(
                    ({ record, prior, index }) => !batch.errors[index] && this.meetsEntry(flow, record, prior, context.userId)
                );
            if (!selected.length) continue;
            // Before-save flows change the record being saved; after-save flows get their own copy.
            const interviews = selected.map(
                ({ record, prior }) =>
                    new Interview(flow, this, {
                        record: triggerType === 'RecordBeforeSave' ? record : copyRecord(record),
                        prior,
                        userId: context.userId
                    })
            );
            runInterviews(interviews, this);
            interviews.forEach((interview, j) => {
                const index = selected[j]?.index ?? 0;
                this.log.push({
                    flow: flow.name,
                    recordId: (selected[j]?.record.fields.Id as string | null) ?? null,
                    status: interview.status,
                    error: interview.error,
                    visited: [...interview.visited],
                    faulted: [...interview.faulted]
                });
                if (interview.status === 'failed') batch.errors[index] = flowError(flow, interview.error ?? '');
            });
            if (triggerType === 'RecordAfterSave')
                this.enqueuePaths(
                    flow,
                    selected.map((s) => ({ record: s.record, prior: s.prior })),
                    context.userId
                );
        }
    }

    /** Entry conditions: the start filters or formula; on update with "only when updated to meet", also not met before. */
    meetsEntry(flow: FlowModel, record: SRecord, prior: SRecord | null, userId: string): boolean {
        const meets = (current: SRecord, before: SRecord | null): boolean => {
            if (flow.startFormula) {
                const probe = new Interview(flow, this, { record: current, prior: before, userId });
                probe.status = 'finished';
                const result = evaluate(
                    flow.startFormula,
                    (reference) => {
                        if (reference.kind === 'value') {
                            const value = probe.get(reference.path) as Scalar;
                            const field = reference.path.startsWith('$Record')
                                ? this.org.typeAt(flow.object ?? '', reference.path.replace(/^\$Record(__Prior)?\./, '')).field
                                : undefined;
                            return {
                                type: probe.typeOf(reference.path),
                                value,
                                ...(field?.values ? { values: field.values } : {})
                            };
                        }
                        if (reference.kind === 'isNew') return { type: 'checkbox', value: before === null };
                        if (reference.kind === 'changed') {
                            const path = reference.path.replace(/^\$Record\./, '');
                            return {
                                type: 'checkbox',
                                value:
                                    before !== null &&
                                    !equalStored(this.org.valueAt(current, path), this.org.valueAt(before, path))
                            };
                        }
                        if (reference.kind === 'prior')
                            return {
                                type: probe.typeOf(reference.path),
                                value: before ? this.org.valueAt(before, reference.path.replace(/^\$Record\./, '')) : null
                            };
                        return reference.kind === 'now'
                            ? { type: 'datetime', value: this.org.now.toISOString() }
                            : { type: 'date', value: this.org.now.toISOString().slice(0, 10) };
                    },
                    'Boolean'
                );
                if (result.error)
                    throw new Error(`engine: entry condition of ${flow.name} could not be evaluated: ${result.error}`);
                return result.value === true;
            }
            if (!flow.startFilters.length) return true;
            const probe = new Interview(flow, this, { record: current, prior: before, userId });
            const filters = probe.filtersOf(flow.startFilters);
            return evaluateStartFilters(
                flow,
                filters.map((f) =>
                    f.operator === 'IsChanged'
                        ? before !== null &&
                          !equalStored(this.org.valueAt(current, f.field), this.org.valueAt(before, f.field)) ===
                              (f.value === true)
                        : this.org.matches(current, f)
                )
            );
        };
        if (!meets(record, prior)) return false;
        if (flow.requireChangeToMeetCriteria && prior !== null) return !meets(prior, null);
        return true;
    }

    // ------------------------------------------------------------------ actions

    invokeAction(call: ActionCall, inputs: Record<string, FlowValue>, interview: Interview): Record<string, FlowValue> {
        if (call.actionType === 'customNotificationAction') return this.customNotification(inputs, interview);
        const handler = this.actions[call.actionName];
        if (!handler)
            throw new FlowFault(`the action ${call.actionName} (${call.actionType}) has no answer configured in this run`);
        const outputs = handler(inputs, interview);
        this.org.recordSideEffect({
            kind: call.actionType,
            detail: { action: call.actionName, inputs, outputs, flow: interview.flow.name }
        });
        return outputs;
    }

    /** Send Custom Notification: required inputs, a notification type that exists, 1 to 500 recipients. */
    private customNotification(inputs: Record<string, FlowValue>, interview: Interview): Record<string, FlowValue> {
        for (const required of ['customNotifTypeId', 'recipientIds', 'title', 'body']) {
            const value = inputs[required];
            if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
                throw new FlowFault(`customNotificationAction: ${required} is required`);
        }
        const type = this.org.get(textOf(inputs.customNotifTypeId));
        if (type?.sobjectType !== 'CustomNotificationType')
            throw new FlowFault(
                `customNotificationAction: ${textOf(inputs.customNotifTypeId)} is not a custom notification type`
            );
        const recipients = (Array.isArray(inputs.recipientIds) ? inputs.recipientIds : [inputs.recipientIds]) as Scalar[];
        if (recipients.length > 500) throw new FlowFault('customNotificationAction: more than 500 recipients');
        this.org.recordSideEffect({
            kind: 'customNotification',
            detail: {
                type: type.fields.DeveloperName,
                recipients,
                title: inputs.title,
                body: inputs.body,
                targetId: inputs.targetId ?? null,
                flow: interview.flow.name
            }
        });
        return {};
    }

    // ------------------------------------------------------------------ after the transaction

    private enqueuePaths(flow: FlowModel, saved: { record: SRecord; prior: SRecord | null }[], userId: string): void {
        for (const path of flow.scheduledPaths) {
            for (const { record, prior } of saved) {
                let due: string | null = null;
                if (path.pathType !== 'AsyncAfterCommit') {
                    const base = path.recordField ? record.fields[path.recordField] : this.org.now.toISOString();
                    if (isBlank(base)) continue;
                    const when = new Date(String(base));
                    const amount = path.offsetNumber ?? 0;
                    const unit = (path.offsetUnit ?? 'Hours').toLowerCase();
                    when.setTime(
                        when.getTime() +
                            amount * (unit.startsWith('minute') ? 60_000 : unit.startsWith('day') ? 86_400_000 : 3_600_000)
                    );
                    due = when.toISOString();
                }
                this.queue.push({ flow, path: path.name, recordId: String(record.fields.Id), prior, userId, due });
            }
        }
    }

    /**
     * Runs the asynchronous paths (after commit) and the scheduled paths due by the org's clock, each over the record
     * as it is now; paths of records deleted since are dropped. Returns how many interviews ran.
     */
    runQueuedPaths(): number {
        const due = this.queue.filter((q) => q.due === null || q.due <= this.org.now.toISOString());
        this.queue.splice(0, this.queue.length, ...this.queue.filter((q) => !due.includes(q)));
        const groups = new Map<string, QueuedPath[]>();
        for (const q of due) groups.set(`${q.flow.name}/${q.path}`, [...(groups.get(`${q.flow.name}/${q.path}`) ?? []), q]);
        let count = 0;
        for (const items of groups.values()) {
            const live = items.map((q) => ({ q, record: this.org.get(q.recordId) })).filter((x) => x.record);
            const interviews = live.map(({ q, record }) => {
                const path = q.flow.scheduledPaths.find((p) => p.name === q.path);
                return new Interview(q.flow, this, {
                    record: record ?? null,
                    prior: q.prior,
                    userId: q.userId,
                    ...(path?.connector ? { startAt: path.connector } : {})
                });
            });
            runInterviews(interviews, this);
            interviews.forEach((interview, i) =>
                this.log.push({
                    flow: interview.flow.name,
                    recordId: live[i]?.q.recordId ?? null,
                    status: interview.status,
                    error: interview.error,
                    visited: [...interview.visited],
                    faulted: [...interview.faulted]
                })
            );
            count += interviews.length;
        }
        return count;
    }

    /**
     * A schedule-triggered flow (start triggerType Scheduled, active) over the records of its start object that meet
     * its start filters, queried once when the run starts, then run in batches of 200 interviews; without a start
     * object, one interview. Each batch's interviews run in lockstep (one query or DML per element and batch). The
     * caller passes the Default Workflow User, who runs schedule-triggered flows; flows run in system context here.
     */
    runScheduledFlow(name: string, userId: string, records?: SRecord[]): Interview[] {
        const flow = this.flows.get(name);
        if (!flow) throw new Error(`engine: no flow ${name}`);
        if (flow.triggerType !== 'Scheduled') throw new Error(`engine: ${name} is not a schedule-triggered flow`);
        if (flow.status !== 'Active') return [];
        const targets =
            records ?? (flow.object ? this.org.all(flow.object).filter((r) => this.meetsEntry(flow, r, null, userId)) : [null]);
        const interviews = targets.map((record) => new Interview(flow, this, { record: record, userId }));
        for (let i = 0; i < interviews.length; i += 200) {
            const batch = interviews.slice(i, i + 200);
            runInterviews(batch, this);
            batch.forEach((interview) =>
                this.log.push({
                    flow: flow.name,
                    recordId: (interview.record?.fields.Id as string | undefined) ?? null,
                    status: interview.status,
                    error: interview.error,
                    visited: [...interview.visited],
                    faulted: [...interview.faulted]
                })
            );
        }
        return interviews;
    }

    /** Runs an autolaunched flow (or a headless screen flow) with inputs, as a user. */
    runFlow(name: string, inputs: Record<string, FlowValue>, userId: string): Interview {
        const flow = this.flows.get(name);
        if (!flow) throw new Error(`engine: no flow ${name}`);
        const interview = new Interview(flow, this, { inputs, userId });
        runInterviews([interview], this);
        return interview;
    }
}

function flowError(flow: FlowModel, error: string): DmlError {
    return {
        statusCode: 'CANNOT_EXECUTE_FLOW_TRIGGER',
        message: `We can't save this record because the “${flow.label}” process failed. Give your Salesforce admin these details. ${error}`,
        fields: []
    };
}

function evaluateStartFilters(flow: FlowModel, truth: boolean[]): boolean {
    return compileLogic(flow.startFilterLogic, truth.length)(truth);
}

const equalStored = (a: Scalar, b: Scalar): boolean => (isBlank(a) && isBlank(b)) || a === b;
