// The redaction corpus: secret shapes that must never reach a log, and ordinary diagnostics that must reach it
// unchanged. Each secret shape says what must NOT appear in the redacted output and what must still be there.
// Secrets here are invented. Vendor token formats are assembled at run time (part('ghp', '_', …)) so that secret
// scanners do not mistake this file for a leak.

export type ShapeFamily =
    | 'authorization header'
    | 'JWT'
    | 'key=value'
    | 'key: value'
    | 'JSON text'
    | 'URL-encoded'
    | 'URL'
    | 'signed URL'
    | 'cookie'
    | 'private key'
    | 'opaque value after a secret word'
    | 'vendor token format'
    | 'secret object key';

export interface SecretShape {
    family: ShapeFamily;
    name: string;
    /** A string (diagnostic text) or a value (an integration-log payload). */
    input: unknown;
    /** Must not appear anywhere in the redacted output. */
    secrets: string[];
    /** Must still appear: what an admin needs to diagnose. */
    keep: string[];
    /** One of the 11 shapes of the security review that the first redaction let through. */
    review?: true;
}

export interface NonSecret {
    name: string;
    input: unknown;
}

function part(...pieces: string[]): string {
    return pieces.join('');
}

const JWT_HEADER = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9';
const JWT_PAYLOAD = 'eyJzdWIiOiIwMDUwMDAwMDAwMDAwMDFBQUEiLCJhdWQiOiJodHRwczovL2RpYW15LmV4YW1wbGUifQ';
const JWT_SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const JWT = `${JWT_HEADER}.${JWT_PAYLOAD}.${JWT_SIGNATURE}`;
const AWS_SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
const SAS_SIGNATURE = 'Zx7qV2nKp9RtYw3LmB8cD4eF6gH1jA5sU0iO2pQ%3D';
const SALESFORCE_TOKEN_TAIL = 'AQ4AQFplkdEXAMPLExq7Tk9vB2c.Wm3nRz8yLp5sDf_Gh1Jk';
const PEM_BODY =
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu';

