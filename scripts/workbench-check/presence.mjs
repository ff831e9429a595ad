// Presence: the agent's own status (picker ↔ Diamy) and a colleague's status changing live, without a call.
import { AGENT_ID, PEOPLE, label, sleep, until } from './kit.mjs';

const { julien } = PEOPLE;

async function agentPresence(t) {
    return (await t.state()).agents.find((a) => a.id === AGENT_ID)?.presence.status;
}

/** The picker's value and what it shows. */
async function picker(t, page) {
    const value = await page.locator('.softphone-presence').evaluate((element) => element.value);
    const shown = await t.text(page, '.softphone-presence button');
    return { value, shown };
}

/** Chooses a status in the picker: Diamy (the sandbox) says so, and the picker shows it. */
async function choose(t, page, status, name) {
    await t.step(`choose ${name} → Diamy says ${status}, the picker shows ${name}`, async () => {
        await t.chooseOption(page, '.softphone-presence', status);
        await until(`the sandbox presence ${status}`, async () => (await agentPresence(t)) === status);
        const now = await picker(t, page);
        if (now.value !== status || now.shown !== name) {
            throw new Error(
                `Diamy says ${status}, the picker shows ${JSON.stringify(now.shown)} (value ${JSON.stringify(now.value)})`
            );
        }
    });
}

const colleagueLine = (page) => page.locator('.softphone-colleague').filter({ hasText: julien.name });

export const situations = [
    {
        name: 'own-presence',
        title: 'The agent chooses Away: Diamy says away and the picker stays Away; back to Available',
        async run(t) {
            const page = t.page;
            const away = label('Diamy_Softphone_Presence_Away');
            const available = label('Diamy_Softphone_Presence_Available');
            await choose(t, page, 'away', away);
            await t.check(
                'two seconds later (Diamy confirmed it) the picker still shows Away and Diamy still says away',
                async () => {
                    await sleep(2000);
                    const now = await picker(t, page);
                    const sandbox = await agentPresence(t);
                    if (now.value !== 'away' || now.shown !== away || sandbox !== 'away')
                        throw new Error(`picker ${JSON.stringify(now)}, sandbox ${sandbox}`);
                }
            );
            await t.shot(page);
            await choose(t, page, 'available', available);
        }
    },
    {
        name: 'colleague-presence',
        title: "A colleague's presence changes in Diamy: their line in the list changes at once, without a call or a reload",
        async run(t) {
            const page = t.page;
            const busy = label('Diamy_Softphone_Presence_Busy');
            const available = label('Diamy_Softphone_Presence_Available');
            await t.step('Julien Moreau is listed as Available', () =>
                t.waitText(page, '.softphone-colleague', `${julien.extension} · ${available}`)
            );
            await t.step('Diamy: Julien → busy; his line reads Busy', async () => {
                await t.scenario(page, 'presence-busy');
                await until(`Julien's line to read ${busy}`, async () => (await colleagueLine(page).innerText()).includes(busy), {
                    timeout: 4000
                }).catch(async () => {
                    throw new Error(
                        `his line reads ${JSON.stringify((await colleagueLine(page).innerText()).replace(/\s+/g, ' '))}`
                    );
                });
            });
            await t.shot(page);
            await t.step('Diamy: Julien → available; his line reads Available', async () => {
                await t.scenario(page, 'presence-available');
                await until(
                    `Julien's line to read ${available}`,
                    async () => (await colleagueLine(page).innerText()).includes(available),
                    { timeout: 4000 }
                );
            });
        }
    }
];
