/**
 * Redaction of everything the browser writes to diagnostics and to Diamy_Integration_Log__c.
 *
 * - `redact(value)`: a deep, bounded copy of any value (depth, items, keys, nodes and characters are capped)
 *   where secret-named keys are replaced and every string goes through `redactText`. It never throws: cycles,
 *   getters or proxies that throw, typed arrays and huge strings come out as short markers.
 * - `redactText(text)`: replaces secrets found by shape anywhere in text — private key blocks, query strings and
 *   fragments of URLs (`stripQuery`), signed query strings, authorization values (Bearer, Basic, Digest, AWS4…),
 *   JWTs, well-known token formats, `key=value`, `key: value`, `"key": "value"` and URL-encoded `key%3Dvalue`
 *   for secret keys, and long opaque values right after a secret word.
 * - `stripQuery(url)`: keeps scheme, host and path; drops user info, query string and fragment.
 *
 * Phone numbers, call ids, record ids and error codes are left alone: they are what an admin needs to diagnose.
 * The shapes are proven one by one by the corpus in __tests__/redactCorpus.ts.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]';
/** What replaces a part of a value past the limits. */
export const TRUNCATED = '[truncated]';
/** What replaces a value that could not be read (a getter or proxy that throws). */
export const UNREADABLE = '[unreadable]';
/** What replaces an object that contains itself. */
export const CIRCULAR = '[circular]';

/** Longest text redacted (the size of Diamy_Integration_Log__c.Payload__c); longer text is cut first. */
export const MAX_TEXT = 131072;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const MAX_KEYS = 200;
const MAX_KEY_LENGTH = 256;
const MAX_NODES = 10000;
const MAX_TOTAL_CHARS = 2 * MAX_TEXT;

// ---------------------------------------------------------------------------------------------------------
// Secret key names

/** Key fragments that make a key secret wherever they appear (compared on the lower-cased key without _-. ). */
const SECRET_KEY_PARTS = [
    'token',
    'secret',
    'passw',
    'passphrase',
    'passcode',
    'pwd',
    'authoriz',
    'assertion',
    'cookie',
    'credential',
    'privatekey',
    'privkey',
    'apikey',
    'accesskey',
    'accountkey',
    'signingkey',
    'sharedkey',
    'encryptionkey',
    'masterkey',
    'signature',
    'jwt',
    'session',
    'bearer',
    'authcode',
    'codeverifier',
    'samlresponse',
    'samlrequest',
    'csrf',
    'xsrf',
    'totp'
];
/** Short names that are secrets only as the whole key (so `signal` or `side` are not). */
const SECRET_KEY_NAMES = new Set(['auth', 'pass', 'sid', 'sig', 'pin', 'otp', 'mfa', 'mfacode', 'hmac']);
/** Keys whose value runs to the end of the line (header lines with spaces, commas and `;` inside). */
const LINE_KEYS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'wwwauthenticate']);

