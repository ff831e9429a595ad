#!/usr/bin/env node
// npm run configure -- --instance <name> [--host <host>] [--out <dir>]
//
// Generates the connection of one Diamy instance: a standalone SFDX project (default
// build/diamy-connection-<instance>/) that an administrator deploys to their org in two steps,
// 1-credentials (External Credential Diamy, Named Credential Diamy_API, External Service
// Diamy_Agent_Sessions, Trusted URLs https + wss) then 2-agent-session (flow Diamy_Agent_Session,
// permission set Diamy_Connection), and the optional 3-open-cti (call center Diamy_Click_To_Dial: native
// click-to-dial on phone fields through Open CTI, docs/OPEN-CTI.md). It is the template connection/ with the
// placeholder host diamy-instance.example.com replaced by the instance host (default <instance>.diamy.fr).
// Why the connection is not in the package and why two steps: docs/RELEASE.md.
//
// Exit status: 0 generated; 2 bad arguments (instance, host, out directory).

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONNECTION_DIRS } from './lib/project.mjs';
import { UsageError, parseOptions, projectRoot, readProjectJson, runMain } from './lib/sf-cli.mjs';

/** The host the template carries in place of a real Diamy instance. */
export const PLACEHOLDER_HOST = 'diamy-instance.example.com';

/** A DNS label: what an instance name is, and each label of a host. */
export const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Template folder (connection/…) → package directory of the generated project, in deployment order. An optional
 * step is generated but deployed only by an admin who wants it (the README says when).
 * @type {readonly { template: string, dir: string, optional: boolean }[]}
 */
export const STEPS = [
    { template: CONNECTION_DIRS[0], dir: '1-credentials', optional: false },
    { template: CONNECTION_DIRS[1], dir: '2-agent-session', optional: false },
    { template: CONNECTION_DIRS[2], dir: '3-open-cti', optional: true },
    { template: CONNECTION_DIRS[3], dir: '4-sync-app', optional: true },
    { template: CONNECTION_DIRS[4], dir: '5-sync-app-policies', optional: true },
    { template: CONNECTION_DIRS[5], dir: '6-matching-rules', optional: true },
    { template: CONNECTION_DIRS[6], dir: '7-duplicate-rules', optional: true }
];
/** The steps every org deploys. */
export const REQUIRED_STEPS = STEPS.filter((s) => !s.optional);
/** The optional Open CTI step (native click-to-dial, docs/OPEN-CTI.md). */
export const OPEN_CTI_STEP = /** @type {{ template: string, dir: string, optional: boolean }} */ (STEPS.find((s) => s.dir === '3-open-cti'));

/**
 * The contact-sync steps (docs/SYNC.md), in deployment order: the External Client App Diamy_Integration (its callback
 * names the instance), its OAuth policies (the deployment of the app generates them; this step pre-authorises the
 * packaged permission set Diamy_Integration), the matching rules, then the duplicate rules (a duplicate rule needs
 * active matching rules, and activating a matching rule runs in the background).
 */
export const SYNC_STEPS = STEPS.filter((s) => /^[4-7]-/.test(s.dir));

/** The callback of the External Client App Diamy_Integration: where Salesforce sends the admin back after authorising Diamy. */
export function syncCallbackUrl(/** @type {string} */ host) {
    return `https://${host}/api/integrations/salesforce/callback`;
}

/** Written in every generated project: re-running configure only replaces a folder that has it. */
export const MARKER_FILE = '.diamy-connection.json';

const USAGE = 'usage: npm run configure -- --instance <name> [--host <host>[:<port>]] [--contact-email <address>] [--out <dir>]';

/** An email address without anything XML or a URL could carry (the External Client App's contactEmail). */
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * Checks the contact email of the External Client App (the admin Salesforce writes to about the app). Returns it.
 * @param {unknown} email
 */
export function validateContactEmail(email) {
    if (typeof email !== 'string' || !EMAIL.test(email))
        throw new UsageError(`invalid --contact-email ${JSON.stringify(email)}: give one address, e.g. salesforce-admin@acme.fr`);
    return email;
}

/**
 * Writes the contact email into the External Client App header (externalClientApps/<name>.eca-meta.xml), right after
 * the root element (contactEmail is the first element of the type); other files come back unchanged.
 * @param {string} file path relative to the step folder, with /
 * @param {string} text
 * @param {string | undefined} email
 */