export const SECRET_SHAPES: SecretShape[] = [
    // --- The 11 shapes of the security review ------------------------------------------------------------
    {
        family: 'key=value',
        name: 'token= inside an error message',
        input: 'Diamy answered 401 for call_7 (token=d1a2m3y4t5o6k7e8n9) while holding',
        secrets: ['d1a2m3y4t5o6k7e8n9'],
        keep: ['Diamy answered 401 for call_7', 'while holding'],
        review: true
    },
    {
        family: 'JWT',
        name: 'a JWT in a sentence',
        input: `Diamy refused the assertion ${JWT} for agent 005000000000001AAA`,
        secrets: [JWT_PAYLOAD, JWT_SIGNATURE],
        keep: ['Diamy refused the assertion', '005000000000001AAA'],
        review: true
    },
    {
        family: 'JWT',
        name: 'a JWT inside JSON text of a server answer',
        input: `{"error":{"code":"invalid_grant","detail":"expired ${JWT}"}}`,
        secrets: [JWT_PAYLOAD, JWT_SIGNATURE],
        keep: ['invalid_grant', 'expired'],
        review: true
    },
    {
        family: 'authorization header',
        name: 'Basic header line',
        input: 'request headers:\nAuthorization: Basic Y2FtaWxsZTpTM2NyZXQhMjAyNg==\nAccept: application/json',
        secrets: ['Y2FtaWxsZTpTM2NyZXQhMjAyNg'],
        keep: ['Authorization: Basic', 'Accept: application/json'],
        review: true
    },
    {
        family: 'authorization header',
        name: 'Bearer header line with a Salesforce access token (org id ! token)',
        input: `Authorization: Bearer 00D5g000004XyZq!${SALESFORCE_TOKEN_TAIL}`,
        secrets: [SALESFORCE_TOKEN_TAIL, 'AQ4AQFplkdEXAMPLE'],
        keep: ['Authorization: Bearer'],
        review: true
    },
    {
        family: 'URL-encoded',
        name: 'access_token%3D in an encoded redirect',
        input: 'redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Faccess_token%3Dya29.a0AfH6SMBx7qLq%26state%3D42',
        secrets: ['ya29.a0AfH6SMBx7qLq'],
        keep: ['redirect_uri=', 'state%3D42'],
        review: true
    },
    {
        family: 'secret object key',
        name: 'apiKey',
        input: { endpoint: 'https://api.diamy.example/v2', apiKey: 'AbC123xyz987qrs' },
        secrets: ['AbC123xyz987qrs'],
        keep: ['https://api.diamy.example/v2'],
        review: true
    },
    {
        family: 'secret object key',
        name: 'jwt',
        input: { agent: '005000000000001AAA', jwt: 'session-blob-5f4dcc3b5aa765d61d8327' },
        secrets: ['session-blob-5f4dcc3b5aa765d61d8327'],
        keep: ['005000000000001AAA'],
        review: true
    },
    {
        family: 'secret object key',
        name: 'credential',
        input: { instance: 'diamy-prod', credential: 'cr3d-7781-value-q' },
        secrets: ['cr3d-7781-value-q'],
        keep: ['diamy-prod'],
        review: true
    },
    {
        family: 'signed URL',
        name: 'AWS S3 pre-signed recording URL',
        input: {
            recordingUrl: `https://diamy-recordings.s3.eu-west-3.amazonaws.com/rec/call_9.mp3?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${AWS_SIGNATURE}`
        },
        secrets: [AWS_SIGNATURE, 'AKIAIOSFODNN7EXAMPLE', 'X-Amz-Credential'],
        keep: ['https://diamy-recordings.s3.eu-west-3.amazonaws.com/rec/call_9.mp3'],
        review: true
    },
    {
        family: 'signed URL',
        name: 'Azure SAS URL (sv, se, sp, sig)',
        input: `voicemail at https://diamyvm.blob.core.windows.net/vm/call_12.wav?sv=2022-11-02&se=2026-01-01T10%3A00%3A00Z&sr=b&sp=r&sig=${SAS_SIGNATURE} expired`,
        secrets: [SAS_SIGNATURE, 'sp=r', 'se=2026'],
        keep: ['voicemail at https://diamyvm.blob.core.windows.net/vm/call_12.wav', 'expired'],
        review: true
    },

    // --- Authorization values ----------------------------------------------------------------------------
    {
        family: 'authorization header',
        name: 'plain Bearer header line',
        input: 'Authorization: Bearer 7fG2kL9qR4tY8uI1oP3aS5dF',
        secrets: ['7fG2kL9qR4tY8uI1oP3aS5dF'],
        keep: ['Authorization: Bearer']
    },
    {
        family: 'authorization header',
        name: 'Basic credentials in a sentence',
        input: 'retried with Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== then gave up',
        secrets: ['QWxhZGRpbjpvcGVuIHNlc2FtZQ'],
        keep: ['retried with Basic', 'then gave up']
    },
    {
        family: 'authorization header',
        name: 'Digest header line',
        input: 'Authorization: Digest username="camille", realm="diamy", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/v2/calls", response="6629fae49393a05397450978507c4ef1"',
        secrets: ['6629fae49393a05397450978507c4ef1', 'dcd98b7102dd2f0e8b11d0f600bfb0c093'],
        keep: ['Authorization: Digest']
    },
    {
        family: 'authorization header',
        name: 'AWS Signature Version 4 header',
        input: `Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-3/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=${AWS_SIGNATURE}`,
        secrets: [AWS_SIGNATURE, 'AKIAIOSFODNN7EXAMPLE'],
        keep: ['AWS4-HMAC-SHA256']
    },
    {
        family: 'authorization header',
        name: 'Negotiate (Kerberos/SPNEGO) token',
        input: 'WWW-Authenticate answered, sent Negotiate YIIJvwYGKwYBBQUCoIIJszCCCa+gMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHg==',
        secrets: ['YIIJvwYGKwYBBQUCoIIJszCCCa'],
        keep: ['sent Negotiate']
    },
    {
        family: 'authorization header',
        name: 'Azure SharedKey header',
        input: 'Authorization: SharedKey diamyvm:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=',
        secrets: ['ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08'],
        keep: ['Authorization: SharedKey']
    },
    {
        family: 'authorization header',
        name: 'custom scheme on an Authorization line',
        input: 'Authorization: DiamyKey 8f14e45fceea167a5a36dedd4bea2543',
        secrets: ['8f14e45fceea167a5a36dedd4bea2543'],
        keep: ['Authorization: DiamyKey']
    },
    {
        family: 'authorization header',
        name: 'Proxy-Authorization line',
        input: 'Proxy-Authorization: Basic cHJveHk6cHJveHlwYXNz',
        secrets: ['cHJveHk6cHJveHlwYXNz'],
        keep: ['Proxy-Authorization: Basic']
    },
    {
        family: 'authorization header',
        name: 'headers object of a failed request',
        input: { method: 'POST', headers: { Authorization: 'Bearer q9W8e7R6t5Y4u3I2', 'Idempotency-Key': 'id-42' } },
        secrets: ['q9W8e7R6t5Y4u3I2'],
        keep: ['POST', 'id-42']
    },

    // --- JWTs --------------------------------------------------------------------------------------------
    {
        family: 'JWT',
        name: 'an unsigned JWT (alg none, empty signature)',
        input: 'id token eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMDUwMDAwMDAwMDAwMDFBQUEifQ. accepted',
        secrets: ['eyJzdWIiOiIwMDUwMDAwMDAwMDAwMDFBQUEifQ'],
        keep: ['accepted']
    },
    {
        family: 'JWT',
        name: 'an encrypted JWT (JWE, five parts)',
        input: 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ',
        secrets: ['OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe', 'XFBoMYUZodetZdvTiFvSkQ'],
        keep: []
    },
    {
        family: 'JWT',
        name: 'a JWT cut short by a length limit (header and payload only)',
        input: `...last request carried ${JWT_HEADER}.${JWT_PAYLOAD}`,
        secrets: [JWT_PAYLOAD],
        keep: ['last request carried']
    },

    // --- key=value and key: value in text ----------------------------------------------------------------
    {
        family: 'key=value',
        name: 'password in a form body (other fields kept)',
        input: 'username=camille.martin&password=S3cr%21t-2026&grant_type=password',
        secrets: ['S3cr%21t-2026'],
        keep: ['username=camille.martin', 'grant_type=password']
    },
    {
        family: 'key=value',
        name: 'client_secret in an OAuth body',
        input: 'grant_type=client_credentials&client_id=diamy-sf&client_secret=9x8y7z6w5v4u',
        secrets: ['9x8y7z6w5v4u'],
        keep: ['client_id=diamy-sf']
    },
    {
        family: 'key=value',
        name: 'environment-style upper-case name',
        input: 'DIAMY_API_SECRET=9a8b7c6d5e4f',
        secrets: ['9a8b7c6d5e4f'],
        keep: ['DIAMY_API_SECRET=']
    },
    {
        family: 'key=value',
        name: 'kebab-case api-key with spaces around =',
        input: 'config api-key = K3y-V4lu3-0042 loaded',
        secrets: ['K3y-V4lu3-0042'],
        keep: ['loaded']
    },
    {
        family: 'key=value',
        name: 'refresh_token with a quoted value containing spaces',
        input: "refresh_token='rt 1//0gAbCdEf' rejected",
        secrets: ['0gAbCdEf'],
        keep: ['rejected']
    },
    {
        family: 'key: value',
        name: 'x-api-key header line',
        input: 'curl -H "x-api-key: ab12cd34ef56gh78" https://api.diamy.example/v2/calls',
        secrets: ['ab12cd34ef56gh78'],
        keep: ['https://api.diamy.example/v2/calls']
    },
    {
        family: 'key: value',
        name: 'voicemail pin and one-time code',
        input: 'voicemail pin: 4821, otp=482913, extension 204',
        secrets: ['4821', '482913'],
        keep: ['extension 204']
    },
    {
        family: 'key: value',
        name: 'YAML-style private_key and passwd',
        input: 'private_key: MIIBOgIBAAJBAKj34GkxFhD90vcN\npasswd: hunter2-hunter2\nregion: eu-west-3',
        secrets: ['MIIBOgIBAAJBAKj34GkxFhD90vcN', 'hunter2-hunter2'],
        keep: ['region: eu-west-3']
    },

    // --- JSON text ---------------------------------------------------------------------------------------
    {
        family: 'JSON text',
        name: 'token answer as JSON text',
        input: '{"access_token":"ya29.A0ARrdaM-kT","token_type":"Bearer","expires_in":3599}',
        secrets: ['ya29.A0ARrdaM-kT'],
        keep: ['"expires_in":3599']
    },
    {
        family: 'JSON text',
        name: 'single-quoted keys (a logged JavaScript object)',
        input: "{ 'password': 'Tr0ub4dor&3', 'user': 'camille' }",
        secrets: ['Tr0ub4dor&3', 'Tr0ub4dor'],
        keep: ["'user': 'camille'"]
    },
    {
        family: 'JSON text',
        name: 'JSON escaped inside a string (double-encoded)',
        input: '{\\"client_secret\\":\\"s3cr3t-v4lue\\",\\"status\\":500}',
        secrets: ['s3cr3t-v4lue'],
        keep: ['500']
    },
    {
        family: 'JSON text',
        name: 'numeric pin, camelCase refreshToken',
        input: '{"pin": 482913, "refreshToken": "rt-abc-777", "extension": "204"}',
        secrets: ['482913', 'rt-abc-777'],
        keep: ['"extension": "204"']
    },

    // --- URL-encoded -------------------------------------------------------------------------------------
    {
        family: 'URL-encoded',
        name: 'double-encoded access_token%253D',
        input: 'state=a%253Faccess_token%253Dya29.double%2526x%253D1',
        secrets: ['ya29.double'],
        keep: ['state=']
    },
    {
        family: 'URL-encoded',
        name: 'URL-encoded JSON',
        input: 'payload=%7B%22password%22%3A%22hunter2%22%2C%22user%22%3A%22camille%22%7D',
        secrets: ['hunter2'],
        keep: ['camille']
    },
    {
        family: 'URL-encoded',
        name: 'encoded client_secret followed by other encoded fields',
        input: 'body=client_secret%3Dabc987zyx%26grant_type%3Dclient_credentials',
        secrets: ['abc987zyx'],
        keep: ['grant_type%3Dclient_credentials']
    },
    {
        family: 'URL-encoded',
        name: 'encoded sig after an encoded question mark',
        input: 'next=%2Frecordings%2F9%3Fsig%3DQmFzZTY0U2lnbmF0dXJl',
        secrets: ['QmFzZTY0U2lnbmF0dXJl'],
        keep: ['next=']
    },

    // --- URLs --------------------------------------------------------------------------------------------
    {
        family: 'URL',
        name: 'agent channel URL with its access token',
        input: 'could not open wss://api.diamy.example/v2/agent/stream?access_token=tok-123-abc&since=41',
        secrets: ['tok-123-abc', 'since=41'],
        keep: ['could not open wss://api.diamy.example/v2/agent/stream']
    },
    {
        family: 'URL',
        name: 'user and password in a URL',
        input: 'GET https://camille:Pa55w0rd@api.diamy.example/v2/calls failed',
        secrets: ['Pa55w0rd', 'camille:'],
        keep: ['https://api.diamy.example/v2/calls failed']
    },
    {
        family: 'URL',
        name: 'OAuth implicit flow fragment',
        input: 'landed on https://app.diamy.example/callback#access_token=frag-tok-9&token_type=bearer.',
        secrets: ['frag-tok-9'],
        keep: ['https://app.diamy.example/callback.']
    },
    {
        family: 'URL',
        name: 'relative URL with a query string',
        input: 'GET /v2/agent/stream?access_token=rel-tok-5&since=3 → 401',
        secrets: ['rel-tok-5', 'since=3'],
        keep: ['GET /v2/agent/stream', '→ 401']
    },

    // --- Signed URLs -------------------------------------------------------------------------------------
    {
        family: 'signed URL',
        name: 'Google Cloud Storage signed URL',
        input: 'https://storage.googleapis.com/diamy-rec/call_3.mp3?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=svc%40diamy.iam.gserviceaccount.com&X-Goog-Signature=8a4b2c9d7e1f',
        secrets: ['8a4b2c9d7e1f', 'svc%40diamy'],
        keep: ['https://storage.googleapis.com/diamy-rec/call_3.mp3']
    },
    {
        family: 'signed URL',
        name: 'CloudFront signed URL',
        input: 'https://d111111abcdef8.cloudfront.net/rec/4.mp3?Expires=1767225600&Signature=nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~&Key-Pair-Id=K2JCJMDEHXQW5F',
        secrets: ['nitfHRCrtziwO2HwPfWw', 'K2JCJMDEHXQW5F'],
        keep: ['https://d111111abcdef8.cloudfront.net/rec/4.mp3']
    },
    {
        family: 'signed URL',
        name: 'bare SAS query string (no URL around it)',
        input: `SAS sv=2022-11-02&ss=b&srt=o&sp=rl&se=2026-01-01T00:00:00Z&sig=${SAS_SIGNATURE}`,
        secrets: [SAS_SIGNATURE, 'sp=rl'],
        keep: ['SAS']
    },

    // --- Cookies -----------------------------------------------------------------------------------------
    {
        family: 'cookie',
        name: 'Cookie header line with several cookies',
        input: 'Cookie: sid=31d4d96e407aad42; csrftoken=u32t4o3tb3gg43; BrowserId=Qm9vbQ',
        secrets: ['31d4d96e407aad42', 'u32t4o3tb3gg43', 'Qm9vbQ'],
        keep: ['Cookie:']
    },
    {
        family: 'cookie',
        name: 'Set-Cookie header line',
        input: 'Set-Cookie: sessionid=38afes7a8; Path=/; Secure; HttpOnly',
        secrets: ['38afes7a8'],
        keep: ['Set-Cookie:']
    },
    {
        family: 'cookie',
        name: 'set-cookie in a response headers object',
        input: {
            status: 302,
            headers: { location: '/login', 'set-cookie': ['oid=00D5g000004XyZq; Path=/', 'sid_Client=b7c1x9'] }
        },
        secrets: ['b7c1x9'],
        keep: ['302', '/login']
    },

    // --- Private keys ------------------------------------------------------------------------------------
    {
        family: 'private key',
        name: 'PEM RSA private key block',
        input: `key file:\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\nloaded`,
        secrets: ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'MzEfYyjiWA4R4'],
        keep: ['key file:', 'loaded']
    },
    {
        family: 'private key',
        name: 'PEM private key with escaped newlines (from JSON)',
        input: '{"type":"service_account","pk":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEF\\n-----END PRIVATE KEY-----\\n"}',
        secrets: ['MIIEvQIBADANBgkqhkiG9w0BAQEF'],
        keep: ['service_account']
    },
    {
        family: 'private key',
        name: 'PEM private key cut short (no END line)',
        input: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB',
        secrets: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'],
        keep: ['OPENSSH PRIVATE KEY']
    },

    // --- Opaque values after a secret word ---------------------------------------------------------------
    {
        family: 'opaque value after a secret word',
        name: 'API key <hex>',
        input: 'Diamy API key 7c9e6679742540de944be07fc1f90ae7 was revoked',
        secrets: ['7c9e6679742540de944be07fc1f90ae7'],
        keep: ['was revoked']
    },
    {
        family: 'opaque value after a secret word',
        name: 'secret is <hex>',
        input: 'the webhook secret is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b, rotate it',
        secrets: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b'],
        keep: ['rotate it']
    },
    {
        family: 'opaque value after a secret word',
        name: 'session <base64url> expired',
        input: 'agent session Zm9vYmFyYmF6cXV4MTIzNDU2Nzg expired',
        secrets: ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg'],
        keep: ['expired']
    },

    // --- Vendor token formats ----------------------------------------------------------------------------
    {
        family: 'vendor token format',
        name: 'Salesforce session id on its own (the org id stays)',
        input: `session id 00D5g000004XyZq!${SALESFORCE_TOKEN_TAIL} invalid`,
        secrets: [SALESFORCE_TOKEN_TAIL],
        keep: ['00D5g000004XyZq', 'invalid']
    },
    {
        family: 'vendor token format',
        name: 'AWS access key id',
        input: 'uploaded with AKIAIOSFODNN7EXAMPLE to eu-west-3',
        secrets: ['AKIAIOSFODNN7EXAMPLE'],
        keep: ['to eu-west-3']
    },
    {
        family: 'vendor token format',
        name: 'GitHub personal access token',
        input: `CI used ${part('ghp', '_', 'R4nd0mT0k3nV4lu3F0rT3st1ng0000000000')}`,
        secrets: ['R4nd0mT0k3nV4lu3F0rT3st1ng'],
        keep: ['CI used']
    },
    {
        family: 'vendor token format',
        name: 'Slack bot token',
        input: `notify via ${part('xox', 'b-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx')}`,
        secrets: ['AbCdEfGhIjKlMnOpQrStUvWx'],
        keep: ['notify via']
    },
    {
        family: 'vendor token format',
        name: 'Stripe secret key',
        input: `billing ${part('sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc')}`,
        secrets: ['4eC39HqLyjWDarjtT1zdp7dc'],
        keep: ['billing']
    },
    {
        family: 'vendor token format',
        name: 'Google API key',
        input: `maps ${part('AIza', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY')}`,
        secrets: ['SyD-9tSrke72PouQMnMX'],
        keep: ['maps']
    },

    // --- Secret object keys (payloads) -------------------------------------------------------------------
    {
        family: 'secret object key',
        name: 'credentials object nested in a request',
        input: { request: { url: '/v2/oauth/token', credentials: { user: 'camille', pass: 'Pa55w0rd!' } } },
        secrets: ['Pa55w0rd!', 'camille'],
        keep: ['/v2/oauth/token']
    },
    {
        family: 'secret object key',
        name: 'private_key and client_secret in a connection config',
        input: { connection: { client_id: 'diamy-sf', client_secret: 'cs-0099-zz', private_key: 'pk-material-01' } },
        secrets: ['cs-0099-zz', 'pk-material-01'],
        keep: ['diamy-sf']
    },
    {
        family: 'secret object key',
        name: 'X-Api-Key, sessionId, id_token (kebab, camel, snake)',
        input: { 'X-Api-Key': 'xak-555', sessionId: 'sess-666', id_token: 'idt-777', requestId: 'req-888' },
        secrets: ['xak-555', 'sess-666', 'idt-777'],
        keep: ['req-888']
    },
    {
        family: 'secret object key',
        name: 'otp, pin, passwd, pwd, sig, auth, assertion, signature in an array of records',
        input: [
            { otp: 'otp-1111' },
            { pin: 'pin-2222' },
            { passwd: 'pw-3333' },
            { pwd: 'pw-4444' },
            { sig: 'sg-5555' },
            { auth: 'au-6666' },
            { assertion: 'as-7777' },
            { signature: 'si-8888' },
            { line: '+33184880000' }
        ],
        secrets: ['otp-1111', 'pin-2222', 'pw-3333', 'pw-4444', 'sg-5555', 'au-6666', 'as-7777', 'si-8888'],
        keep: ['+33184880000']
    },
    {
        family: 'secret object key',
        name: 'an Error whose message and fields carry secrets',
        input: Object.assign(new Error(`refused: Bearer err-tok-31337 at https://api.diamy.example/v2/x?token=qq1`), {
            status: 401,
            body: { refreshToken: 'rft-42' }
        }),
        secrets: ['err-tok-31337', 'qq1', 'rft-42'],
        keep: ['refused: Bearer', 'https://api.diamy.example/v2/x', '401']
    }
];

