// Static server of the workbench (127.0.0.1 only), serving like a production page:
//   /  (index.html)      Cache-Control: no-cache, with an ETag (a reload costs a 304)
//   /assets/<name>-<hash>.<ext>   the bundle's files (scripts/bundle-workbench.mjs names them by content hash):
//                        Cache-Control: public, max-age=31536000, immutable — fetched once, never revalidated
//   /slds-<hash>/…       the SLDS package's assets (styles, icon sprites, images) under the prefix the bundle computed
//                        from their content: immutable as well
//   /config.json         no-store: where the sandbox is and which sandbox client credentials act as "the org's Named
//                        Credential" (sandbox/engine.ts CLIENT_ID / CLIENT_SECRET), and where the org server is
//   /org/…               the org server: the shared org of call lists (workbench/org-server/http.mjs), no-store, for
//                        this page's origin only; its engine loads at the first /org/ request or orgReady() (about two
//                        seconds that block this process: npm start asks for it once the URL is printed, the browser
//                        check at its first situation, the bench never unless a page saves a call)
// Anything else is 404 (no unhashed asset is served, so none can be cached stale). Files are read once and kept in
// memory. Started before the sandbox, so that the sandbox can be told the workbench's origin (its control API
// /sandbox/* answers no other browser origin).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './project.mjs';
import { createCallListOrg } from '../../workbench/org-server/callListOrg.mjs';
import { orgRequestHandler } from '../../workbench/org-server/http.mjs';

const DIST = join(ROOT, 'workbench', 'dist');
const ASSETS = join(DIST, 'assets');
const MANIFEST = join(DIST, 'manifest.json');
const SLDS_ASSETS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.json': 'application/json'
};
/** A bundle file name carries its content hash: app-D0c1kxP9.js, workbench-3f2a9c81e0b4.css. */
const HASHED_NAME = /^[\w.]+-[\w-]{8,}\.(js|css)$/;

function inside(base, relative) {
    const full = normalize(join(base, relative));
    return full === base || full.startsWith(base + sep) ? full : null;
}

/**
 * The workbench server. It may start before the sandbox (the sandbox needs the workbench's origin to let the page use
 * its control API): `setSandboxUrl` tells it where the sandbox is; /config.json answers 503 until then.
 * `requests` counts the requests per path (the serving test reads it). `orgServer` (default true) serves the shared
 * org of call lists under /org/; `orgReady()` resolves to it (workbench/org-server/callListOrg.mjs).
 * @returns {Promise<{ url: string, port: number, origins: string[], requests: Map<string, number>, setSandboxUrl(url: string): void, orgReady(): Promise<import('../../workbench/org-server/callListOrg.mjs').CallListOrg>, close(): Promise<void> }>}
 */
export function startWorkbenchServer({ port = 4020, sandboxUrl = null, orgServer = true }) {
    if (!existsSync(MANIFEST)) {
        return Promise.reject(new Error('workbench/dist/manifest.json is missing: bundle first (npm run workbench:bundle)'));
    }
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const indexHtml = readFileSync(join(DIST, 'index.html'));
    const indexTag = `"${createHash('sha256').update(indexHtml).digest('hex').slice(0, 16)}"`;
    /** @type {Map<string, Buffer>} */
    const memory = new Map();
    const read = (file) => {
        let body = memory.get(file);
        if (!body) {
            body = readFileSync(file);
            memory.set(file, body);
        }
        return body;
    };
    const requests = new Map();
    let config = null;
    const setSandboxUrl = (url) => {
        config = JSON.stringify({
            sandboxUrl: url,
            clientId: 'sandbox-client',
            clientSecret: 'sandbox-secret',
            agentId: 'usr_camille.martin',
            // The shared org of call lists (same origin); null when this server runs without it.
            orgServerUrl: orgServer ? '/org' : null
        });
    };
    if (sandboxUrl) setSandboxUrl(sandboxUrl);
    let origins = [];
    let orgPromise = null;
    const orgReady = () => {
        if (!orgServer) return Promise.reject(new Error('this workbench server runs without its org server'));
        orgPromise ??= createCallListOrg();
        return orgPromise;
    };
    const handleOrg = orgRequestHandler({ ready: orgReady, origins: () => origins });
    const server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
        requests.set(path, (requests.get(path) ?? 0) + 1);
        const send = (status, type, cacheControl, body, extra = {}) => {
            response.writeHead(status, { 'content-type': type, 'cache-control': cacheControl, ...extra });
            response.end(request.method === 'HEAD' ? undefined : body);
        };
        if (orgServer && (path === '/org' || path.startsWith('/org/'))) {
            handleOrg(request, response);
            return;
        }
        if (path === '/config.json') {
            send(config ? 200 : 503, TYPES['.json'], 'no-store', config ?? '{"error":"the sandbox is not started yet"}');
            return;
        }
        if (path === '/' || path === '/index.html') {
            if (request.headers['if-none-match'] === indexTag) {
                response.writeHead(304, { etag: indexTag, 'cache-control': 'no-cache' });
                response.end();
                return;
            }
            send(200, TYPES['.html'], 'no-cache', indexHtml, { etag: indexTag });
            return;
        }
        let file = null;
        if (path.startsWith('/assets/') && HASHED_NAME.test(path.slice('/assets/'.length))) {
            file = inside(ASSETS, path.slice('/assets/'.length));
        } else if (path.startsWith(manifest.slds)) {
            file = inside(SLDS_ASSETS, path.slice(manifest.slds.length));
        }
        if (!file || !existsSync(file) || !statSync(file).isFile()) {
            send(404, 'text/plain', 'no-store', 'not found');
            return;
        }
        send(200, TYPES[extname(file)] ?? 'application/octet-stream', IMMUTABLE, read(file));
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
            const address = server.address();
            const actual = typeof address === 'object' && address ? address.port : port;
            origins = [`http://127.0.0.1:${actual}`, `http://localhost:${actual}`];
            resolve({
                url: `http://127.0.0.1:${actual}`,
                port: actual,
                // The origins a browser shows for this page (127.0.0.1 or localhost): the sandbox's control API allows these.
                origins,
                requests,
                setSandboxUrl,
                orgReady,
                close: () =>
                    new Promise((done) => {
                        server.closeAllConnections?.();
                        server.close(() => done());
                    })
            });
        });
    });
}