export function withContactEmail(file, text, email) {
    if (email === undefined || !/(?:^|\/)externalClientApps\/[^/]+\.eca-meta\.xml$/.test(file)) return text;
    return text.replace(/(<ExternalClientApplication [^>]*>\n)/, `$1    <contactEmail>${email}</contactEmail>\n`);
}

/**
 * Checks an instance name (a DNS label). Returns it.
 * @param {unknown} instance
 */
export function validateInstance(instance) {
    if (typeof instance !== 'string' || instance === '')
        throw new UsageError(`--instance is required (the Diamy instance name, e.g. acme for acme.diamy.fr)\n${USAGE}`);
    if (!DNS_LABEL.test(instance)) {
        throw new UsageError(
            `invalid instance ${JSON.stringify(instance)}: an instance name is a DNS label, 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen`
        );
    }
    return instance;
}

/**
 * Checks a host: a DNS name of at least two labels (each a DNS label), optionally `:port`; no scheme,
 * path, user info, whitespace, quotes or XML special characters. Returns it.
 * @param {unknown} host
 */
export function validateHost(host) {
    const shown = JSON.stringify(host);
    if (typeof host !== 'string' || host === '')
        throw new UsageError(`--host is empty: give the Diamy host, e.g. acme.diamy.fr or acme.diamy.fr:8443`);
    if (host.includes('://'))
        throw new UsageError(
            `invalid host ${shown}: give the host name only, without a scheme (acme.diamy.fr, not https://acme.diamy.fr)`
        );
    if (/[\s"'`<>&@/\\?#]/.test(host)) {
        throw new UsageError(
            `invalid host ${shown}: a host is a DNS name with an optional :port, without path, query, user info, whitespace, quotes or < > &`
        );
    }
    const m = /^([^:]*)(?::([0-9]{1,5}))?$/.exec(host);
    if (!m) throw new UsageError(`invalid host ${shown}: only one :port, of digits, may follow the name`);
    const [, name, port] = m;
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
        throw new UsageError(`invalid host ${shown}: port ${port} is not between 1 and 65535`);
    const labels = name.split('.');
    if (
        name.length > 253 ||
        labels.length < 2 ||
        !labels.every((l) => DNS_LABEL.test(l)) ||
        /^[0-9]+$/.test(labels[labels.length - 1])
    ) {
        throw new UsageError(
            `invalid host ${shown}: expected a DNS name with at least one dot (labels of lowercase letters, digits and inner hyphens, 63 characters at most), e.g. acme.diamy.fr`
        );
    }
    return host;
}

/**
 * The Diamy host of an instance.
 * @param {string} instance
 */
export function defaultHost(instance) {
    return `${instance}.diamy.fr`;
}

/**
 * @param {string} dir
 * @param {string} [base]
 * @returns {string[]} paths relative to base, with /, sorted
 */
function listFiles(dir, base = dir) {
    /** @type {string[]} */
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...listFiles(full, base));
        else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
    }
    return out.sort();
}

/**
 * Replaces the placeholder host in one template file. Sentences of <description> elements that tell the
 * administrator to replace the placeholder are dropped: in a generated project the host is already set.
 * @param {string} text
 * @param {string} host
 */
export function substituteHost(text, host) {
    const withoutInstructions = text.replace(/<description>([^<]*)<\/description>/g, (all, /** @type {string} */ body) => {
        const sentences = body.split(/(?<=\.)\s+/);
        const kept = sentences.filter((s) => !/placeholder|diamy-instance\.example\.com/i.test(s));
        return kept.length === sentences.length || kept.length === 0 ? all : `<description>${kept.join(' ')}</description>`;
    });
    return withoutInstructions.split(PLACEHOLDER_HOST).join(host);
}

/**
 * The CSP directives of each generated Trusted URL, whatever the template says: the https origin serves the REST API
 * (connect-src) and the call recordings the call history plays in an <audio> element through a signed link
 * (media-src); the wss origin only the real-time channel (connect-src). Nothing else (no frames, scripts, styles,
 * fonts, images, camera or microphone). docs/SECURITY.md.
 */
