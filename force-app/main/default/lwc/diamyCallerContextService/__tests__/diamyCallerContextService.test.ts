import {
    NOTE_MAX_LENGTH,
    cardView,
    changeDraft,
    checkNote,
    draftForCall,
    emptyDraft,
    linkLabel,
    linkTargets,
    partyOf,
    phaseText,
    recordPageReference,
    refusalMessage,
    ringingAnnouncement,
    settleSend,
    talkSeconds,
    talkTime
} from 'c/diamyCallerContextService';
import type * as ServiceApi from 'c/diamyCallerContextService';
import type { CurrentCall, SoftphoneView } from 'c/diamyPhoneChannel';
import { phoneMetadataReady } from 'c/diamyPhoneMatch';
import { loadAsFrenchUser } from 'diamy-test/frenchUser';

const CONTACT = '003000000000001AAA';
const ACCOUNT = '001000000000001AAA';
const CASE = '500000000000001AAA';
const OPPORTUNITY = '006000000000001AAA';
const LEAD = '00Q000000000001AAA';

function call(overrides: Partial<CurrentCall> = {}): CurrentCall {
    return {
        callId: 'call-1',
        direction: 'inbound',
        phase: 'connected',
        name: 'Jean Dupont',
        number: '+33612345678',
        withheld: false,
        answeredAt: '2026-12-02T09:00:00.000Z',
        related: { contactId: CONTACT, accountId: ACCOUNT },
        ...overrides
    };
}

function onCall(overrides: Partial<CurrentCall> = {}, availability: SoftphoneView['availability'] = 'on_call'): SoftphoneView {
    return { availability, call: call(overrides) };
}

const HOME = { country: 'FR' };

