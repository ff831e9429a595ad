// Prints the mutation score of each module from StrykerJS's JSON report (.gate/mutation/mutation.json) and fails
// below the bar the team set for the telephony service modules (85 %). Score = mutants detected (killed or timed
// out) / mutants that could be tested (survived and not covered count against it; compile errors do not).
//   npm run mutation                      every module of stryker.config.mjs
//   DIAMY_MUTATE=diamyTabLeader npm run mutation
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT } from './lib/project.mjs';

export const BAR = 85;
const REPORT = join(ROOT, '.gate', 'mutation', 'mutation.json');

/** @param {{ files: Record<string, { mutants: { status: string }[] }> }} report */
export function scores(report) {
    return Object.entries(report.files).map(([file, { mutants }]) => {
        const count = (status) => mutants.filter((m) => m.status === status).length;
        const detected = count('Killed') + count('Timeout');
        const valid = detected + count('Survived') + count('NoCoverage');
        return {
            module: basename(file).replace(/\.ts$/, ''),
            mutants: mutants.length,
            killed: count('Killed'),
            timeout: count('Timeout'),
            survived: count('Survived'),
            noCoverage: count('NoCoverage'),
            score: valid === 0 ? 100 : Math.round((detected / valid) * 1000) / 10
        };
    });
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
    const rows = scores(JSON.parse(readFileSync(REPORT, 'utf8')));
    for (const r of rows)
        console.log(
            `mutation: ${r.module} ${r.score.toFixed(1)} % (${r.mutants} mutants: ${r.killed} killed, ${r.timeout} timed out, ${r.survived} survived, ${r.noCoverage} not covered)`
        );
    writeFileSync(join(ROOT, '.gate', 'mutation', 'summary.json'), `${JSON.stringify(rows, null, 2)}\n`);
    const below = rows.filter((r) => r.score < BAR);
    if (below.length) {
        console.error(`✖ below ${BAR} %: ${below.map((r) => r.module).join(', ')}`);
        process.exitCode = 1;
    }
}