function compactKey(key: string): string {
    return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Whether a key names a secret: token, secret, password, authorization, cookie, session, apiKey, jwt,
 * credential(s), private_key, signature, sig, otp, pin… in any case and in snake, kebab or camel form.
 */
export function isSecretKey(key: string): boolean {
    const compact = compactKey(key);
    if (compact === '') {
        return false;
    }
    if (SECRET_KEY_NAMES.has(compact)) {
        return true;
    }
    if (SECRET_KEY_PARTS.some((part) => compact.includes(part))) {
        return true;
    }
    // auth…, but not author/authority; …pin (voicemail pin) but not spin; otp… / …otp.
    return (
        (compact.startsWith('auth') && !compact.startsWith('author')) ||
        (compact.endsWith('pin') && !compact.endsWith('spin')) ||
        compact.startsWith('otp') ||
        compact.endsWith('otp')
    );
}

// ---------------------------------------------------------------------------------------------------------
// URLs

const URL_START = /(^|[^A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const USER_INFO = /^([A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/)[^/?#@]*@/;
const TRAILING_PUNCTUATION = ').,;:!]';

/** Punctuation that ends a sentence rather than the URL (`(see https://…?a=b).`), scanned from the end. */
function trailingPunctuation(word: string): string {
    let start = word.length;
    while (start > 0 && TRAILING_PUNCTUATION.includes(word.charAt(start - 1))) {
        start -= 1;
    }
    return word.slice(start);
}

/** A URL without its query string and fragment, and without user info (`user:password@`): scheme, host, path. */
export function stripQuery(url: string): string {
    const text = String(url);
    const end = text.search(/[?#]/);
    const base = end === -1 ? text : text.slice(0, end);
    return base.replace(USER_INFO, '$1');
}

/** Query keys that make a bare query string (no URL around it) a signed one: the whole string is removed. */
const SIGNED_QUERY_KEY =
    /(?:^|[?&;])(?:sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|key-pair-id)=/i;

/** One "word" of text: a run without spaces, quotes, angle brackets, backslashes or backquotes. */
const WORD = /[^\s"'<>\\`]+/g;

function stripWord(word: string): string {
    const found = URL_START.exec(word);
    if (found) {
        const at = found.index + (found[1] ?? '').length;
        const prefix = word.slice(0, at);
        const url = word.slice(at);
        const trailing = trailingPunctuation(url);
        return `${prefix}${stripQuery(url.slice(0, url.length - trailing.length))}${trailing}`;
    }
    // A relative URL with a query string (/v2/agent/stream?access_token=…): keep the path.
    const query = word.search(/[?#]/);
    if (query > 0 && word.lastIndexOf('/', query) !== -1 && word.indexOf('=', query) !== -1) {
        const trailing = trailingPunctuation(word);
        return `${word.slice(0, query)}${trailing}`;
    }
    // A bare signed query string (Azure SAS sv=…&se=…&sp=…&sig=…, X-Amz-…&X-Amz-Signature=…).
    if (word.includes('&') && SIGNED_QUERY_KEY.test(word)) {
        return REDACTED;
    }
    return word;
}

// ---------------------------------------------------------------------------------------------------------
// Shapes found anywhere in text

const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$)/g;

/** Schemes whose credential is one token: `Bearer <token>`, `SharedKey account:signature`. */
const TOKEN_SCHEME = /\b(Bearer|SharedKey|SharedKeyLite)(\s+)([^\s"'<>\\,;]{1,8192})/gi;
/** Schemes whose credential is base64: `Basic dXNlcjpwYXNz`, `Negotiate …`, `NTLM …`. */
const BASE64_SCHEME = /\b(Basic|Negotiate|NTLM|Kerberos)(\s+)([A-Za-z0-9+/]{4,8192}={0,2})(?![A-Za-z0-9+/=])/gi;
/** Schemes whose credential is a parameter list: `Digest username="…", response="…"`, `AWS4-HMAC-SHA256 Credential=…`. */
const PARAMETER_SCHEME =
    /\b(Digest|AWS4-HMAC-SHA256|GOOG4-RSA-SHA256|Hawk|OAuth|SCRAM-SHA-1|SCRAM-SHA-256|HOBA|Mutual|vapid)(\s+)([A-Za-z][\w-]{0,63}\s*=\s*(?:"[^"\r\n]{0,4096}"|[^\s,"]{0,4096})(?:\s*,\s*[A-Za-z][\w-]{0,63}\s*=\s*(?:"[^"\r\n]{0,4096}"|[^\s,"]{0,4096}))*)/gi;
/** AWS signature version 2: `AWS AKIA…:signature`. */
const AWS_V2_SCHEME = /\bAWS(\s+)[A-Z0-9]{16,128}:[A-Za-z0-9+/]{8,256}={0,2}/g;

/** JSON Web Tokens (JWS, JWE; also cut ones): a base64url `{"` header, a dot and what follows. */
const JWT = /\beyJ[A-Za-z0-9_-]{2,2048}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,3}/g;

/** Token formats recognisable on their own. */
const KNOWN_TOKENS: [RegExp, string][] = [
    // Salesforce session id / access token: the org id stays (it is a record id), the rest goes.
    [/\b(00D[A-Za-z0-9]{12,15})![A-Za-z0-9._]{20,2048}/g, `$1!${REDACTED}`],
    // AWS access key ids.
    [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, REDACTED],
    // GitHub, GitLab, Slack, Stripe secret keys, Google API keys, sk-… API keys.
    [/\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{20,255})/g, REDACTED],
    [/\bglpat-[A-Za-z0-9_-]{20,255}/g, REDACTED],
    [/\bxox[abposr]-[A-Za-z0-9-]{10,255}/g, REDACTED],
    [/\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,255}/g, REDACTED],
    [/\bAIza[0-9A-Za-z_-]{35}/g, REDACTED],
    [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,255}/g, REDACTED]
];

/** A long opaque value (hex, base64, base64url) right after a secret word: `API key sk-…`, `secret is 9f86d0…`. */
const OPAQUE_AFTER_SECRET_WORD =
    /\b(tokens?|secrets?|passwords?|passwd|pwd|passphrase|passcode|(?:api|access|secret|private|signing|account|client|session)[ _-]?keys?|credentials?|signatures?|session(?:[ _-]?(?:id|token))?|cookies?|assertion|jwt)\b((?:[ \t]{0,16}[:=][ \t]{0,16}|[ \t]{1,16}(?:is|was|value)[ \t]{1,16}|[ \t]{1,16})["'`]?)([A-Za-z0-9+/_.~-]{16,4096}={0,2})/gi;

/** Base64 that is a credential, not an English word after "Basic" or "NTLM". */
function looksLikeBase64Credential(value: string): boolean {
    const bare = value.replace(/=+$/, '');
    return bare.length >= 4 && (/[0-9+/]/.test(value) || /=$/.test(value) || (/[A-Z]/.test(bare.slice(1)) && /[a-z]/.test(bare)));
}

// ---------------------------------------------------------------------------------------------------------
// key=value, key: value, "key": "value", key%3Dvalue

/**
 * A key and its separator: the character before the key (so that a key is only looked for where a word starts,
 * which keeps the scan linear), the key, an optional closing quote (possibly escaped), then `=`, `:` or a
 * URL-encoded `=`/`:` (`%3D`, `%253D`, `%22%3A%22`). A key right after a percent escape (`%3Fsig`) starts with
 * the escape's hex digits; `keyName` removes them.
 */
const KEY_SEPARATOR =
    /(^|[^A-Za-z0-9_.-])([A-Za-z0-9][A-Za-z0-9_.-]*)(\\{0,8}["'])?([ \t]*[:=][ \t]*|(?:%(?:25){0,4}22)?%(?:25){0,4}3[ADad](?:%(?:25){0,4}22)?)/g;
const ESCAPE_TAIL = /^(?:25){0,4}[0-9A-Fa-f]{2}/;
const KEY_CHAR = /[A-Za-z0-9_.-]/;
const VALUE_QUOTED = /(\\{0,8})(["'])((?:(?!\1\2)(?:\\[^\r\n]|[^\r\n\\]))*)/y;
const VALUE_ENCODED = /(?:(?!%(?:25){0,4}(?:26|22|2[Cc]|3[Bb]|20|0[AaDd]))[^&\s"'<>\\])+/y;
const VALUE_LINE = /(?:(?!\\[nr])[^\r\n])+/y;
/** A header line inside a quoted string (`-H "Authorization: …"`) ends at that quote. */
const VALUE_LINE_IN_QUOTES: Record<string, RegExp> = { '"': /(?:(?!\\[nr])[^\r\n"])+/y, "'": /(?:(?!\\[nr])[^\r\n'])+/y };
const VALUE_PLAIN = /[^\s&,;"'<>\\(){}[\]]+/y;
const ERROR_CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const SENTENCE = /^[A-Z][a-z]+[ ,]+[a-z]/;
const SCHEME_AND_VALUE = /^([A-Za-z][A-Za-z0-9-]{0,31})\s+\S/;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
    pattern.lastIndex = at;
    return pattern.exec(text);
}

/** The key as written, without the hex digits of a percent escape just before it (`%3Fsig` → `sig`). */
function keyName(keyStart: string, key: string): string {
    return keyStart === '%' ? key.replace(ESCAPE_TAIL, '') : key;
}

/** Where to look for the next key after a separator: at its last character that cannot be part of a key. */
function resumeAt(text: string, from: number, to: number): number {
    for (let index = to - 1; index >= from; index -= 1) {
        if (!KEY_CHAR.test(text.charAt(index))) {
            return index;
        }
    }
    return to;
}

/** Replaces the values of secret keys in every key/value form; other keys and values are left as they are. */
function redactKeyedValues(text: string): string {
    let out = '';
    let copied = 0;
    KEY_SEPARATOR.lastIndex = 0;
    for (let found = KEY_SEPARATOR.exec(text); found; found = KEY_SEPARATOR.exec(text)) {
        const before = found[1] ?? '';
        const quotedKey = Boolean(found[3]);
        const key = keyName(before, found[2] ?? '');
        const separator = found[4] ?? '';
        const valueStart = found.index + found[0].length;
        KEY_SEPARATOR.lastIndex = resumeAt(text, valueStart - separator.length, valueStart);
        if (!isSecretKey(key)) {
            continue;
        }
        const encoded = separator.includes('%');
        let start = valueStart;
        let end = valueStart;
        let replacement = REDACTED;
        const quoted = encoded ? null : matchAt(VALUE_QUOTED, text, valueStart);
        if (quoted) {
            start = valueStart + (quoted[1] ?? '').length + (quoted[2] ?? '').length;
            end = valueStart + quoted[0].length;
        } else if (encoded) {
            end = valueStart + (matchAt(VALUE_ENCODED, text, valueStart)?.[0].length ?? 0);
        } else if (!quotedKey && LINE_KEYS.has(compactKey(key))) {
            const line = matchAt(VALUE_LINE_IN_QUOTES[before] ?? VALUE_LINE, text, valueStart)?.[0] ?? '';
            end = valueStart + line.length;
            const scheme = compactKey(key).endsWith('authorization') ? SCHEME_AND_VALUE.exec(line) : null;
            replacement = scheme ? `${scheme[1] ?? ''} ${REDACTED}` : REDACTED;
        } else {
            // "INVALID_SESSION_ID: Session expired or invalid" is an error code and its message, not a secret.
            if (
                !quotedKey &&
                ERROR_CODE.test(key) &&
                separator.trim() === ':' &&
                SENTENCE.test(text.slice(valueStart, valueStart + 64))
            ) {
                continue;
            }
            end = valueStart + (matchAt(VALUE_PLAIN, text, valueStart)?.[0].length ?? 0);
        }
        if (end <= start || text.slice(start, end) === replacement) {
            continue;
        }
        out += text.slice(copied, start) + replacement;
        copied = end;
        KEY_SEPARATOR.lastIndex = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
}

// ---------------------------------------------------------------------------------------------------------
// Text

const TRUNCATION_MARK = `…${TRUNCATED}`;

function cut(text: string): string {
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}${TRUNCATION_MARK}` : text;
}

/**
 * Text with every secret shape replaced by `[redacted]` and every URL stripped of its query string and fragment.
 * Text longer than MAX_TEXT is cut first (and marked), so the time taken is bounded. Never throws.
 */
export function redactText(text: string): string {
    try {
        let out = cut(String(text));
        out = out.replace(
            PRIVATE_KEY_BLOCK,
            (_block: string, kind: string) => `-----BEGIN ${kind}-----${REDACTED}-----END ${kind}-----`
        );
        out = out.replace(WORD, stripWord);
        out = out.replace(PARAMETER_SCHEME, (_m: string, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
        out = out.replace(AWS_V2_SCHEME, (_m: string, space: string) => `AWS${space}${REDACTED}`);
        out = out.replace(TOKEN_SCHEME, (_m: string, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
        out = out.replace(BASE64_SCHEME, (match: string, scheme: string, space: string, value: string) => {
            return looksLikeBase64Credential(value) ? `${scheme}${space}${REDACTED}` : match;
        });
        out = out.replace(JWT, REDACTED);
        for (const [pattern, replacement] of KNOWN_TOKENS) {
            out = out.replace(pattern, replacement);
        }
        out = redactKeyedValues(out);
        out = out.replace(OPAQUE_AFTER_SECRET_WORD, (match: string, word: string, gap: string, value: string) => {
            return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && gap.length > 0 ? `${word}${gap}${REDACTED}` : match;
        });
        // Markers are longer than some of what they replace: cut again so the result is bounded too.
        return out.length > MAX_TEXT + TRUNCATION_MARK.length ? cut(out) : out;
    } catch {
        return REDACTED;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Values

interface Walk {
    nodes: number;
    chars: number;
    ancestors: WeakSet<object>;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
    // defineProperty, not assignment: an own "__proto__" key in hostile input must stay a plain key.
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function redactString(value: string, walk: Walk): string {
    if (walk.chars <= 0) {
        return TRUNCATED;
    }
    const limit = Math.min(MAX_TEXT, walk.chars);
    walk.chars -= Math.min(value.length, limit);
    return redactText(value.length > limit ? `${value.slice(0, limit)}${TRUNCATION_MARK}` : value);
}

function redactEntries(entries: Iterable<[string, unknown]>, total: number, depth: number, walk: Walk): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [key, item] of entries) {
        if (count >= MAX_KEYS) {
            break;
        }
        count += 1;
        define(out, redactText(key.slice(0, MAX_KEY_LENGTH)), isSecretKey(key) ? REDACTED : redactNode(item, depth + 1, walk));
    }
    if (total > MAX_KEYS) {
        define(out, TRUNCATED, `${total - MAX_KEYS} more keys`);
    }
    return out;
}

/** Own enumerable properties, each read on its own so that one throwing getter costs only that property. */
function* ownEntries(value: object, keys: string[]): Generator<[string, unknown]> {
    for (const key of keys.slice(0, MAX_KEYS)) {
        let item: unknown;
        try {
            item = (value as Record<string, unknown>)[key];
        } catch {
            item = UNREADABLE;
        }
        yield [key, item];
    }
}

function redactObject(value: object, depth: number, walk: Walk): unknown {
    if (Array.isArray(value)) {
        const length = Math.min(value.length, MAX_ITEMS);
        const out: unknown[] = [];
        for (let index = 0; index < length; index += 1) {
            let item: unknown;
            try {
                item = (value as unknown[])[index];
            } catch {
                item = UNREADABLE;
            }
            out.push(redactNode(item, depth + 1, walk));
        }
        return out;
    }
    if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
        return `[binary, ${value.byteLength} bytes]`;
    }
    if (value instanceof Map) {
        const entries: [string, unknown][] = [];
        for (const [key, item] of value) {
            if (entries.length >= MAX_KEYS) {
                break;
            }
            entries.push([String(key), item]);
        }
        return redactEntries(entries, value.size, depth, walk);
    }
    if (value instanceof Set) {
        const items: unknown[] = [];
        for (const item of value) {
            if (items.length >= MAX_ITEMS) {
                break;
            }
            items.push(item);
        }
        return redactObject(items, depth, walk);
    }
    const keys = Object.keys(value);
    if (value instanceof Error) {
        // name and message are not enumerable: keep them (redacted), with the error's own fields (status, body…).
        const out = redactEntries(ownEntries(value, keys), keys.length, depth, walk);
        define(out, 'name', redactString(String(value.name), walk));
        define(out, 'message', redactString(String(value.message), walk));
        return out;
    }
    return redactEntries(ownEntries(value, keys), keys.length, depth, walk);
}

function redactNode(value: unknown, depth: number, walk: Walk): unknown {
    if (depth > MAX_DEPTH) {
        return TRUNCATED;
    }
    walk.nodes -= 1;
    if (walk.nodes < 0) {
        return TRUNCATED;
    }
    if (typeof value === 'string') {
        return redactString(value, walk);
    }
    if (typeof value === 'bigint') {
        return String(value);
    }
    if (typeof value !== 'object' || value === null) {
        return value;
    }
    if (walk.ancestors.has(value)) {
        return CIRCULAR;
    }
    walk.ancestors.add(value);
    try {
        return redactObject(value, depth, walk);
    } catch {
        return UNREADABLE;
    } finally {
        walk.ancestors.delete(value);
    }
}

/**
 * A copy of `value` safe to log: secret keys replaced, every string through `redactText`, Dates as ISO text,
 * Errors with their name and message. Bounded: 6 levels, 50 items per array, 200 keys per object, 10,000 values
 * and 262,144 characters in all; past that, `[truncated]`. Never throws.
 */
export function redact(value: unknown): unknown {
    try {
        return redactNode(value, 0, { nodes: MAX_NODES, chars: MAX_TOTAL_CHARS, ancestors: new WeakSet<object>() });
    } catch {
        return UNREADABLE;
    }
}
