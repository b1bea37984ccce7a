/**
 * Analysis benchmark (issue 3): the pure statistics in-process, on seeded synthetic Likert data.
 *
 *   npm run bench:analysis                    # both workloads, three timed runs each
 *   npm run bench:analysis -- --runs 1 --respondents 20000 --large 200000
 *
 * Workload 1: 100,000 responses × 50 items (3% missing, 8 units × 3 waves) — scale scores,
 * Cronbach's alpha (pairwise) of every scale, and descriptives of every scale and item by
 * unit × wave. Target: under 2 s, peak memory (RSS) under 1 GB.
 * Workload 1b: the same size through the results service, as the pages, API and command line
 * run it: 100,000 stored responses × 50 items read from a throw-away PostgreSQL database (from the
 * answer vectors of migration 026, one byte per answer, not key by key from the jsonb), scored,
 * alpha and descriptives by unit, item frequencies (service.ts). Also under 2 s; the database's
 * own CPU time is printed beside this process's (`--service 0` skips it; `--service-db embedded`
 * runs it on the embedded database instead).
 * Workload 2: scoring 1,000,000 responses × 25 items (columns in). Target: under 3 s.
 * Generating the data is not timed. Peak memory is the process's maximum resident set size so far.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Instrument } from '../../src/modules/instruments/definition.ts';
import { parseInstrument } from '../../src/modules/instruments/definition.ts';
import { describeByGroup, groupCodes } from '../../src/modules/analysis/descriptives.ts';
import { cronbachAlpha } from '../../src/modules/analysis/reliability.ts';
import { keyedItemColumns, scoreColumns, scoreResponses, type ItemColumns } from '../../src/modules/analysis/scoring.ts';
import { syntheticLikert } from '../../src/modules/analysis/synthetic-data.ts';
import { prepareServiceBench } from './service.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    respondents: { type: 'string', default: '100000' },
    large: { type: 'string', default: '1000000' },
    service: { type: 'string', default: '100000' },
    'service-db': { type: 'string', default: 'postgres' },
  },
});
const runs = Number(args.runs);

/** An instrument of `items` agree5 items in scales of `perScale`, every third item reversed, with a median-split quadrant. */
function benchInstrument(items: number, perScale: number): Instrument {
  const ids = Array.from({ length: items }, (_, i) => `q${i + 1}`);
  const scales = Array.from({ length: Math.ceil(items / perScale) }, (_, s) => ({
    id: `s${s + 1}`,
    name: `Scale ${s + 1}`,
    items: ids.slice(s * perScale, (s + 1) * perScale),
    scoring: { method: s % 2 ? ('sum' as const) : ('mean' as const), minAnswered: Math.ceil(perScale / 2), ...(s % 2 ? { prorate: true } : {}) },
  }));
  return parseInstrument(
    {
      id: 'bench-instrument',
      name: 'Benchmark instrument',
      version: '1',
      citation: 'Synthetic, for the analysis benchmark.',
      licence: { terms: 'MIT', wording: 'included' },
      responseFormats: { agree5: { type: 'agreement', points: 5, missing: [{ value: -1, label: 'Not relevant', kind: 'not-relevant' }] } },
      items: ids.map((id, i) => ({ id, format: 'agree5', text: `Statement ${i + 1}`, ...(i % 3 === 2 ? { reverse: true } : {}) })),
      scales,
      derived: [
        {
          id: 'quadrant',
          kind: 'quadrant',
          name: 'Quadrant',
          first: { scale: 's1', cut: 'median' },
          second: { scale: 's2', cut: 'median' },
          quadrants: [
            { when: ['high', 'high'], code: 'hh', label: 'High, high' },
            { when: ['high', 'low'], code: 'hl', label: 'High, low' },
            { when: ['low', 'high'], code: 'lh', label: 'Low, high' },
            { when: ['low', 'low'], code: 'll', label: 'Low, low' },
          ],
        },
      ],
    },
    'bench-instrument.yaml',
  );
}

function columnsOf(instrument: Instrument, respondents: number, seed: number, groups: number): { input: ItemColumns; groups: Int32Array } {
  const data = syntheticLikert({ respondents, items: instrument.items.length, seed, factors: instrument.scales.length, missingRate: 0.03, groups, reversed: instrument.items.flatMap((item, i) => (item.reverse ? [i] : [])) });
  return { input: { respondents, columns: Object.fromEntries(instrument.items.map((item, i) => [item.id, data.columns[i]!])) }, groups: data.groups };
}

const peakMb = (): number => process.resourceUsage().maxRSS / 1024;
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** Runs `work` `runs` times; prints wall-clock and CPU seconds of each run (CPU time is steadier on a busy machine). */
function timed(label: string, work: () => void): number[] {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    work();
    times.push(seconds(start));
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e6);
  }
  console.log(`${label}: ${times.map((t, i) => `${t.toFixed(3)} s (CPU ${cpu[i]!.toFixed(3)} s)`).join(', ')}; the first run is cold`);
  return times;
}

