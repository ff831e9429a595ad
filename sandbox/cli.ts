// npm run sandbox: the Diamy sandbox on 127.0.0.1:$DIAMY_SANDBOX_PORT (default 4010), logging to stdout
// (request lines never include tokens). `--port 0` picks a free port; the first line printed gives the URL.
// `--control-origin http://127.0.0.1:4020` lets that browser origin (the workbench) use the control API /sandbox/*.
import { startSandbox } from './server.ts';

const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.DIAMY_SANDBOX_PORT ?? 4010);
const quiet = process.argv.includes('--quiet');
// Browser origins allowed to use /sandbox/* (the workbench's): --control-origin <origin> (repeatable) and/or
// DIAMY_SANDBOX_CONTROL_ORIGINS (comma-separated). None by default.
const controlOrigins = [
    ...process.argv.flatMap((arg, index) => (arg === '--control-origin' && process.argv[index + 1] ? [process.argv[index + 1] ?? ''] : [])),
    ...(process.env.DIAMY_SANDBOX_CONTROL_ORIGINS ?? '').split(',').map((origin) => origin.trim())
].filter((origin) => origin !== '');

startSandbox({ port, log: !quiet, controlOrigins })
    .then((sandbox) => {
        console.log(`Diamy sandbox listening on ${sandbox.url} (contract: ${sandbox.url}/openapi.json, WebSocket: ${sandbox.wsUrl})`);
        const stop = (): void => {
            void sandbox.close().then(() => process.exit(0));
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    })
    .catch((error: unknown) => {
        console.error(`Diamy sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    });
