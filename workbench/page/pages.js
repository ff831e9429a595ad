// The workbench's main area: a tab strip "Home | Diamy Setup | <records>" and the pages it shows, as a standard
// Lightning app does. Home mounts c-diamy-caller-context and c-diamy-click-to-dial (no record); Diamy Setup mounts
// c-diamy-setup (the app page Diamy_Setup; a few integration log entries are seeded in the org the first time it is
// built: platform/setup-seed.js); a record page (a Contact, Account, Lead,
// Opportunity or Case of platform/crm.js) shows a highlights header (name, object, phone) and mounts
// c-diamy-click-to-dial, c-diamy-call-history and c-diamy-caller-context with record-id and object-api-name.
// Pages once shown stay in the DOM, hidden (Lightning caches pages: their components are not destroyed), up to
// CACHED_PAGES record pages; the page shown is the LMS active area. Deep links: ?record=<Id>, ?tab=home, ?tab=setup.
// Page chrome only (English): the components themselves carry the package's labels.
import { createElement } from 'lwc';
import ClickToDial from 'c/diamyClickToDial';
import CallHistory from 'c/diamyCallHistory';
import CallerContext from 'c/diamyCallerContext';
import Setup from 'c/diamySetup';
import { log, onNavigate, pages as pageRegistry } from '../platform/bus.js';
import { accountOf, accounts, cases, contacts, leads, opportunities } from '../platform/crm.js';
import { lms } from '../platform/lms-instance.js';

/** Record pages kept alive (hidden) besides the one shown; the least recently shown goes first. */
export const CACHED_PAGES = 5;
const HOME = 'home';
const SETUP = 'setup';
/** The tabs that are no record page. */
const NAMED = [HOME, SETUP];

/** The CRM objects, in the picker's order, with what the highlights header shows. */
const OBJECTS = [
    { apiName: 'Contact', label: 'Contact', plural: 'Contacts', records: contacts, title: (r) => r.Name, phone: (r) => r.Phone ?? r.MobilePhone },
    { apiName: 'Account', label: 'Account', plural: 'Accounts', records: accounts, title: (r) => r.Name, phone: (r) => r.Phone },
    { apiName: 'Lead', label: 'Lead', plural: 'Leads', records: leads, title: (r) => r.Name, phone: (r) => r.Phone ?? r.MobilePhone },
    {
        apiName: 'Opportunity',
        label: 'Opportunity',
        plural: 'Opportunities',
        records: opportunities,
        title: (r) => r.Name,
        phone: (r) => accountOf(r.AccountId)?.Phone ?? null
    },
    {
        apiName: 'Case',
        label: 'Case',
        plural: 'Cases',
        records: cases,
        title: (r) => `${r.CaseNumber} · ${r.Subject}`,
        phone: (r) => r.ContactPhone ?? r.ContactMobile ?? r.SuppliedPhone ?? null
    }
];

/** The CRM record with this id (15 or 18 characters), with its object. */
export function crmRecord(recordId) {
    const short = String(recordId ?? '').slice(0, 15);
    if (short.length !== 15) return null;
    for (const object of OBJECTS) {
        const record = object.records.find((r) => r.Id.slice(0, 15) === short);
        if (record) return { object, record };
    }
    return null;
}

const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
};

function mount(box, tag, constructor, props) {
    const element = createElement(tag, { is: constructor });
    Object.assign(element, props);
    const slot = el('div', { className: 'wb-component' });
    slot.dataset.component = tag;
    slot.append(element);
    box.append(slot);
    return element;
}

/**
 * Builds the main area in `root` and starts on the page the URL asks for. `onToast` receives the components' toasts.
 * Returns { show(key), current() } (key: 'home' or a record id).
 */
