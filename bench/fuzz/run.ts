/**
 * Long fuzzing of every importer: 100,000 cases each by default (`--runs N`, `--seed N` to repeat
 * a run). Prints cases per importer and the time taken; stops at the first crash, with the
 * smallest input fast-check found that causes it.
 *
 *   npm run bench:fuzz -- [--runs 100000] [--seed 42] [--only lss|redcap|vtt|subrip|plain|qdpx|directory|plans|dataset|document]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { closeFuzzFixture, fileImporters } from '../../test/fuzz/file-importers.ts';
import { fuzz, importers } from '../../test/fuzz/importers.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(args.runs);
const seed = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);
console.log(`Fuzzing importers, ${runs} cases each, seed ${seed}`);
// The importers that store what they read (directory, plans, data sets, documents) run against an embedded database.
for (const importer of [...(await importers()), ...(await fileImporters())]) {
  // Spaces are ignored, so `--only dataset` finds "survey data set".
  const squeezed = (text: string) => text.toLowerCase().replace(/\s+/g, '');
  if (args.only && !squeezed(importer.name).includes(squeezed(args.only))) continue;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  // A line every 10,000 cases, so a long run that is stopped still says how far it got.
  let done = 0;
  const counted = { ...importer, run: async (bytes: Buffer) => {
    await importer.run(bytes);
    if (++done % 10_000 === 0) console.log(`    ${importer.name}: ${done} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } };
  await fuzz(counted, runs, seed);
  const cpu = process.cpuUsage(cpuAtStart);
  console.log(`  ${importer.name}: ${runs} cases without a crash in ${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
}
await closeFuzzFixture();