export const TRUSTED_URL_DIRECTIVES = {
    Diamy_Instance: { isApplicableToConnectSrc: true, isApplicableToMediaSrc: true },
    Diamy_Instance_WebSocket: { isApplicableToConnectSrc: true, isApplicableToMediaSrc: false }
};
const OFF_DIRECTIVES = ['isApplicableToFontSrc', 'isApplicableToFrameSrc', 'isApplicableToImgSrc', 'isApplicableToStyleSrc', 'canAccessCamera', 'canAccessMicrophone'];

/**
 * Sets the directives of a Trusted URL file (cspTrustedSites/<name>.cspTrustedSite-meta.xml) to TRUSTED_URL_DIRECTIVES;
 * other files come back unchanged. A Trusted URL the generator does not know is refused (a new one must be listed).
 * @param {string} file path relative to the step folder, with /
 * @param {string} text
 */
export function enforceTrustedUrlDirectives(file, text) {
    const match = /(?:^|\/)cspTrustedSites\/([^/]+)\.cspTrustedSite-meta\.xml$/.exec(file);
    if (!match) return text;
    const name = /** @type {keyof typeof TRUSTED_URL_DIRECTIVES} */ (match[1]);
    const wanted = TRUSTED_URL_DIRECTIVES[name];
    if (!wanted) throw new UsageError(`connection template: Trusted URL ${match[1]} has no directives in scripts/configure.mjs (TRUSTED_URL_DIRECTIVES)`);
    /** @type {Record<string, boolean>} */
    const values = { ...Object.fromEntries(OFF_DIRECTIVES.map((d) => [d, false])), ...wanted };
    let out = text;
    for (const [element, value] of Object.entries(values)) {
        const pattern = new RegExp(`<${element}>(?:true|false)</${element}>`);
        if (!pattern.test(out)) throw new UsageError(`connection template: ${file} has no <${element}>`);
        out = out.replace(pattern, `<${element}>${value}</${element}>`);
    }
    return out;
}

/**
 * The README of a generated project, in English and French.
 * @param {{ instance: string, host: string }} options
 */
