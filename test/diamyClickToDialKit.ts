// Shared fixtures of the click-to-dial suites (the service: diamyClickToDialService.test.ts; the component:
// diamyClickToDial.test.ts): records as LDS getRecord answers them (optional fields the user cannot read are simply
// absent; spanning fields hold a nested record), the related-people answers in the shape of UI API GraphQL, and the
// people of the examples.

/** A field as LDS gives it; a nested record (spanning field) is a record representation itself. */
type FieldInput = string | number | boolean | null | RecordShape;
export interface RecordShape {
    id?: string;
    apiName?: string;
    fields: Record<string, { value: unknown; displayValue: string | null }>;
}

export function rec(apiName: string, id: string | undefined, fields: Record<string, FieldInput>): RecordShape {
    const out: RecordShape = { apiName, fields: {} };
    if (id) {
        out.id = id;
    }
    for (const [name, value] of Object.entries(fields)) {
        out.fields[name] = { value, displayValue: null };
    }
    return out;
}

const v = <T>(value: T) => ({ value });
const edges = (nodes: unknown[]) => ({ edges: nodes.map((node) => ({ node })) });

export const IDS = {
    sophie: '003000000000001AAA',
    marc: '003000000000002AAA',
    julie: '003000000000003AAA',
    cabinet: '001000000000001AAA',
    lead: '00Q000000000001AAA',
    opportunity: '006000000000001AAA',
    case: '500000000000001AAA'
};

export function sophieRecord(extra: Record<string, FieldInput> = {}): RecordShape {
    return rec('Contact', IDS.sophie, {
        Name: 'Sophie Bernard',
        AccountId: IDS.cabinet,
        DoNotCall: false,
        Phone: '04 72 10 20 31',
        MobilePhone: '06 12 34 56 78',
        Account: rec('Account', IDS.cabinet, { Name: 'Cabinet Bernard & Associés', Phone: '04 72 10 20 30' }),
        ...extra
    });
}

export function accountContact(id: string, name: string, title: string | null, phone: string | null, mobile: string | null, doNotCall = false) {
    return { Id: id, Name: v(name), Title: v(title), Phone: v(phone), MobilePhone: v(mobile), DoNotCall: v(doNotCall) };
}

export function accountContacts(nodes: unknown[]) {
    return { uiapi: { query: { Contact: edges(nodes) } } };
}

export function role(id: string, contactId: string, roleValue: string | null, primary: boolean, contact: { name: string; phone: string | null; mobile: string | null; doNotCall?: boolean } | null) {
    return {
        Id: id,
        IsPrimary: v(primary),
        Role: { value: roleValue, displayValue: roleValue },
        ContactId: v(contactId),
        Contact: contact
            ? { Name: v(contact.name), Phone: v(contact.phone), MobilePhone: v(contact.mobile), DoNotCall: v(contact.doNotCall ?? false) }
            : null
    };
}

export function roles(nodes: unknown[]) {
    return { uiapi: { query: { OpportunityContactRole: edges(nodes) } } };
}

export function caseRecord(contact: { id: string; name: string; phone: string | null; mobile: string | null; doNotCall?: boolean } | null): RecordShape {
    return rec('Case', IDS.case, {
        CaseNumber: '00001042',
        ContactId: contact?.id ?? null,
        AccountId: contact ? IDS.cabinet : null,
        ContactPhone: contact?.phone ?? null,
        ContactMobile: contact?.mobile ?? null,
        Contact: contact ? rec('Contact', contact.id, { Name: contact.name, DoNotCall: contact.doNotCall ?? false }) : null
    });
}