export function startPages(root, { onToast, seedSetupLogs = () => undefined }) {
    const tabs = root.querySelector('#wb-tabs');
    const picker = root.querySelector('#wb-record-picker');
    const body = root.querySelector('#wb-pages');
    const notice = root.querySelector('#wb-page-notice');
    /** key → { key, tab, page, reference }; recent = keys of record pages, least recently shown first. */
    const open = new Map();
    const recent = [];
    let shown = null;

    for (const object of OBJECTS) {
        const group = el('optgroup', { label: object.plural });
        for (const record of object.records) group.append(el('option', { value: record.Id, textContent: object.title(record) }));
        picker.append(group);
    }
    picker.addEventListener('change', () => {
        if (picker.value) show(picker.value);
        picker.value = '';
    });

    function tabFor(key, text, title) {
        const link = el('a', { className: 'slds-tabs_default__link', href: NAMED.includes(key) ? `?tab=${key}` : `?record=${key}`, textContent: text, title });
        link.setAttribute('role', 'tab');
        link.addEventListener('click', (event) => {
            event.preventDefault();
            show(key);
        });
        const tab = el('li', { className: 'slds-tabs_default__item' }, link);
        tab.dataset.tab = key;
        tab.setAttribute('role', 'presentation');
        tabs.append(tab);
        return tab;
    }

    function buildHome() {
        const page = el('div', { className: 'wb-page wb-home' });
        const grid = el('div', { className: 'wb-page-grid' });
        const main = el('div', { className: 'wb-page-main' });
        const side = el('div', { className: 'wb-page-side' });
        main.append(el('h2', { className: 'slds-text-heading_medium slds-m-bottom_small', textContent: 'Home' }));
        mount(main, 'c-diamy-caller-context', CallerContext, {});
        mount(side, 'c-diamy-click-to-dial', ClickToDial, {});
        grid.append(main, side);
        page.append(grid);
        return { page, reference: { type: 'standard__namedPage', attributes: { pageName: 'home' }, state: {} }, title: 'Home' };
    }

    function buildSetup() {
        seedSetupLogs();
        const page = el('div', { className: 'wb-page wb-setup' });
        const main = el('div', { className: 'wb-page-main' });
        main.append(el('h2', { className: 'slds-text-heading_medium slds-m-bottom_small', textContent: 'Diamy Setup' }));
        mount(main, 'c-diamy-setup', Setup, {});
        page.append(main);
        return { page, reference: { type: 'standard__navItemPage', attributes: { apiName: 'Diamy_Setup' }, state: {} }, title: 'Diamy Setup' };
    }

    function buildRecord({ object, record }) {
        const phone = object.phone(record);
        const header = el(
            'div',
            { className: 'wb-highlights slds-page-header slds-page-header_record-home' },
            el('p', { className: 'wb-highlights-object slds-text-body_small', textContent: object.label }),
            el('h1', { className: 'wb-highlights-name slds-page-header__title slds-truncate', textContent: object.title(record), title: object.title(record) }),
            el('p', { className: 'wb-highlights-phone slds-text-body_regular', textContent: phone ? `Phone ${phone}` : 'No phone' })
        );
        const page = el('div', { className: 'wb-page wb-record' }, header);
        page.dataset.recordId = record.Id;
        page.dataset.objectApiName = object.apiName;
        const grid = el('div', { className: 'wb-page-grid' });
        const main = el('div', { className: 'wb-page-main' });
        const side = el('div', { className: 'wb-page-side' });
        const props = { recordId: record.Id, objectApiName: object.apiName };
        mount(side, 'c-diamy-caller-context', CallerContext, props);
        mount(side, 'c-diamy-click-to-dial', ClickToDial, props);
        mount(main, 'c-diamy-call-history', CallHistory, props);
        grid.append(main, side);
        page.append(grid);
        return {
            page,
            reference: { type: 'standard__recordPage', attributes: { recordId: record.Id, objectApiName: object.apiName, actionName: 'view' }, state: {} },
            title: object.title(record)
        };
    }

    // The Home tab is always there; its page is built the first time it is shown.
    const homeTab = tabFor(HOME, 'Home', 'Home');
    const setupTab = tabFor(SETUP, 'Diamy Setup', 'Diamy Setup (administrators)');

    /** Builds a page (hidden) and its tab; its components connect when it is appended, in the area shown next. */
    function openPage(key, found) {
        const built = key === HOME ? buildHome() : key === SETUP ? buildSetup() : buildRecord(found);
        built.page.dataset.page = key;
        built.page.dataset.lmsArea = `page:${key}`;
        built.page.hidden = true;
        built.page.addEventListener('lightning__showtoast', onToast);
        const tab = key === HOME ? homeTab : key === SETUP ? setupTab : tabFor(key, built.title, `${found.object.label}: ${built.title}`);
        const entry = { key, tab, page: built.page, reference: built.reference };
        open.set(key, entry);
        body.append(built.page);
        return entry;
    }

    function close(key) {
        const entry = open.get(key);
        if (!entry) return;
        entry.page.remove(); // its components disconnect: their MessageContexts and subscriptions are released
        entry.tab.remove();
        open.delete(key);
    }

    /** Shows Home ('home') or a CRM record's page; false (and a notice) for an id the CRM does not have. */
    function show(requested) {
        let key = NAMED.includes(requested) ? requested : null;
        let found = null;
        if (!key) {
            found = crmRecord(requested);
            if (!found) {
                if (!shown) show(HOME);
                notice.textContent = `No record ${requested} in the workbench CRM${shown === HOME ? ': Home is shown' : ''}.`;
                return false;
            }
            key = found.record.Id;
        }
        notice.textContent = '';
        // The active area first: the components of a new page connect (and may publish) as it is appended.
        lms.setActiveArea(`page:${key}`);
        const entry = open.get(key) ?? openPage(key, found);
        for (const other of open.values()) {
            const active = other === entry;
            other.page.hidden = !active;
            other.page.dataset.active = String(active);
            other.tab.classList.toggle('slds-is-active', active);
            other.tab.firstChild.setAttribute('aria-selected', String(active));
        }
        shown = key;
        if (!NAMED.includes(key)) {
            const at = recent.indexOf(key);
            if (at !== -1) recent.splice(at, 1);
            recent.push(key);
            while (recent.length > CACHED_PAGES + 1) close(recent.shift());
        }
        const url = new URL(globalThis.location.href);
        url.searchParams.delete(NAMED.includes(key) ? 'record' : 'tab');
        if (NAMED.includes(key)) url.searchParams.set('tab', key);
        else url.searchParams.set('record', key);
        globalThis.history.replaceState(null, '', url);
        root.dataset.shown = key;
        return true;
    }

    // A component's page: the page element it is in (through shadow roots).
    pageRegistry.referenceOf = (element) => {
        let node = element;
        while (node) {
            if (node.nodeType === 1 && node.dataset?.page && open.has(node.dataset.page)) return open.get(node.dataset.page).reference;
            node = node.parentNode ?? node.host ?? null;
        }
        return null;
    };

    // Navigation to a CRM record's page shows it (navigation.js logs every navigation either way).
    onNavigate((pageReference) => {
        if (pageReference?.type === 'standard__recordPage' && (pageReference.attributes?.actionName ?? 'view') === 'view') {
            return crmRecord(pageReference.attributes?.recordId) ? show(pageReference.attributes.recordId) : false;
        }
        if (pageReference?.type === 'standard__namedPage' && pageReference.attributes?.pageName === HOME) return show(HOME);
        return false;
    });

    const params = new URLSearchParams(globalThis.location.search);
    const first = params.get('record') ?? (params.get('tab') === SETUP ? SETUP : HOME);
    show(first);
    log('page', { shown });
    return { show, current: () => shown, open: () => [...open.keys()] };
}
