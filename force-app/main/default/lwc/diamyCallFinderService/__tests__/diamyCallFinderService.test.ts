import { CALL_RECORD_QUERY, CallFinder, CallFinderError, MAX_WAITING, errorOf, finderVariables, isCallId, readCallRecordId } from 'c/diamyCallFinderService';
import type { GraphQLResult } from 'lightning/graphql';

const answer = (id: string, recordId: string | null): GraphQLResult<unknown> => ({
    data: { uiapi: { query: { Diamy_Call__c: { edges: recordId ? [{ node: { Id: recordId, Diamy_Call_Id__c: { value: id } } }] : [] } } } }
});

/** The wire as the component holds it: the finder points it at an id; the test plays the platform's answers. */
class FakeWire {
    asked: string[] = [];
    refreshes = 0;
    timers: { fn: () => void; ms: number; handle: number }[] = [];
    private handles = 0;
    finder = new CallFinder({
        ask: (id) => this.asked.push(id),
        timeoutMs: 5000,
        setTimer: (fn, ms) => {
            this.handles += 1;
            this.timers.push({ fn, ms, handle: this.handles });
            return this.handles;
        },
        clearTimer: (handle) => {
            this.timers = this.timers.filter((t) => t.handle !== handle);
        }
    });
    get wired(): string | undefined {
        return this.asked[this.asked.length - 1];
    }
    /** The platform answers the current variables (with a refresh that the test can count). */
    answer(result: GraphQLResult<unknown>): void {
        this.finder.receive({ ...result, refresh: () => ((this.refreshes += 1), Promise.resolve()) }, this.wired);
    }
}

async function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
    return promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error })
    );
}

