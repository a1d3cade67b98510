/**
 * `npm run reliability`: runs the fault matrix (test/reliability/matrix.ts) on a fresh Azurite
 * and writes its table into docs/reliability.md, between the markers there.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startAzurite } from '../src/store/azurite';
import { runScenario, SCENARIOS, type Figures } from '../test/reliability/matrix';

const DOC = fileURLToPath(new URL('../docs/reliability.md', import.meta.url));
const BEGIN = '<!-- matrix:begin (npm run reliability) -->';
const END = '<!-- matrix:end -->';

function table(rows: readonly Figures[]): string {
  const header = [
    '| Fault | Ward processes | Events | Deliveries | Given back | Changes applied | Applied twice | Lost | Decisions twice | Alerts |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const lines = rows.map(
    (r) =>
      `| ${r.scenario} | ${r.processes} | ${r.events} | ${r.deliveries} | ${r.redelivered} | ${r.applied} | ${r.appliedTwice} | ${r.lost} | ${r.decisionsTwice} | ${r.alerts} |`,
  );
  return [...header, ...lines].join('\n');
}

const azurite = await startAzurite({ inMemory: true });
const rows: Figures[] = [];
try {
  for (const scenario of SCENARIOS) {
    const figures = await runScenario(scenario, azurite.connectionString);
    rows.push(figures);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  }
} finally {
  await azurite.stop();
}
const doc = readFileSync(DOC, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start)
  throw new Error(`docs/reliability.md lacks the ${BEGIN} … ${END} markers`);
writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${table(rows)}\n\n${doc.slice(end)}`);
const bad = rows.filter((r) => r.lost > 0 || r.appliedTwice > 0 || r.decisionsTwice > 0);
process.stdout.write(
  `reliability: ${rows.length} scenarios, ${bad.length} with something lost or doubled\n`,
);
if (bad.length > 0) process.exitCode = 1;
