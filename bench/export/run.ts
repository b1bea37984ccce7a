/**
 * Export benchmark (issue 9): 100,000 responses of the likert50 shape exported to CSV by the
 * real command line, timed as a whole process, on the real PostgreSQL server.
 *
 *   npm run bench:export                      # 100,000 responses, three timed runs
 *   npm run bench:export -- --responses 20000 --runs 1 --keep
 *
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 * A fresh database formative_bench_export is made on it (and dropped afterwards unless --keep).
 * Targets: under 3 s and under 300 MB peak memory for 100,000 responses.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { openPostgresDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createSurvey } from '../../src/modules/surveys/service.ts';
import { likert50, likertIds } from './likert50.ts';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: { responses: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
});
const responseCount = Number(args.responses);
const runs = Number(args.runs);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'formative_bench_export';
const bin = join(import.meta.dirname, '../../bin/formative');

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function benchUrl(): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

// One statement makes every response inside the server: 50 Likert answers each (about 3% "not
// relevant"), and free text with commas, quotes and line breaks in a quarter of them.
const fillResponses = `
INSERT INTO responses (survey_id, version_id, key_hash, purpose, status, pages_saved, answers)
SELECT $1, $2, md5('bench-' || g), 'main', 'complete', 4,
  (SELECT jsonb_object_agg(item, CASE WHEN r < 0.03 THEN to_jsonb('NR'::text) ELSE to_jsonb(1 + floor(r * 5)::int) END)
     FROM (SELECT item, random() + 0 * g AS r FROM unnest($3::text[]) AS item) AS items)
  || jsonb_strip_nulls(jsonb_build_object(
       't1', CASE WHEN g % 4 = 0 THEN 'More time to plan, and "protected" days for training' END,
       't2', CASE WHEN g % 8 = 0 THEN E'Too many meetings.\\nNot enough staff.' END))
FROM generate_series(1, $4::int) AS g`;

async function prepare(): Promise<{ surveyId: string }> {
  await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${databaseName}`);
  const database = await openPostgresDatabase(benchUrl(), 2);
  try {
    await migrate(database);
    const evaluation = await createEvaluation(database.db, null, { title: 'Export benchmark', slug: 'export-bench' });
    const survey = await createSurvey(database.db, null, evaluation.id, { title: 'Likert 50', purpose: 'main', anonymity: 'anonymous' }, likert50());
    const client = new pg.Client({ connectionString: benchUrl() });
    await client.connect();
    const started = performance.now();
    await client.query(fillResponses, [survey.id, survey.version.id, likertIds, responseCount]);
    await client.query('ANALYZE responses');
    console.log(`Stored ${responseCount.toLocaleString('en-GB')} responses in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    await client.end();
    return { surveyId: survey.id };
  } finally {
    await database.close();
  }
}

interface Measure {
  seconds: number;
  /** User and system CPU time: steadier than wall time when other work shares the machine. */
  cpuSeconds: number;
  peakMegabytes: number;
  rows: number;
  fileMegabytes: number;
}

/** Runs the command under /usr/bin/time -v, which reports wall time and peak resident memory. */
async function timedExport(surveyId: string, out: string, extra: string[]): Promise<Measure> {
  const command = [bin, 'export', 'responses', surveyId, '--evaluation', 'export-bench', '--format', 'csv', '--out', out, '--json', ...extra];
  const { stdout, stderr } = await run('/usr/bin/time', ['-v', ...command], { env: { ...process.env, DATABASE_URL: benchUrl() }, maxBuffer: 1 << 20 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  if (!wall || !rss || !user || !system) throw new Error(`Could not read /usr/bin/time's report:\n${stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const result = JSON.parse(stdout) as { responses: number };
  return { seconds, cpuSeconds: Number(user[1]) + Number(system[1]), peakMegabytes: Number(rss[1]) / 1024, rows: result.responses, fileMegabytes: statSync(out).size / 1024 / 1024 };
}

function report(label: string, m: Measure): void {
  const verdict = m.seconds < 3 && m.peakMegabytes < 300 ? 'within target' : 'OUTSIDE target (3 s, 300 MB)';
  console.log(
    `${label.padEnd(8)} ${m.rows.toLocaleString('en-GB')} responses, ${m.fileMegabytes.toFixed(1)} MB CSV in ${m.seconds.toFixed(2)} s ` +
      `(${Math.round(m.rows / m.seconds).toLocaleString('en-GB')} responses/s; ${m.cpuSeconds.toFixed(2)} s of CPU), peak memory ${m.peakMegabytes.toFixed(0)} MB: ${verdict}`,
  );
}

const folder = mkdtempSync(join(tmpdir(), 'formative-bench-export-'));
try {
  const { surveyId } = await prepare();
  const out = join(folder, 'likert50.csv');
  // Other work on the machine slows every run; the load says how much to trust the wall times.
  console.log(`Load average before timing: ${loadavg().map((n) => n.toFixed(2)).join(', ')} on ${cpus().length} cores.`);
  // The first run also warms the server's cache and tsx's compile cache; every run is shown.
  for (let i = 1; i <= runs; i++) report(`codes ${i}`, await timedExport(surveyId, out, []));
  report('labels', await timedExport(surveyId, out, ['--labels']));
} finally {
  rmSync(folder, { recursive: true, force: true });
  if (!args.keep) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
}
