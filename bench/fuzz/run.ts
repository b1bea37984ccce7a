/**
 * Long fuzzing of every importer: 100,000 cases each by default (`--runs N`, `--seed N` to repeat
 * a run). Prints cases per importer and the time taken; stops at the first crash, with the
 * smallest input fast-check found that causes it.
 *
 *   npm run bench:fuzz -- [--runs 100000] [--seed 42] [--only lss]
 */
import { parseArgs } from 'node:util';
import { closeFuzzFixture, fileImporters } from '../../test/fuzz/file-importers.ts';
import { fuzz, importers } from '../../test/fuzz/importers.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(args.runs);
const seed = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);
console.log(`Fuzzing importers, ${runs} cases each, seed ${seed}`);
// The importers that store what they read (directory, plans, data sets, documents) run against an embedded database.
for (const importer of [...(await importers()), ...(await fileImporters())]) {
  if (args.only && !importer.name.toLowerCase().includes(args.only.toLowerCase())) continue;
  const started = performance.now();
  await fuzz(importer, runs, seed);
  console.log(`  ${importer.name}: ${runs} cases without a crash in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
await closeFuzzFixture();