/** Ordinary diagnostics: they must come out exactly as they went in. */
export const NON_SECRETS: NonSecret[] = [
    { name: 'a French phone number', input: 'Incoming call from +33 1 23 45 67 89' },
    { name: 'a tel: link', input: 'tel:+33612345678' },
    {
        name: 'a call id and an error code',
        input: 'Call 3f2a9c0e-1b2c-4d5e-8f90-a1b2c3d4e5f6 could not be saved: FIELD_CUSTOM_VALIDATION_EXCEPTION'
    },
    {
        name: 'a duplicate with its record id',
        input: 'duplicate value found: Diamy_Call_Id__c duplicates value on record with id: a01XX000003DHPzYAO'
    },
    { name: 'a Salesforce error code with its message', input: 'INVALID_SESSION_ID: Session expired or invalid' },
    { name: 'a lock error', input: 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record' },
    { name: 'a telephony diagnostic with a path and an error code', input: 'POST /v2/calls/call_a/hold → 401 token_expired' },
    { name: 'a token supplier failure', input: 'token supplier failed' },
    { name: 'a socket close code', input: 'agent channel closed (1006)' },
    { name: 'a URL without query string', input: 'https://api.diamy.example/v2/agent/stream' },
    { name: 'an org id alone', input: 'org 00D5g000004XyZqEAK, user 005000000000001AAA' },
    { name: 'a timestamp', input: '2026-11-25T09:00:10.000Z' },
    { name: 'English words after Basic and NTLM', input: 'Basic information is shown; NTLM authentication is not used' },
    { name: 'key/value pairs without secrets', input: 'duration=125 outcome=Answered direction=Inbound extension: 204' },
    { name: 'a required-fields error', input: 'REQUIRED_FIELD_MISSING: Required fields are missing: [Diamy_Call_Id__c]' },
    { name: 'a wrap-up message', input: 'Wrap-up of call call-42 not saved: the call record is not visible to this user' },
    { name: 'the storage key of the call log', input: { key: 'diamy.callLog' } },
    {
        name: 'a call payload',
        input: {
            call: {
                diamyCallId: 'call_1',
                direction: 'Inbound',
                outcome: 'Answered',
                from: { number: '+33612345678', e164: '+33612345678', name: 'Jean Dupont' },
                to: { number: '+33184880000', e164: '+33184880000', name: null },
                startedAt: '2026-11-25T09:00:00.000Z',
                related: { contactId: '003XX000004TmiQYAS', caseId: null },
                transferred: false,
                source: 'Softphone'
            },
            wrapUp: { disposition: 'Resolved', notes: 'Called back about invoice 2026-0042 (customer busy)' },
            problems: ['from.e164 is not E.164']
        }
    },
    {
        name: 'a UI API error body',
        input: {
            status: 400,
            body: { output: { errors: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found' }], fieldErrors: {} } }
        }
    }
];
