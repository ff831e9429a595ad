// Static server of the workbench (127.0.0.1 only): workbench/dist/ (page + bundle), /assets/* from the SLDS
// package (styles, icon sprites), and /config.json telling the page where the sandbox is and which sandbox
// client credentials act as "the org's Named Credential" (sandbox/engine.ts CLIENT_ID / CLIENT_SECRET).
// Started before the sandbox, so that the sandbox can be told the workbench's origin (its control API /sandbox/*
// answers no other browser origin).
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './project.mjs';

const DIST = join(ROOT, 'workbench', 'dist');
const SLDS_ASSETS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
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

function inside(base, relative) {
    const full = normalize(join(base, relative));
    return full === base || full.startsWith(base + sep) ? full : null;
}

/**
 * The workbench server. It may start before the sandbox (the sandbox needs the workbench's origin to let the page use
 * its control API): `setSandboxUrl` tells it where the sandbox is; /config.json answers 503 until then.
 * @returns {Promise<{ url: string, port: number, origins: string[], setSandboxUrl(url: string): void, close(): Promise<void> }>}
 */
export function startWorkbenchServer({ port = 4020, sandboxUrl = null }) {
    let config = null;
    const setSandboxUrl = (url) => {
        config = JSON.stringify({
            sandboxUrl: url,
            clientId: 'sandbox-client',
            clientSecret: 'sandbox-secret',
            agentId: 'usr_camille.martin'
        });
    };
    if (sandboxUrl) setSandboxUrl(sandboxUrl);
    const server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
        if (path === '/config.json') {
            response.writeHead(config ? 200 : 503, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
            response.end(config ?? '{"error":"the sandbox is not started yet"}');
            return;
        }
        const file = path.startsWith('/assets/')
            ? inside(SLDS_ASSETS, path.slice('/assets/'.length))
            : inside(DIST, path === '/' ? 'index.html' : path.slice(1));
        if (!file || !existsSync(file) || !statSync(file).isFile()) {
            response.writeHead(404, { 'content-type': 'text/plain' });
            response.end('not found');
            return;
        }
        response.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-cache'
        });
        response.end(readFileSync(file));
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
            const address = server.address();
            const actual = typeof address === 'object' && address ? address.port : port;
            resolve({
                url: `http://127.0.0.1:${actual}`,
                port: actual,
                // The origins a browser shows for this page (127.0.0.1 or localhost): the sandbox's control API allows these.
                origins: [`http://127.0.0.1:${actual}`, `http://localhost:${actual}`],
                setSandboxUrl,
                close: () => new Promise((done) => server.close(() => done()))
            });
        });
    });
}