describe('c-diamy-call-finder-service', () => {
    it('queries Diamy_Call__c by its unique Diamy call id, one record', () => {
        const source = (CALL_RECORD_QUERY as unknown as { source: string }).source;
        expect(source).toContain('Diamy_Call__c(where: { Diamy_Call_Id__c: { eq: $diamyCallId } }, first: 1)');
        expect(source).toContain('query diamyCallRecordId($diamyCallId: String)');
        expect(finderVariables('call_1')).toEqual({ diamyCallId: 'call_1' });
    });

    it('reads only a record that carries the asked call id, and bounded error messages', () => {
        expect(readCallRecordId(answer('call_1', 'a01000000000001AAA').data, 'call_1')).toBe('a01000000000001AAA');
        expect(readCallRecordId(answer('call_2', 'a01000000000001AAA').data, 'call_1')).toBeNull();
        expect(readCallRecordId(answer('call_1', 'not an id!').data, 'call_1')).toBeNull();
        expect(readCallRecordId({ uiapi: { query: { Diamy_Call__c: { edges: 'x' } } } }, 'call_1')).toBeNull();
        expect(readCallRecordId(null, 'call_1')).toBeNull();
        expect(errorOf({ errors: [{ message: 'x'.repeat(300) }] })).toHaveLength(200);
        expect(errorOf({ errors: [{ message: '' }] })).toBe('GraphQL error');
        expect(errorOf({ errors: ['odd' as unknown as { message: string }] })).toBe('GraphQL error');
        expect(errorOf({ data: {} })).toBe('');
        expect(isCallId('call 1')).toBe(false);
        expect(isCallId('x'.repeat(65))).toBe(false);
    });

    it('points the wire at the id and settles with its answer; loading answers and answers for another id are not answers', async () => {
        const wire = new FakeWire();
        const found = wire.finder.find('call_1');
        expect(wire.asked).toEqual(['call_1']);
        wire.answer({ data: undefined });
        wire.finder.receive(answer('call_9', 'a01000000000009AAA'), 'call_9');
        wire.answer(answer('call_1', 'a01000000000001AAA'));
        await expect(found).resolves.toBe('a01000000000001AAA');
        expect(wire.timers).toEqual([]);
    });

    it('no visible record → null; GraphQL errors and silence → the lookup fails (it is not a "no")', async () => {
        const wire = new FakeWire();
        const none = wire.finder.find('call_1');
        const broken = wire.finder.find('call_2');
        const silent = wire.finder.find('call_3');
        wire.answer(answer('call_1', null));
        await expect(none).resolves.toBeNull();
        expect(wire.wired).toBe('call_2');
        wire.answer({ data: undefined, errors: [{ message: 'Diamy_Call__c is not supported' }] });
        await expect(broken).rejects.toThrow('Diamy_Call__c is not supported');
        expect(wire.wired).toBe('call_3');
        expect(wire.timers.map((t) => t.ms)).toEqual([5000]);
        wire.timers[0]?.fn();
        const outcome = await settled(silent);
        expect(outcome.error).toBeInstanceOf(CallFinderError);
        expect((outcome.error as CallFinderError).kind).toBe('timeout');
        await expect(wire.finder.find('not an id')).resolves.toBeNull();
    });

    it('an id asked before: a "no record" answer may be the cache, so it is re-queried once with refresh()', async () => {
        const wire = new FakeWire();
        const first = wire.finder.find('call_1');
        wire.answer(answer('call_1', null));
        await expect(first).resolves.toBeNull();
        // Asked again while the wire still points at it: the wire would not run again by itself → refresh.
        const again = wire.finder.find('call_1');
        expect(wire.asked).toEqual(['call_1']);
        expect(wire.refreshes).toBe(1);
        wire.answer(answer('call_1', 'a01000000000001AAA'));
        await expect(again).resolves.toBe('a01000000000001AAA');
        // Another id, then back to call_1: the cached "no" is refreshed once; a second "no" is believed.
        const other = wire.finder.find('call_2');
        wire.answer(answer('call_2', null));
        await expect(other).resolves.toBeNull();
        const third = wire.finder.find('call_1');
        wire.answer(answer('call_1', null));
        expect(wire.refreshes).toBe(2);
        wire.answer(answer('call_1', null));
        await expect(third).resolves.toBeNull();
        // A refresh that fails fails the lookup (the platform's latest answer carries a refresh that rejects).
        wire.finder.receive({ ...answer('call_1', null), refresh: () => Promise.reject(new Error('offline')) }, 'call_1');
        const fourth = settled(wire.finder.find('call_1'));
        expect((await fourth).error).toEqual(new CallFinderError('graphql', 'offline'));
        const fifth = settled(wire.finder.find('call_2'));
        wire.finder.stop();
        expect((await fifth).error).toEqual(new CallFinderError('stopped', 'The call finder left the page'));
    });

    it('refuses more than MAX_WAITING lookups at once, stops and resumes with the component', async () => {
        const wire = new FakeWire();
        const waiting = Array.from({ length: MAX_WAITING + 1 }, (_, index) => settled(wire.finder.find(`call_${index}`)));
        const refused = wire.finder.find('call_extra');
        await expect(refused).rejects.toThrow('Too many call lookups');
        wire.finder.stop();
        const outcomes = await Promise.all(waiting);
        expect(outcomes.every((outcome) => outcome.error instanceof CallFinderError)).toBe(true);
        await expect(wire.finder.find('call_1')).rejects.toThrow('not on the page');
        wire.finder.resume();
        const later = wire.finder.find('call_7');
        wire.answer(answer('call_7', 'a01000000000007AAA'));
        await expect(later).resolves.toBe('a01000000000007AAA');
    });

    it('an id the wire points at with no refresh available cannot be asked again', async () => {
        const wire = new FakeWire();
        const first = wire.finder.find('call_1');
        wire.finder.receive(answer('call_1', null), 'call_1');
        await expect(first).resolves.toBeNull();
        await expect(wire.finder.find('call_1')).rejects.toThrow('cannot be repeated');
    });
});
