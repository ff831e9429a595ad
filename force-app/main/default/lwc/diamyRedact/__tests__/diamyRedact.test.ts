import { CIRCULAR, MAX_TEXT, REDACTED, TRUNCATED, UNREADABLE, isSecretKey, redact, redactText, stripQuery } from 'c/diamyRedact';
import { NON_SECRETS, SECRET_SHAPES } from './redactCorpus';
import type { SecretShape } from './redactCorpus';

/** What would be written to the log: the text itself, or the payload as JSON (as Payload__c is written). */
function logged(input: unknown): string {
    const out = redact(input);
    return typeof out === 'string' ? out : JSON.stringify(out);
}

const named = SECRET_SHAPES.map((shape) => ({ ...shape, title: `${shape.family}: ${shape.name}` }));

describe('c-diamy-redact', () => {
    describe('the secret corpus', () => {
        it('holds at least 40 shapes, including the 11 of the security review', () => {
            expect(SECRET_SHAPES.length).toBeGreaterThanOrEqual(40);
            expect(SECRET_SHAPES.filter((shape) => shape.review)).toHaveLength(11);
        });

        it.each(named)('$title', (shape: SecretShape) => {
            const out = logged(shape.input);
            for (const secret of shape.secrets) {
                expect(out).not.toContain(secret);
            }
            for (const kept of shape.keep) {
                expect(out).toContain(kept);
            }
        });

        it.each(named.filter((shape) => typeof shape.input === 'string'))(
            'redactText gives the same text as redact: $title',
            (shape: SecretShape) => {
                const text = shape.input as string;
                expect(redactText(text)).toBe(redact(text));
            }
        );

        it.each(named.filter((shape) => typeof shape.input === 'string'))(
            'redacting twice changes nothing more: $title',
            (shape: SecretShape) => {
                const once = redactText(shape.input as string);
                expect(redactText(once)).toBe(once);
            }
        );
    });

    describe('the non-secret corpus', () => {
        it('holds at least 15 ordinary diagnostics', () => {
            expect(NON_SECRETS.length).toBeGreaterThanOrEqual(15);
        });

        it.each(NON_SECRETS)('keeps $name unchanged', ({ input }) => {
            expect(redact(input)).toEqual(input);
        });
    });

    describe('stripQuery', () => {
        it.each([
            ['https://api.diamy.example/v2/calls?since=3&access_token=abc#top', 'https://api.diamy.example/v2/calls'],
            ['wss://api.diamy.example/v2/agent/stream?access_token=abc', 'wss://api.diamy.example/v2/agent/stream'],
            ['https://camille:secret@api.diamy.example:8443/v2', 'https://api.diamy.example:8443/v2'],
            ['https://app.diamy.example/callback#access_token=abc', 'https://app.diamy.example/callback'],
            ['https://api.diamy.example/v2/calls', 'https://api.diamy.example/v2/calls'],
            ['/v2/calls?cursor=9', '/v2/calls'],
            ['', '']
        ])('%s → %s', (url, expected) => {
            expect(stripQuery(url)).toBe(expected);
        });

        it('removes query strings from every URL in logged text, secret or not', () => {
            expect(redactText('first https://a.example/x?since=3, then (https://b.example/y?page=2).')).toBe(
                'first https://a.example/x, then (https://b.example/y).'
            );
        });
    });

    describe('secret key names', () => {
        it.each([
            'token',
            'access_token',
            'refreshToken',
            'ID-TOKEN',
            'secret',
            'client_secret',
            'password',
            'Passwd',
            'pwd',
            'authorization',
            'auth',
            'assertion',
            'cookie',
            'Set-Cookie',
            'session',
            'sessionId',
            'sid',
            'apiKey',
            'api_key',
            'x-api-key',
            'jwt',
            'credential',
            'credentials',
            'private_key',
            'signature',
            'sig',
            'otp',
            'pin',
            'voicemailPin',
            'X-Amz-Signature',
            'code_verifier',
            'SAMLResponse'
        ])('%s is secret', (key) => {
            expect(isSecretKey(key)).toBe(true);
        });

        it.each([
            'key',
            'diamyCallId',
            'direction',
            'recordingUrl',
            'e164',
            'author',
            'authority',
            'spin',
            'signal',
            'side',
            'sidebar',
            'disposition',
            'errorCode',
            'message',
            'Idempotency-Key',
            'requestId',
            ''
        ])('%s is not secret', (key) => {
            expect(isSecretKey(key)).toBe(false);
        });
    });

    describe('values', () => {
        it('writes dates as ISO text, bigints as text, and keeps numbers, booleans and null', () => {
            const out = redact({
                at: new Date('2026-11-25T09:00:00.000Z'),
                bad: new Date(Number.NaN),
                n: 10n,
                seconds: 110,
                ok: true,
                none: null
            });
            expect(out).toEqual({
                at: '2026-11-25T09:00:00.000Z',
                bad: 'Invalid Date',
                n: '10',
                seconds: 110,
                ok: true,
                none: null
            });
            expect(() => JSON.stringify(out)).not.toThrow();
        });

        it('copies maps and sets, and summarises binary data', () => {
            const out = redact({
                m: new Map<unknown, unknown>([
                    ['password', 'x'],
                    [1, 'one']
                ]),
                s: new Set(['a', 'Bearer abc']),
                b: new Uint8Array(4096),
                buf: new ArrayBuffer(8)
            });
            expect(out).toEqual({
                m: { password: REDACTED, 1: 'one' },
                s: ['a', `Bearer ${REDACTED}`],
                b: '[binary, 4096 bytes]',
                buf: '[binary, 8 bytes]'
            });
        });

        it('keeps an own "__proto__" key as a plain key', () => {
            const hostile = JSON.parse('{"__proto__": {"polluted": true}, "token": "t"}') as object;
            const out = redact(hostile) as Record<string, unknown>;
            expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
            expect(Object.keys(out)).toEqual(['__proto__', 'token']);
            expect(out.token).toBe(REDACTED);
        });

        it('is a copy: the input is not changed', () => {
            const input = { password: 'p', nested: { url: 'https://x.example/a?b=c' } };
            redact(input);
            expect(input).toEqual({ password: 'p', nested: { url: 'https://x.example/a?b=c' } });
        });
    });

    describe('hostile input never throws and stays bounded', () => {
        it('marks a cycle and still redacts around it', () => {
            const node: Record<string, unknown> = { name: 'loop', token: 'cyc-tok' };
            node.self = node;
            node.list = [node, { password: 'cyc-pw' }];
            const out = logged(node);
            expect(out).toContain(CIRCULAR);
            expect(out).toContain('loop');
            expect(out).not.toMatch(/cyc-tok|cyc-pw/);
        });

        it('keeps a value shared by two branches (not a cycle)', () => {
            const shared = { id: 'a01XX000003DHPzYAO' };
            expect(redact({ a: shared, b: shared })).toEqual({ a: shared, b: shared });
        });

        it('marks a getter that throws and keeps the other fields', () => {
            const input = { ok: 'kept' };
            Object.defineProperty(input, 'broken', {
                enumerable: true,
                get(): never {
                    throw new Error('boom');
                }
            });
            expect(redact(input)).toEqual({ ok: 'kept', broken: UNREADABLE });
        });

        it('marks a proxy that throws on every operation, and a revoked proxy', () => {
            const trap = (): never => {
                throw new Error('trap');
            };
            const hostile = new Proxy(
                {},
                { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap, getOwnPropertyDescriptor: trap }
            );
            const { proxy, revoke } = Proxy.revocable({}, {});
            revoke();
            expect(redact({ hostile, proxy })).toEqual({ hostile: UNREADABLE, proxy: UNREADABLE });
            expect(redact(hostile)).toBe(UNREADABLE);
            const halfBroken = new Proxy(['first', 'Bearer second-tok'], {
                get: (target, key, receiver): unknown => {
                    if (key === '0') {
                        throw new Error('trap');
                    }
                    return Reflect.get(target, key, receiver) as unknown;
                }
            });
            expect(redact(halfBroken)).toEqual([UNREADABLE, `Bearer ${REDACTED}`]);
        });

        it('cuts deep nesting, long arrays and wide objects', () => {
            let deep: Record<string, unknown> = { leaf: true };
            for (let level = 0; level < 1000; level += 1) {
                deep = { down: deep };
            }
            expect(JSON.stringify(redact(deep))).toContain(TRUNCATED);
            expect((redact(Array.from({ length: 500 }, (_, i) => i)) as unknown[]).length).toBe(50);
            const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
            const out = redact(wide) as Record<string, unknown>;
            expect(Object.keys(out)).toHaveLength(201);
            expect(out[TRUNCATED]).toBe('99800 more keys');
        });

        it('stops after 10,000 values in all', () => {
            const grid = Array.from({ length: 50 }, () =>
                Array.from({ length: 50 }, () => Array.from({ length: 50 }, () => 'cell'))
            );
            const text = JSON.stringify(redact(grid));
            expect(text.match(/"cell"/g)?.length).toBeLessThan(10_000);
            expect(text).toContain(TRUNCATED);
        });

        it('a 1 MB string completes, is cut to the payload size and its secrets are still redacted', () => {
            const huge = `Authorization: Bearer head-tok-1\n${'x'.repeat(1 << 20)} password=tail-pw`;
            const out = redactText(huge);
            expect(out.length).toBeLessThanOrEqual(MAX_TEXT + 20);
            expect(out.endsWith(TRUNCATED)).toBe(true);
            expect(out.startsWith(`Authorization: Bearer ${REDACTED}\nxxx`)).toBe(true);
            expect(out).not.toMatch(/head-tok-1|tail-pw/);
        });

        it.each([
            ['letters', 'a'.repeat(1 << 20)],
            ['backslashes', '\\'.repeat(1 << 20)],
            ['percent escapes', '%25'.repeat(350_000)],
            ['JWT headers without dots', 'eyJ'.repeat(350_000)],
            ['key=key=key…', 'a='.repeat(524_288)],
            ['repeated secret keys', 'token='.repeat(175_000)],
            ['repeated quoted keys', '"password":"'.repeat(80_000)],
            ['repeated schemes', 'Bearer Basic Digest a=b, '.repeat(40_000)],
            ['unterminated private keys', '-----BEGIN RSA PRIVATE KEY-----'.repeat(34_000)],
            ['URL schemes', 'https://'.repeat(131_072)],
            ['query strings', `x=1&${'sig=2&'.repeat(170_000)}`],
            ['secret words', 'token is '.repeat(116_000)],
            ['spaces after a secret word', `token${' '.repeat(1 << 20)}!`],
            ['closing parentheses after a URL', `https://x.example/${')'.repeat(1 << 20)}a`]
        ])('a 1 MB string of %s completes and is bounded', (_name, text) => {
            const out = redactText(text);
            expect(out.length).toBeLessThanOrEqual(MAX_TEXT + 20);
            const value = JSON.stringify(redact({ a: text, b: [text, text], c: { d: text } }));
            expect(value.length).toBeLessThan(5 * MAX_TEXT);
        });

        it('redactText turns anything it is given into text', () => {
            expect(redactText(undefined as unknown as string)).toBe('undefined');
            expect(redactText(12 as unknown as string)).toBe('12');
        });
    });
});
