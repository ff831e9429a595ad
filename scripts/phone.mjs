#!/usr/bin/env node
// npm run --silent phone -- <command>: check caller identification offline, answering as production does
// (org key from the flow formula evaluated with formulon, browser key and verification from diamyPhoneMatch).
//
//   match --country FR <incoming> <stored>   prints match or no-match
//   match-batch                              stdin lines country<TAB>incoming<TAB>stored → one match/no-match each
//   key --country FR <number>...             prints, per number: number, browser key, org key
import { createInterface } from 'node:readline';
import { productionMatcher } from './lib/phone-production.mjs';

const USAGE = `usage: npm run --silent phone -- match [--country CC] <incoming> <stored>
       npm run --silent phone -- match-batch < lines (country<TAB>incoming<TAB>stored)
       npm run --silent phone -- key [--country CC] <number>...
The country (default FR) is the org's default country for numbers written without a country code.`;

function options(args) {
    let country = 'FR';
    const rest = [];
    for (let i = 0; i < args.length; i += 1) {
        if (args[i] === '--country') {
            country = (args[i + 1] ?? '').toUpperCase();
            i += 1;
        } else if (args[i].startsWith('--country=')) {
            country = args[i].slice('--country='.length).toUpperCase();
        } else {
            rest.push(args[i]);
        }
    }
    if (!/^[A-Z]{2}$/.test(country)) {
        throw new UsageError(`--country needs a two-letter country code, got "${country}"`);
    }
    return { country, rest };
}

class UsageError extends Error {}

async function main(argv) {
    const [command, ...args] = argv;
    if (!command || command === '--help' || command === '-h') {
        console.log(USAGE);
        return command ? 0 : 2;
    }
    if (command === 'match') {
        const { country, rest } = options(args);
        if (rest.length !== 2) {
            throw new UsageError('match takes exactly two numbers: <incoming> <stored>');
        }
        const { matches } = await productionMatcher();
        console.log(matches(country, rest[0], rest[1]) ? 'match' : 'no-match');
        return 0;
    }
    if (command === 'match-batch') {
        const { matches } = await productionMatcher();
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        let bad = 0;
        for await (const line of lines) {
            const [country, incoming, stored] = line.split('\t');
            if (stored === undefined || !/^[A-Za-z]{2}$/.test(country.trim())) {
                console.log('no-match');
                console.error(`match-batch: malformed line (want country<TAB>incoming<TAB>stored): ${JSON.stringify(line)}`);
                bad += 1;
                continue;
            }
            console.log(matches(country.trim().toUpperCase(), incoming, stored) ? 'match' : 'no-match');
        }
        return bad > 0 ? 1 : 0;
    }
    if (command === 'key') {
        const { country, rest } = options(args);
        if (rest.length === 0) {
            throw new UsageError('key takes at least one number');
        }
        const { orgKey, browserKey } = await productionMatcher();
        for (const number of rest) {
            console.log(`${number}\tbrowser=${browserKey(country, number)}\torg=${orgKey(country, number) || '(blank)'}`);
        }
        return 0;
    }
    throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        if (error instanceof UsageError) {
            console.error(`phone: ${error.message}\n${USAGE}`);
            process.exitCode = 2;
        } else {
            console.error(`phone: ${error.stack ?? error}`);
            process.exitCode = 1;
        }
    }
);
