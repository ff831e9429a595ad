// Static server of the workbench (127.0.0.1 only): workbench/dist/ (page + bundle), /assets/* from the SLDS
// package (styles, icon sprites), and /config.json telling the page where the sandbox is and which sandbox
// client credentials act as "the org's Named Credential" (sandbox/engine.ts CLIENT_ID / CLIENT_SECRET).
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

/** @returns {Promise<{ url: string, port: number, close(): Promise<void> }>} */
export function startWorkbenchServer({ port = 4020, sandboxUrl }) {
    const config = JSON.stringify({
        sandboxUrl,
        clientId: 'sandbox-client',
        clientSecret: 'sandbox-secret',
        agentId: 'usr_camille.martin'
    });
    const server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
        if (path === '/config.json') {
            response.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
            response.end(config);
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
                close: () => new Promise((done) => server.close(() => done()))
            });
        });
    });
}
