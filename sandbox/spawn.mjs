// Starts the sandbox in a child process (node --import tsx sandbox/cli.ts --port 0) and resolves with its
// URL once it listens: for callers that prefer a separate process (e.g. a jest globalSetup).
//   import { spawnSandbox } from '<root>/sandbox/spawn.mjs';
//   const sandbox = await spawnSandbox(); // { url, wsUrl, port, close() }
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ port?: number, timeoutMs?: number, controlOrigins?: string[] }} [options] controlOrigins: browser
 *   origins allowed to use the control API /sandbox/* (the workbench passes its own); none by default.
 */
export function spawnSandbox({ port = 0, timeoutMs = 20000, controlOrigins = [] } = {}) {
    const originArgs = controlOrigins.flatMap((origin) => ['--control-origin', origin]);
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', String(port), '--quiet', ...originArgs], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    return new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`Diamy sandbox did not start within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const onData = (chunk) => {
            output += chunk.toString();
            const match = /listening on (http:\/\/[\d.]+:(\d+))/.exec(output);
            if (match) {
                clearTimeout(timer);
                const url = match[1];
                resolve({
                    url,
                    wsUrl: `${url.replace(/^http/, 'ws')}/v2/agent/stream`,
                    port: Number(match[2]),
                    pid: child.pid,
                    close: () =>
                        new Promise((done) => {
                            if (child.exitCode !== null) return done();
                            child.once('exit', () => done());
                            child.kill('SIGTERM');
                        })
                });
            }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`Diamy sandbox exited (${code}) before listening:\n${output}`));
        });
    });
}