describe('c/diamyCallerContextService', () => {
    beforeAll(async () => {
        await phoneMetadataReady();
    });

    describe('cardView without a call: one quiet line', () => {
        it.each([
            ['unknown', 'looking', 'Looking for the Diamy phone…'],
            ['none', 'no_softphone', 'Open the Diamy phone in the utility bar to see your calls here.'],
            ['connecting', 'connecting', 'The Diamy phone is connecting…'],
            ['offline', 'offline', 'The Diamy phone is offline.'],
            ['other_tab', 'other_tab', 'The Diamy phone is handled in another tab.'],
            ['ready', 'idle', 'No call in progress.'],
            ['on_call', 'busy', 'A call is in progress.']
        ] as const)('%s → %s', (availability, state, text) => {
            expect(cardView({ availability, call: null }, HOME)).toEqual({ state, stateText: text, call: null });
        });
    });

    describe('cardView during a call', () => {
        it('shows who, the number for the agent country, the phase, the direction and the linked records', () => {
            const view = cardView(onCall(), HOME);
            expect(view.state).toBe('call');
            expect(view.stateText).toBe('');
            expect(view.call).toMatchObject({
                callId: 'call-1',
                phaseText: 'On the line',
                directionText: 'Inbound call',
                party: 'Jean Dupont',
                headline: 'Jean Dupont',
                number: '06 12 34 56 78',
                withheld: false,
                live: true,
                relatesToPage: true,
                takesNotes: true,
                mirrored: false
            });
            expect(view.call?.links.map((link) => link.objectApiName)).toEqual(['Contact']);
        });

        it('shows a foreign number in international format for a French agent, and national for a Belgian one', () => {
            expect(cardView(onCall({ number: '+32470123456' }), HOME).call?.number).toBe('+32 470 12 34 56');
            expect(cardView(onCall({ number: '+32470123456' }), { country: 'BE' }).call?.number).toBe('0470 12 34 56');
        });

        it('never shows a number for a withheld caller, even if one came', () => {
            const view = cardView(
                onCall({ withheld: true, name: '', number: '+33612345678', phase: 'ringing', answeredAt: null }),
                HOME
            );
            expect(view.call).toMatchObject({
                party: 'Withheld number',
                headline: 'Withheld number',
                number: '',
                withheld: true
            });
        });

        it('uses the formatted number as the party when there is no name, and says so when there is neither', () => {
            expect(cardView(onCall({ name: '  ' }), HOME).call).toMatchObject({ party: '06 12 34 56 78', number: '' });
            expect(cardView(onCall({ name: '', number: '', direction: 'internal' }), HOME).call).toMatchObject({
                party: 'Unknown caller',
                number: '',
                directionText: 'Internal call'
            });
        });

        it('keeps a number it cannot read as it came', () => {
            expect(partyOf(call({ name: '', number: '2045' }), 'FR')).toEqual({ party: '2045', number: '' });
        });

        it.each([
            ['ringing', 'inbound', 'Incoming call'],
            ['ringing', 'outbound', 'Calling…'],
            ['dialing', 'outbound', 'Calling…'],
            ['connected', 'outbound', 'On the line'],
            ['on_hold', 'inbound', 'On hold'],
            ['wrap_up', 'inbound', 'Wrap-up']
        ] as const)('phase %s of an %s call reads "%s"', (phase, direction, text) => {
            expect(phaseText(phase, direction)).toBe(text);
        });

        it('takes notes on the line, on hold and in wrap-up only; the timer runs only on an answered live call', () => {
            const at = (phase: CurrentCall['phase'], answeredAt: string | null = '2026-12-02T09:00:00.000Z') =>
                cardView(onCall({ phase, answeredAt }), HOME).call;
            expect(at('ringing', null)).toMatchObject({ takesNotes: false, live: false });
            expect(at('dialing', null)).toMatchObject({ takesNotes: false, live: false });
            expect(at('connected')).toMatchObject({ takesNotes: true, live: true });
            expect(at('connected', null)).toMatchObject({ takesNotes: true, live: false });
            expect(at('on_hold')).toMatchObject({ takesNotes: true, live: true });
            expect(at('wrap_up')).toMatchObject({ takesNotes: true, live: false });
        });

        it('on a record page the call is about (15 or 18 characters), the note belongs here', () => {
            expect(cardView(onCall(), { recordId: ACCOUNT, country: 'FR' }).call).toMatchObject({
                relatesToPage: true,
                headline: 'Jean Dupont'
            });
            expect(cardView(onCall(), { recordId: CONTACT.slice(0, 15), country: 'FR' }).call?.relatesToPage).toBe(true);
        });

        it('on another record page it says "On a call with …" once the call is on, and keeps the links', () => {
            const view = cardView(onCall(), { recordId: CASE, country: 'FR' });
            expect(view.call).toMatchObject({ relatesToPage: false, headline: 'On a call with Jean Dupont' });
            expect(view.call?.links[0]?.recordId).toBe(CONTACT);
            expect(
                cardView(onCall({ phase: 'ringing', answeredAt: null }), { recordId: CASE, country: 'FR' }).call?.headline
            ).toBe('Jean Dupont');
        });

        it('a call mirrored from the tab that owns the phone is shown, with its notes elsewhere', () => {
            expect(cardView(onCall({}, 'other_tab'), HOME).call?.mirrored).toBe(true);
            expect(cardView(onCall({}, 'connecting'), HOME).call?.mirrored).toBe(false);
        });
    });

    describe('ringingAnnouncement', () => {
        it('announces an inbound or internal call that rings, by name or as withheld', () => {
            expect(ringingAnnouncement(cardView(onCall({ phase: 'ringing', answeredAt: null }), HOME).call)).toBe(
                'Incoming call: Jean Dupont'
            );
            expect(ringingAnnouncement(cardView(onCall({ phase: 'ringing', withheld: true, answeredAt: null }), HOME).call)).toBe(
                'Incoming call: Withheld number'
            );
            expect(
                ringingAnnouncement(cardView(onCall({ phase: 'ringing', direction: 'internal', answeredAt: null }), HOME).call)
            ).toBe('Incoming call: Jean Dupont');
        });

        it('says nothing for an outbound call, a call on the line, or no call', () => {
            expect(ringingAnnouncement(cardView(onCall({ phase: 'ringing', direction: 'outbound' }), HOME).call)).toBe('');
            expect(ringingAnnouncement(cardView(onCall(), HOME).call)).toBe('');
            expect(ringingAnnouncement(null)).toBe('');
        });
    });

    describe('talk time', () => {
        const answered = Date.parse('2026-12-02T09:00:00.000Z');

        it('counts whole seconds from the answer', () => {
            expect(talkSeconds('2026-12-02T09:00:00.000Z', answered + 125_900)).toBe(125);
            expect(talkTime(cardView(onCall(), HOME).call, answered + 125_000)).toBe('2 min 05 s');
        });

        it('is 0 before the answer, for a clock behind the answer or an unreadable time', () => {
            expect(talkSeconds(null, answered)).toBe(0);
            expect(talkSeconds('not a date', answered)).toBe(0);
            expect(talkSeconds('2026-12-02T09:00:00.000Z', answered - 5000)).toBe(0);
            expect(talkSeconds('2026-12-02T09:00:00.000Z', Number.NaN)).toBe(0);
        });

        it('is not shown in wrap-up nor without a call', () => {
            expect(talkTime(cardView(onCall({ phase: 'wrap_up' }), HOME).call, answered + 60_000)).toBe('');
            expect(talkTime(null, answered)).toBe('');
        });
    });

    describe('linked records', () => {
        it('links who the call is with and what it is about, at most two', () => {
            const targets = linkTargets({ contactId: CONTACT, accountId: ACCOUNT, caseId: CASE, opportunityId: OPPORTUNITY });
            expect(targets).toEqual([
                { recordId: CONTACT, objectApiName: 'Contact', fields: ['Contact.Name'], fallbackLabel: 'Contact' },
                { recordId: CASE, objectApiName: 'Case', fields: ['Case.CaseNumber', 'Case.Subject'], fallbackLabel: 'Case' }
            ]);
        });

        it('falls back to the lead, the account, the opportunity', () => {
            expect(linkTargets({ leadId: LEAD }).map((t) => t.objectApiName)).toEqual(['Lead']);
            expect(linkTargets({ accountId: ACCOUNT, opportunityId: OPPORTUNITY }).map((t) => t.objectApiName)).toEqual([
                'Account',
                'Opportunity'
            ]);
            expect(linkTargets({ opportunityId: OPPORTUNITY }).map((t) => t.objectApiName)).toEqual(['Opportunity']);
        });

        it('links nothing when the call is linked to nothing', () => {
            expect(linkTargets({})).toEqual([]);
            expect(linkTargets(null)).toEqual([]);
            expect(linkTargets({ contactId: '', accountId: null })).toEqual([]);
        });

        it('names a record from getRecord data, a case by number and subject, and the object when unreadable', () => {
            const [contact, kase] = linkTargets({ contactId: CONTACT, caseId: CASE });
            if (!contact || !kase) {
                throw new Error('two targets expected');
            }
            expect(linkLabel(contact, { fields: { Name: { value: 'Jean Dupont' } } })).toBe('Jean Dupont');
            expect(linkLabel(contact, undefined)).toBe('Contact');
            expect(linkLabel(contact, { fields: { Name: { value: null } } })).toBe('Contact');
            expect(linkLabel(contact, { fields: null })).toBe('Contact');
            expect(linkLabel(kase, { fields: { CaseNumber: { value: '00001026' }, Subject: { value: 'Double invoice' } } })).toBe(
                '00001026 – Double invoice'
            );
            expect(linkLabel(kase, { fields: { CaseNumber: { value: '00001026' } } })).toBe('00001026');
            expect(linkLabel(kase, { fields: { Subject: { value: 'Double invoice' } } })).toBe('Double invoice');
            expect(linkLabel(kase, 'garbage')).toBe('Case');
        });

        it("opens a linked record's page", () => {
            const [contact] = linkTargets({ contactId: CONTACT });
            expect(contact && recordPageReference(contact)).toEqual({
                type: 'standard__recordPage',
                attributes: { recordId: CONTACT, objectApiName: 'Contact', actionName: 'view' }
            });
        });
    });

    describe('the note draft', () => {
        it('survives the call moving on (same call id), is replaced by an empty one for another call, and stays when no call', () => {
            const typed = { ...emptyDraft('call-1'), text: 'Wants a quote' };
            expect(draftForCall(typed, 'call-1')).toBe(typed);
            expect(draftForCall(typed, null)).toBe(typed);
            expect(draftForCall(typed, 'call-2')).toEqual(emptyDraft('call-2'));
            expect(draftForCall(null, 'call-1')).toEqual(emptyDraft('call-1'));
            expect(draftForCall(null, null)).toBeNull();
        });

        it('ticking the follow-up task prefills the subject and tomorrow, without overwriting what was typed', () => {
            const defaults = { party: 'Jean Dupont', tomorrow: '2026-12-03' };
            const on = changeDraft(emptyDraft('c'), { field: 'followUpOn', value: true }, defaults);
            expect(on).toMatchObject({ followUpOn: true, subject: 'Follow up with Jean Dupont', dueDate: '2026-12-03' });
            const typed = changeDraft(
                changeDraft(on, { field: 'subject', value: 'Send the quote' }, defaults),
                { field: 'dueDate', value: '2026-12-10' },
                defaults
            );
            const off = changeDraft(typed, { field: 'followUpOn', value: false }, defaults);
            expect(off).toMatchObject({ followUpOn: false, subject: 'Send the quote', dueDate: '2026-12-10' });
            expect(changeDraft(off, { field: 'followUpOn', value: true }, defaults)).toMatchObject({
                subject: 'Send the quote',
                dueDate: '2026-12-10'
            });
            expect(
                changeDraft(emptyDraft('c'), { field: 'followUpOn', value: true }, { party: '', tomorrow: '2026-12-03' }).subject
            ).toBe('');
        });

        it('keeps text as typed', () => {
            expect(
                changeDraft(emptyDraft('c'), { field: 'text', value: '  line 1\nline 2 ' }, { party: '', tomorrow: '' }).text
            ).toBe('  line 1\nline 2 ');
        });
    });

    describe('checkNote', () => {
        const TODAY = '2026-12-02';

        it('sends the trimmed note alone', () => {
            expect(checkNote({ ...emptyDraft('c'), text: '  Wants a quote \n' }, TODAY)).toEqual({
                ok: true,
                text: 'Wants a quote',
                followUp: null
            });
        });

        it('sends a follow-up task with or without a note', () => {
            const draft = { ...emptyDraft('c'), followUpOn: true, subject: ' Send the quote ', dueDate: TODAY };
            expect(checkNote(draft, TODAY)).toEqual({
                ok: true,
                text: '',
                followUp: { subject: 'Send the quote', dueDate: TODAY }
            });
            expect(checkNote({ ...draft, text: 'Call on Friday' }, TODAY)).toEqual({
                ok: true,
                text: 'Call on Friday',
                followUp: { subject: 'Send the quote', dueDate: TODAY }
            });
        });

        it('refuses an empty note without a task, whitespace included', () => {
            expect(checkNote({ ...emptyDraft('c'), text: ' \n ' }, TODAY)).toEqual({
                ok: false,
                problems: [{ field: 'text', message: 'Write a note or ask for a follow-up task.' }]
            });
        });

        it('refuses a note longer than the channel carries', () => {
            expect(checkNote({ ...emptyDraft('c'), text: 'x'.repeat(NOTE_MAX_LENGTH) }, TODAY).ok).toBe(true);
            expect(checkNote({ ...emptyDraft('c'), text: 'x'.repeat(NOTE_MAX_LENGTH + 1) }, TODAY)).toEqual({
                ok: false,
                problems: [{ field: 'text', message: 'The note is too long: 32000 characters at most.' }]
            });
        });

        it('refuses a follow-up task without subject, with a past, missing or impossible due date, or a subject too long', () => {
            const base = { ...emptyDraft('c'), text: 'note', followUpOn: true };
            expect(checkNote({ ...base, subject: ' ', dueDate: '2026-12-01' }, TODAY)).toEqual({
                ok: false,
                problems: [
                    { field: 'subject', message: 'Enter the subject of the follow-up task.' },
                    { field: 'dueDate', message: 'Choose a due date for the follow-up task, today or later.' }
                ]
            });
            expect(checkNote({ ...base, subject: 'ok', dueDate: '' }, TODAY).ok).toBe(false);
            expect(checkNote({ ...base, subject: 'ok', dueDate: '2026-02-30' }, TODAY).ok).toBe(false);
            expect(checkNote({ ...base, subject: 's'.repeat(256), dueDate: TODAY }, TODAY)).toEqual({
                ok: false,
                problems: [{ field: 'subject', message: 'The task subject is too long: 255 characters at most.' }]
            });
        });

        it('does not check a follow-up task that is not asked for', () => {
            expect(checkNote({ ...emptyDraft('c'), text: 'note', subject: '', dueDate: 'garbage' }, TODAY)).toEqual({
                ok: true,
                text: 'note',
                followUp: null
            });
        });
    });

    describe('after the softphone answered', () => {
        const draft = {
            ...emptyDraft('call-1'),
            text: 'Wants a quote',
            followUpOn: true,
            subject: 'Send',
            dueDate: '2026-12-03'
        };

        it('a success empties the draft and says what was added', () => {
            const ok = { ok: true, reason: null, message: '' };
            expect(settleSend(draft, 'call-1', { text: 'Wants a quote', followUp: null }, ok)).toEqual({
                draft: emptyDraft('call-1'),
                message: 'Note added to the call.',
                ok: true
            });
            expect(
                settleSend(draft, 'call-1', { text: '', followUp: { subject: 'Send', dueDate: '2026-12-03' } }, ok).message
            ).toBe('Follow-up task requested for this call.');
            expect(
                settleSend(draft, 'call-1', { text: 'x', followUp: { subject: 'Send', dueDate: '2026-12-03' } }, ok).message
            ).toBe('Note added and follow-up task requested.');
        });

        it('a refusal keeps what was typed and says why', () => {
            const outcome = settleSend(
                draft,
                'call-1',
                { text: 'Wants a quote', followUp: null },
                { ok: false, reason: 'no_call', message: '' }
            );
            expect(outcome).toEqual({
                draft,
                message: "This call is no longer in progress: nothing was added. Add your note on the call's record.",
                ok: false
            });
        });

        it('an answer for a call that is no longer on the card changes nothing and says nothing', () => {
            const next = emptyDraft('call-2');
            expect(settleSend(next, 'call-1', { text: 'x', followUp: null }, { ok: true, reason: null, message: '' })).toEqual({
                draft: next,
                message: '',
                ok: true
            });
            expect(
                settleSend(null, 'call-1', { text: 'x', followUp: null }, { ok: false, reason: 'no_call', message: '' }).message
            ).toBe('');
        });

        it.each([
            [
                'no_softphone',
                '',
                'The Diamy phone did not answer: nothing was added. Check that it is open in the utility bar, then try again.'
            ],
            [
                'no_call',
                'server words',
                "This call is no longer in progress: nothing was added. Add your note on the call's record."
            ],
            ['ready', '', "This call is no longer in progress: nothing was added. Add your note on the call's record."],
            ['other_tab', '', 'This call is handled in another tab: nothing was added here. Add your note in that tab.'],
            ['offline', '', 'The Diamy phone is not connected: nothing was added. Try again in a moment.'],
            ['connecting', '', 'The Diamy phone is not connected: nothing was added. Try again in a moment.'],
            [
                'invalid_request',
                '',
                'The Diamy phone could not read this note: nothing was added. Check the follow-up task, then try again.'
            ],
            ['invalid_request', 'Enter the subject of the follow-up task.', 'Enter the subject of the follow-up task.'],
            ['failed', '', 'The note could not be added. Try again.'],
            [
                'failed',
                'The call could not be saved. It will be retried automatically.',
                'The call could not be saved. It will be retried automatically.'
            ],
            [null, '  ', 'The note could not be added. Try again.']
        ] as const)('refusal %s (softphone said "%s") reads "%s"', (reason, message, shown) => {
            expect(refusalMessage({ reason, message })).toBe(shown);
        });
    });

    describe('for a French-speaking agent', () => {
        const french = loadAsFrenchUser<typeof ServiceApi>('c/diamyCallerContextService');

        it('says the states, the phase, the direction and "En communication avec" in French', () => {
            expect(french.cardView({ availability: 'none', call: null }, HOME).stateText).toBe(
                "Ouvrez le téléphone Diamy dans la barre d'utilitaires pour voir vos appels ici."
            );
            expect(french.cardView({ availability: 'ready', call: null }, HOME).stateText).toBe('Aucun appel en cours.');
            const view = french.cardView(onCall({ phase: 'on_hold' }), { recordId: CASE, country: 'FR' });
            expect(view.call).toMatchObject({
                phaseText: 'En attente',
                directionText: 'Appel entrant',
                headline: 'En communication avec Jean Dupont'
            });
            expect(french.cardView(onCall({ withheld: true, phase: 'ringing' }), HOME).call?.party).toBe('Numéro masqué');
        });

        it('announces, checks and answers in French', () => {
            expect(french.ringingAnnouncement(french.cardView(onCall({ phase: 'ringing', answeredAt: null }), HOME).call)).toBe(
                'Appel entrant : Jean Dupont'
            );
            expect(french.checkNote(french.emptyDraft('c'), '2026-12-02')).toEqual({
                ok: false,
                problems: [{ field: 'text', message: 'Écrivez une note ou demandez une tâche de suivi.' }]
            });
            expect(
                french.checkNote(
                    { ...french.emptyDraft('c'), followUpOn: true, subject: '', dueDate: '2026-12-03' },
                    '2026-12-02'
                )
            ).toEqual({
                ok: false,
                problems: [{ field: 'subject', message: "Saisissez l'objet de la tâche de suivi." }]
            });
            expect(french.refusalMessage({ reason: 'other_tab', message: '' })).toBe(
                "Cet appel est géré dans un autre onglet : rien n'a été ajouté ici. Ajoutez votre note dans cet onglet."
            );
            expect(
                french.changeDraft(
                    french.emptyDraft('c'),
                    { field: 'followUpOn', value: true },
                    { party: 'Jean Dupont', tomorrow: '2026-12-03' }
                ).subject
            ).toBe('Relancer Jean Dupont');
            expect(
                french.settleSend(
                    { ...french.emptyDraft('c'), text: 'x' },
                    'c',
                    { text: 'x', followUp: null },
                    { ok: true, reason: null, message: '' }
                ).message
            ).toBe("Note ajoutée à l'appel.");
        });
    });
});