export function readmeText({ instance, host }) {
    const deploy = REQUIRED_STEPS.map((s) => `sf project deploy start --source-dir ${s.dir} --target-org <alias>`).join('\n');
    const openCti = `sf project deploy start --source-dir ${OPEN_CTI_STEP.dir} --target-org <alias>`;
    const [app, policies, matching, duplicates] = SYNC_STEPS.map((st) => `sf project deploy start --source-dir ${st.dir} --target-org <alias>`);
    const callback = syncCallbackUrl(host);
    return `# Diamy connection — ${instance} (${host})

Generated by \`npm run configure -- --instance ${instance}${host === defaultHost(instance) ? '' : ` --host ${host}`}\` from the Diamy for Salesforce
repository. Do not edit these files: run configure again.

## English

This project connects one Salesforce org to the Diamy instance **${host}**:

- \`1-credentials/\`: External Credential *Diamy* (OAuth client credentials, token URL
  \`https://${host}/v2/oauth/token\`), Named Credential *Diamy_API* (\`https://${host}\`), External Service
  *Diamy_Agent_Sessions*, Trusted URLs *Diamy_Instance* (\`https://${host}\`: the API, and the call recordings the
  call history plays) and *Diamy_Instance_WebSocket* (\`wss://${host}\`).
- \`2-agent-session/\`: flow *Diamy Agent Session* (gives the softphone its Diamy token) and permission set
  *Diamy Connection*.

Before you start: install the **Diamy for Salesforce** package in the org (the flow writes errors to its
*Diamy Integration Log* object), install the Salesforce CLI (\`sf\`) and log in:
\`sf org login web --alias <alias>\` (add \`--instance-url https://test.salesforce.com\` for a sandbox).

Deploy from this folder, in this order (the flow fails to deploy in the same deployment as the External
Service it calls, forcedotcom/cli#2233):

\`\`\`bash
${deploy}
\`\`\`

Then, in the org:

1. Ask Diamy for an API client **bound to this org** that may have only the scope \`agent_sessions:create\`,
   and give them the org's Organization ID (Setup → Company Information). The External Credential asks for that
   one scope: the org token can create agent sessions for users of this org and call nothing else. See
   docs/SECURITY.md §4 of the repository for the trust model.
2. Setup → Named Credentials → External Credentials → **Diamy** → Principals → **Diamy_Org** → Edit: enter the
   client id and client secret that Diamy gave you for this org. They stay in the org when you deploy this
   project again. Do not change the Scope of the External Credential.
3. Assign the permission set **Diamy Connection** to every user who has **Diamy Agent** or **Diamy Admin**
   (Setup → Permission Sets → Diamy Connection → Manage Assignments, or
   \`sf org assign permset --name Diamy_Connection --on-behalf-of <username> --target-org <alias>\`).

### Optional: native click-to-dial through Open CTI (\`${OPEN_CTI_STEP.dir}/\`)

The package's click-to-dial components work without this step. Deploy it only if agents should also dial by
clicking the standard phone fields everywhere (list views, related lists, highlights panels): it adds the Open CTI
call center *Diamy Click-to-Dial*, whose adapter page (*DiamyClickToDialBridge*, in the package) hands each click
to the Diamy softphone. Open CTI is in maintenance mode, will be retired on February 28, 2028, and cannot be used in
newly created Agentforce Service orgs: read docs/OPEN-CTI.md of the repository first.

\`\`\`bash
${openCti}
\`\`\`

Then: Setup → Call Centers → *Diamy Click-to-Dial* → Manage Call Center Users: add the agents (a user belongs to
one call center only); and in App Manager, add the **Open CTI Softphone** utility item to the agents' app next to
the Diamy softphone, with *Start automatically* checked.

### Contact sync with Diamy (\`4-sync-app/\` to \`7-duplicate-rules/\`)

For orgs that sync contacts with Diamy (docs/SYNC.md of the repository). In this order:

1. Create the integration user Diamy's server signs in as (profile *Minimum Access - API Only Integrations*) and
   assign it the package's permission set **Diamy Integration** (API Enabled; reads every Contact, Lead and Account,
   creates and edits Contacts and Leads, never deletes).
2. The External Client App *Diamy Integration* (scopes \`api\` — shown as "Manage user data via APIs" —,
   \`refresh_token offline_access\` and \`custom_permissions\`; callback \`${callback}\`):

   \`\`\`bash
   ${app}
   ${policies}
   \`\`\`

   If the first deployment refuses the OAuth settings, an admin turns on the External Client App settings the Metadata
   API reference names for them (Setup → External Client App Settings: allow access to consumer secrets through the
   Metadata API) and deploys again. The second deployment sets its policies: admin-approved users are pre-authorised, through the permission set
   **Diamy Integration** only; IP restrictions enforced; refresh token valid until revoked. Change them in Setup →
   External Client App Manager → Diamy Integration → Policies if your security rules differ: *Relax IP
   restrictions* only if the integration user's profile has login IP ranges that exclude Diamy's servers; a refresh
   token expiry stops the sync until someone connects again.
3. Setup → External Client App Manager → Diamy Integration → Settings → OAuth Settings → *Consumer Key and
   Secret*: copy both into Diamy's admin console (Salesforce integration), then connect from that console while
   signed in to Salesforce as the integration user. The secret stays in Salesforce and in Diamy: never in a file.
4. Duplicate handling (optional: skip if your org's own duplicate rules should apply; Diamy's server handles
   \`DUPLICATES_DETECTED\` from any active rule):

   \`\`\`bash
   ${matching}
   \`\`\`

   Wait until Setup → Matching Rules shows the six *Diamy* rules **Active** (Salesforce activates them in the
   background and sends an email), then:

   \`\`\`bash
   ${duplicates}
   \`\`\`

An org that already has a connected app for Diamy (created before Spring '26, when new connected apps still could be
created) may keep it: give its consumer key and secret to Diamy instead of step 3, set its OAuth policies as in step 2
(pre-authorised through **Diamy Integration**) and skip \`${SYNC_STEPS[0].dir}\` and \`${SYNC_STEPS[1].dir}\`.

## Français

Ce projet relie une org Salesforce à l'instance Diamy **${host}** :

- \`1-credentials/\` : identifiant externe *Diamy* (OAuth, identifiants client, URL du jeton
  \`https://${host}/v2/oauth/token\`), identifiant nommé *Diamy_API* (\`https://${host}\`), service externe
  *Diamy_Agent_Sessions*, URL de confiance *Diamy_Instance* (\`https://${host}\` : l'API, et les enregistrements
  d'appels que l'historique des appels fait écouter) et *Diamy_Instance_WebSocket* (\`wss://${host}\`).
- \`2-agent-session/\` : flux *Diamy Agent Session* (il donne au softphone son jeton Diamy) et ensemble
  d'autorisations *Diamy Connection*.

Avant de commencer : installez le package **Diamy for Salesforce** dans l'org (le flux enregistre ses erreurs
dans son objet *Diamy Integration Log*), installez la CLI Salesforce (\`sf\`) et connectez-vous :
\`sf org login web --alias <alias>\` (ajoutez \`--instance-url https://test.salesforce.com\` pour une sandbox).

Déployez depuis ce dossier, dans cet ordre (le flux ne se déploie pas dans le même déploiement que le service
externe qu'il appelle, forcedotcom/cli#2233) :

\`\`\`bash
${deploy}
\`\`\`

Ensuite, dans l'org :

1. Demandez à Diamy une application cliente d'API **liée à cette org**, autorisée pour le seul scope
   \`agent_sessions:create\`, en lui donnant l'ID d'organisation de l'org
   (Configuration → Informations sur la société). L'identifiant externe demande ce seul scope : le jeton de l'org
   peut créer des sessions d'agent pour les utilisateurs de cette org et rien d'autre. Le modèle de confiance est
   décrit dans docs/SECURITY.md §4 du dépôt.
2. Configuration → Identifiants nommés → Identifiants externes → **Diamy** → Principaux → **Diamy_Org** →
   Modifier : saisissez l'identifiant client et le secret client que Diamy vous a remis pour cette org. Ils
   restent dans l'org quand vous redéployez ce projet. Ne modifiez pas le scope de l'identifiant externe.
3. Attribuez l'ensemble d'autorisations **Diamy Connection** à chaque utilisateur qui a **Diamy Agent** ou
   **Diamy Admin** (Configuration → Ensembles d'autorisations → Diamy Connection → Gérer les attributions, ou
   \`sf org assign permset --name Diamy_Connection --on-behalf-of <nom d'utilisateur> --target-org <alias>\`).

### Facultatif : le click-to-dial natif par Open CTI (\`${OPEN_CTI_STEP.dir}/\`)

Les composants click-to-dial du package fonctionnent sans cette étape. Ne la déployez que si les agents doivent
aussi appeler en cliquant sur les champs téléphone standard partout (vues de liste, listes associées, panneaux de
mise en évidence) : elle ajoute le centre d'appels Open CTI *Diamy Click-to-Dial*, dont la page d'adaptateur
(*DiamyClickToDialBridge*, dans le package) transmet chaque clic au softphone Diamy. Open CTI est en mode
maintenance, sera retiré le 28 février 2028 et n'est pas disponible dans les orgs Agentforce Service créées
récemment : lisez d'abord docs/OPEN-CTI.md du dépôt.

\`\`\`bash
${openCti}
\`\`\`

Ensuite : Configuration → Centres d'appels → *Diamy Click-to-Dial* → Gérer les utilisateurs du centre d'appels :
ajoutez les agents (un utilisateur n'appartient qu'à un seul centre d'appels) ; puis dans le Gestionnaire
d'applications, ajoutez l'élément utilitaire **Softphone Open CTI** à l'application des agents, à côté du softphone
Diamy, avec *Démarrer automatiquement* coché.

### Synchronisation des contacts avec Diamy (\`4-sync-app/\` à \`7-duplicate-rules/\`)

Pour les orgs qui synchronisent leurs contacts avec Diamy (docs/SYNC.md du dépôt). Dans cet ordre :

1. Créez l'utilisateur d'intégration sous lequel le serveur de Diamy se connecte (profil *Minimum Access - API Only
   Integrations*) et attribuez-lui l'ensemble d'autorisations **Diamy Integration** du package (API activée ; il
   lit tous les contacts, pistes et comptes, crée et modifie contacts et pistes, ne supprime jamais rien).
2. L'application cliente externe *Diamy Integration* (scopes \`api\` — affiché « Gérer les données utilisateur via
   les API » —, \`refresh_token offline_access\` et \`custom_permissions\` ; URL de rappel \`${callback}\`) :

   \`\`\`bash
   ${app}
   ${policies}
   \`\`\`

   Si le premier déploiement refuse les paramètres OAuth, un administrateur active le réglage que la référence de la
   Metadata API indique pour eux (Configuration → Paramètres des applications clientes externes : autoriser l'accès
   aux secrets du consommateur par la Metadata API) et redéploie. Le second déploiement fixe ses stratégies : les utilisateurs approuvés par l'administrateur sont pré-autorisés,
   uniquement par l'ensemble d'autorisations **Diamy Integration** ; restrictions d'adresses IP appliquées ; jeton
   d'actualisation valable jusqu'à sa révocation. Modifiez-les dans Configuration → Gestionnaire d'applications
   clientes externes → Diamy Integration → Stratégies si vos règles de sécurité diffèrent : n'assouplissez les
   restrictions IP que si le profil de l'utilisateur d'intégration limite les plages IP de connexion et exclut les
   serveurs de Diamy ; un jeton d'actualisation qui expire arrête la synchronisation jusqu'à la prochaine connexion.
3. Configuration → Gestionnaire d'applications clientes externes → Diamy Integration → Paramètres → Paramètres
   OAuth → *Clé et secret du consommateur* : copiez-les dans la console d'administration de Diamy (intégration
   Salesforce), puis connectez-vous depuis cette console en étant connecté à Salesforce avec l'utilisateur
   d'intégration. Le secret reste dans Salesforce et chez Diamy, jamais dans un fichier.
4. Gestion des doublons (facultatif : ignorez cette étape si les règles de doublons de votre org doivent
   s'appliquer ; le serveur de Diamy traite \`DUPLICATES_DETECTED\` quelle que soit la règle active) :

   \`\`\`bash
   ${matching}
   \`\`\`

   Attendez que Configuration → Règles de correspondance affiche les six règles *Diamy* **actives** (Salesforce les
   active en arrière-plan et envoie un e-mail), puis :

   \`\`\`bash
   ${duplicates}
   \`\`\`

Une org qui a déjà une application connectée pour Diamy (créée avant Spring '26, quand on pouvait encore en créer) peut
la garder : remettez à Diamy sa clé et son secret du consommateur au lieu de l'étape 3, réglez ses stratégies OAuth
comme à l'étape 2 (pré-autorisation par **Diamy Integration**) et ne déployez ni \`${SYNC_STEPS[0].dir}\` ni
\`${SYNC_STEPS[1].dir}\`.
`;
}