let failed = false;
function target(label: string, value: number, limit: number, unit: string): void {
  const ok = value < limit;
  if (!ok) failed = true;
  console.log(`  ${ok ? 'PASS' : 'FAIL'} ${label}: ${value.toFixed(unit === 's' ? 3 : 0)} ${unit} (target under ${limit} ${unit})`);
}

console.log(`Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`);

// Workload 1 -------------------------------------------------------------------------------
const respondents = Number(args.respondents);
const wide = benchInstrument(50, 10);
const { input: wideInput, groups: units } = columnsOf(wide, respondents, 1, 8);
const waves = Array.from({ length: respondents }, (_, r) => `wave ${1 + (r % 3)}`);
const unitWave = groupCodes(Array.from(units, (u, r) => `unit ${u + 1} | ${waves[r]}`));
console.log(`Workload 1: ${respondents.toLocaleString('en-GB')} responses × 50 items, 5 scales, ${unitWave.keys.length} unit × wave groups (data made, peak RSS ${peakMb().toFixed(0)} MB)`);

let alphaSummary = '';
const workload1 = timed('  scores + alpha of 5 scales + descriptives of 5 scales and 50 items by group', () => {
  const scored = scoreColumns(wide, wideInput);
  const alphas = wide.scales.map((scale) => {
    const { items, columns } = keyedItemColumns(wide, wideInput, scale.id);
    return cronbachAlpha(columns, { missing: 'pairwise', items });
  });
  for (const scale of scored.scales) describeByGroup(scale.scores, unitWave.codes, unitWave.keys.length);
  for (const item of wide.items) describeByGroup(wideInput.columns[item.id]!, unitWave.codes, unitWave.keys.length);
  alphaSummary = alphas.map((a) => (a.ok ? a.rawAlpha.toFixed(3) : a.reason)).join(', ');
});
console.log(`  alphas: ${alphaSummary}`);
timed('  of which scoring alone', () => void scoreColumns(wide, wideInput));
timed('  of which alpha alone (5 scales, pairwise)', () => {
  for (const scale of wide.scales) {
    const { items, columns } = keyedItemColumns(wide, wideInput, scale.id);
    cronbachAlpha(columns, { missing: 'pairwise', items });
  }
});
target('workload 1, best run', Math.min(...workload1), 2, 's');
target('workload 1, peak RSS', peakMb(), 1024, 'MB');

// For information: the same scores from stored answers (one record per response, as the survey
// module keeps them, with "NR" for not relevant) rather than columns.
const answerOf = (itemId: string, r: number): number | string => {
  const v = wideInput.columns[itemId]![r]!;
  return Number.isNaN(v) ? 'NR' : v;
};
const records = Array.from({ length: respondents }, (_, r) => Object.fromEntries(wide.items.map((item) => [item.id, answerOf(item.id, r)])));
timed('  for information: scoring from answer records instead of columns', () => void scoreResponses(wide, records));

// Workload 1b ------------------------------------------------------------------------------
const serviceRespondents = Number(args.service);
if (serviceRespondents > 0) {
  const on = args['service-db'] === 'embedded' ? 'embedded' : 'postgres';
  const bench = await prepareServiceBench(serviceRespondents, on);
  console.log(`Workload 1b: ${serviceRespondents.toLocaleString('en-GB')} stored responses × ${bench.items} items through the results service (${on === 'embedded' ? 'embedded database, in this process' : 'PostgreSQL'}), grouped by unit; load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`  (storing them took ${bench.storeSeconds.toFixed(1)} s, not timed below: the database writes each response's answer vector as it is stored)`);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const dbStart = bench.databaseCpu();
    await bench.run();
    const used = process.cpuUsage(cpuStart);
    times.push(seconds(start));
    console.log(`  run ${run + 1}: ${times[run]!.toFixed(3)} s (CPU here ${((used.user + used.system) / 1e6).toFixed(3)} s, database ${(bench.databaseCpu() - dbStart).toFixed(3)} s; ${bench.scales} scales; load ${os.loadavg()[0]!.toFixed(1)})`);
  }
  target('workload 1b, best run', Math.min(...times), 2, 's');
  target('workload 1b, peak RSS', peakMb(), 1024, 'MB');
  await bench.close();
}

// Workload 2 -------------------------------------------------------------------------------
const large = Number(args.large);
const narrow = benchInstrument(25, 5);
const { input: narrowInput } = columnsOf(narrow, large, 2, 1);
console.log(`Workload 2: ${large.toLocaleString('en-GB')} responses × 25 items, 5 scales and a median-split quadrant (data made, peak RSS ${peakMb().toFixed(0)} MB)`);
const workload2 = timed('  scoring', () => void scoreColumns(narrow, narrowInput));
target('workload 2, best run', Math.min(...workload2), 3, 's');
console.log(`  peak RSS of the whole run: ${peakMb().toFixed(0)} MB`);

process.exitCode = failed ? 1 : 0;