/**
 * Refuses to replace a folder that configure did not generate (or the project itself).
 * @param {string} outDir
 * @param {string} root
 */
function checkOutDir(outDir, root) {
    const rel = path.relative(outDir, root);
    if (rel === '' || rel.split(path.sep)[0] !== '..' || path.isAbsolute(rel))
        throw new UsageError(`--out ${outDir} is the project or one of its parent folders`);
    if (!existsSync(outDir)) return;
    if (!statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir} exists and is not a folder`);
    if (readdirSync(outDir).length && !existsSync(path.join(outDir, MARKER_FILE))) {
        throw new UsageError(
            `refusing to replace ${outDir}: it is not empty and was not generated by npm run configure (no ${MARKER_FILE})`
        );
    }
}

/**
 * Generates the connection project of one Diamy instance, replacing `outDir` if configure made it before.
 * @param {{ instance: string, host?: string, outDir?: string, contactEmail?: string, root?: string }} options
 *   contactEmail: the External Client App's contact (the admin Salesforce writes to about it); none when absent
 *   root: the project whose connection/ template and sourceApiVersion are used (default: DIAMY_PROJECT_ROOT or this repository)
 * @returns {{ instance: string, host: string, outDir: string, files: string[] }} files: relative to outDir, sorted
 */
export function generateConnection({ instance, host, outDir, contactEmail, root = projectRoot() }) {
    validateInstance(instance);
    if (contactEmail !== undefined) validateContactEmail(contactEmail);
    const finalHost = validateHost(host ?? defaultHost(instance));
    const out = path.resolve(outDir ?? path.join(root, 'build', `diamy-connection-${instance}`));
    checkOutDir(out, root);
    const { sourceApiVersion } = readProjectJson(root);
    if (!sourceApiVersion) throw new UsageError(`${path.join(root, 'sfdx-project.json')} has no sourceApiVersion`);
    for (const step of STEPS) {
        if (!existsSync(path.join(root, step.template)))
            throw new UsageError(`connection template missing: ${path.join(root, step.template)}`);
    }

    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    for (const step of STEPS) {
        const target = path.join(out, step.dir);
        cpSync(path.join(root, step.template), target, { recursive: true });
        for (const file of listFiles(target)) {
            const full = path.join(target, file);
            const text = enforceTrustedUrlDirectives(file, substituteHost(readFileSync(full, 'utf8'), finalHost));
            writeFileSync(full, withContactEmail(file, text, contactEmail));
        }
    }
    const project = {
        packageDirectories: STEPS.map((s, i) => ({ path: s.dir, default: i === 0 })),
        name: `diamy-connection-${instance}`,
        namespace: '',
        sfdcLoginUrl: 'https://login.salesforce.com',
        sourceApiVersion
    };
    writeFileSync(path.join(out, 'sfdx-project.json'), `${JSON.stringify(project, null, 2)}\n`);
    writeFileSync(path.join(out, 'README.md'), readmeText({ instance, host: finalHost }));
    writeFileSync(
        path.join(out, MARKER_FILE),
        `${JSON.stringify({ generatedBy: 'npm run configure', instance, host: finalHost }, null, 2)}\n`
    );

    const files = listFiles(out);
    const leftovers = files.filter((f) => readFileSync(path.join(out, f), 'utf8').includes(PLACEHOLDER_HOST));
    if (leftovers.length) throw new Error(`placeholder host ${PLACEHOLDER_HOST} left in ${leftovers.join(', ')}`);
    return { instance, host: finalHost, outDir: out, files };
}

/**
 * The deployment commands of a generated project, in order.
 * @param {string} targetOrg
 */
export function deployCommands(targetOrg = '<alias>') {
    return REQUIRED_STEPS.map((s) => ({
        cmd: 'sf',
        args: ['project', 'deploy', 'start', '--source-dir', s.dir, '--target-org', targetOrg]
    }));
}

/**
 * The command line.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} [env]
 */
export function main(argv, env = process.env) {
    const opts = parseOptions(
        argv,
        {
            instance: { type: 'string' },
            host: { type: 'string' },
            out: { type: 'string' },
            'contact-email': { type: 'string' },
            help: { type: 'boolean', short: 'h' }
        },
        USAGE
    );
    if (opts.help) {
        console.log(USAGE);
        return 0;
    }
    const base = env.INIT_CWD || process.cwd();
    const result = generateConnection({
        instance: /** @type {string} */ (opts.instance),
        host: opts.host,
        contactEmail: /** @type {string | undefined} */ (opts['contact-email']),
        outDir: opts.out === undefined ? undefined : path.resolve(base, opts.out),
        root: projectRoot(env)
    });
    const relOut = path.relative(process.cwd(), result.outDir);
    const shown = relOut === '' ? '.' : relOut.split(path.sep)[0] === '..' || path.isAbsolute(relOut) ? result.outDir : relOut;
    console.log(`Diamy connection for ${result.instance} → https://${result.host}, wss://${result.host}`);
    console.log(`generated ${shown}/ (${result.files.length} files):`);
    for (const f of result.files) console.log(`  ${f}`);
    console.log(`no file contains ${PLACEHOLDER_HOST}.`);
    console.log(`\nDeploy it to an org where the Diamy for Salesforce package is installed, in this order:\n`);
    console.log(`  cd ${shown}`);
    for (const c of deployCommands()) console.log(`  ${[c.cmd, ...c.args].join(' ')}`);
    console.log(
        `\nThen: ask Diamy for a client bound to this org's Organization ID with only the scope agent_sessions:create,`
    );
    console.log(`enter its client id and secret on principal Diamy_Org (Setup → Named Credentials → External Credentials → Diamy),`);
    console.log(`and assign Diamy Connection with Diamy Agent or Diamy Admin. ${shown}/README.md says it in English and French.`);
    console.log(
        `\nContact sync with Diamy: ${SYNC_STEPS.map((st) => `${st.dir}/`).join(', ')} (External Client App Diamy Integration, callback ${syncCallbackUrl(result.host)}; duplicate rules): README.md and docs/SYNC.md.`
    );
    console.log(
        `\nOptional: ${OPEN_CTI_STEP.dir}/ adds native click-to-dial on phone fields through Open CTI (retired on 28 February 2028): README.md and docs/OPEN-CTI.md.`
    );
    return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
    runMain('configure', () => main(process.argv.slice(2)));
}
