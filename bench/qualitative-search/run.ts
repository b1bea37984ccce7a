/**
 * Qualitative search benchmark (issue 4): 1,000 synthetic transcripts of 10,000 words (10 million
 * words) with 100 codings each, on the real PostgreSQL server, through the same service functions
 * the pages and API call.
 *
 *   npm run bench:qualitative-search                  # build the corpus, time, drop it
 *   npm run bench:qualitative-search -- --keep        # keep the database for another run
 *   npm run bench:qualitative-search -- --reuse       # time an existing corpus without rebuilding
 *   npm run bench:qualitative-search -- --transcripts 200 --runs 5
 *
 * The server is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * the database formative_bench_qualitative is made on it. Targets: full-text search (a ranked page
 * of 20 with snippets, and the number of matches) under 200 ms; all segments of a code, with 150
 * characters of context either side, under 100 ms. Each figure is the median of --runs timed runs
 * after one untimed run; the slowest run is shown too. The first retrieval of a code's segments
 * also cuts and keeps their text (see qda_segment_texts), and is reported on its own.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { frameworkMatrix } from '../../src/modules/qualitative/analysis/matrix.ts';
import { searchSources, segmentsOfCode } from '../../src/modules/qualitative/analysis/service.ts';
import { buildCorpus, programmes, roleCategories, type Corpus } from './corpus.ts';

const { values: args } = parseArgs({
  options: {
    transcripts: { type: 'string', default: '1000' },
    codings: { type: 'string', default: '100' },
    runs: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'formative_bench_qualitative';
const benchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

async function admin(statement: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

/** The corpus already in the database, for --reuse. */
async function existingCorpus(database: Database): Promise<Corpus | undefined> {
  const evaluation = await database.db.selectFrom('evaluations').select('id').where('slug', '=', 'qualitative-bench').executeTakeFirst();
  if (!evaluation) return undefined;
  const codes = await database.db.selectFrom('qda_codes').select(['id', 'parent_id']).where('evaluation_id', '=', evaluation.id).orderBy('position').execute();
  const waves = await database.db.selectFrom('waves').select('id').where('evaluation_id', '=', evaluation.id).orderBy('position').execute();
  return { evaluationId: evaluation.id, domainIds: codes.filter((c) => !c.parent_id).map((c) => c.id), constructIds: codes.filter((c) => c.parent_id).map((c) => c.id), waves: waves.map((w) => w.id) };
}

interface Timing {
  median: number;
  slowest: number;
  detail: string;
}

async function time(what: () => Promise<string>): Promise<Timing> {
  await what();
  const times: number[] = [];
  let detail = '';
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    detail = await what();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, slowest: times.at(-1)!, detail };
}

const verdicts: boolean[] = [];
function report(label: string, t: Timing, target: number): void {
  const ok = t.median < target;
  verdicts.push(ok);
  console.log(`${label.padEnd(58)} median ${t.median.toFixed(1).padStart(6)} ms, slowest ${t.slowest.toFixed(1).padStart(6)} ms (${t.detail}): ${ok ? 'within' : 'OUTSIDE'} ${target} ms`);
}

if (!args.reuse) {
  await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${databaseName}`);
}
const database = await openPostgresDatabase(benchUrl, 4);
try {
  await migrate(database);
  let corpus = args.reuse ? await existingCorpus(database) : undefined;
  if (!corpus) {
    console.log(`Building ${Number(args.transcripts).toLocaleString('en-GB')} transcripts with ${args.codings} codings each:`);
    const started = performance.now();
    corpus = await buildCorpus(database, benchUrl, { transcripts: Number(args.transcripts), codingsPerTranscript: Number(args.codings) }, (line) => console.log(line));
    console.log(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const db = database.db;
  const { evaluationId, constructIds, domainIds, waves } = corpus;
  // Segment texts kept by an earlier run would hide the cost of the first retrieval.
  await sql`TRUNCATE qda_segment_texts`.execute(db);

  // The work is PostgreSQL's, on this machine: figures on a busy machine say less, so the load is shown.
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${load()}, Node ${process.version}\n`);
  console.log(`Full-text search (first page of 20, ranked, with snippets, and the number of matches), ${runs} runs each:`);
  const searches: [string, Record<string, unknown>][] = [
    ['"funding cuts" (in nearly every transcript)', { q: 'funding cuts' }],
    ['"\\"front line\\" burnout" (a phrase and a rare word)', { q: '"front line" burnout' }],
    ['"recruitment or retention -pilot"', { q: 'recruitment or retention -pilot' }],
    ['"waiting times", programme lead, wave 2', { q: 'waiting times', role: roleCategories[1], wave: waves[1] }],
    ['"sustainability", programme = Mental health', { q: 'sustainability', attribute: `Programme=${programmes[0]}` }],
  ];
  for (const [label, query] of searches) {
    report(`  ${label}`, await time(async () => {
      const result = await searchSources(db, evaluationId, query as { q: string });
      return `${result.total.toLocaleString('en-GB')} matches, ${result.results.length} shown`;
    }), 200);
  }

  console.log(`\nAll segments of a code with 150 characters of context either side, ${runs} runs each:`);
  const code = constructIds[7]!;
  const started = performance.now();
  const first = await segmentsOfCode(db, evaluationId, { code, context: 150 }, null, null);
  console.log(`  first retrieval, cutting and keeping ${first.total.toLocaleString('en-GB')} segment texts: ${(performance.now() - started).toFixed(0)} ms (once per segment, and again only after an edit)`);
  report('  one construct, every participant', await time(async () => {
    const result = await segmentsOfCode(db, evaluationId, { code, context: 150 }, null, null);
    return `${result.segments.length.toLocaleString('en-GB')} segments`;
  }), 100);
  report('  one construct, role = Regional director, wave 1', await time(async () => {
    const result = await segmentsOfCode(db, evaluationId, { code, context: 150, role: roleCategories[2], wave: waves[0] }, null, null);
    return `${result.segments.length.toLocaleString('en-GB')} segments`;
  }), 100);
  await segmentsOfCode(db, evaluationId, { code: domainIds[2]!, subcodes: 'yes', context: 0 }, null, null);
  report('  a domain with its 8 constructs, one page of 100', await time(async () => {
    const result = await segmentsOfCode(db, evaluationId, { code: domainIds[2]!, subcodes: 'yes', context: 150 }, null);
    return `${result.total.toLocaleString('en-GB')} segments in all`;
  }), 100);

  console.log(`\nFramework matrix (counts only), ${runs} runs each:`);
  report('  a domain\'s 8 constructs by role category', await time(async () => {
    const matrix = await frameworkMatrix(db, evaluationId, { rows: 'roles', parent: domainIds[2] }, null);
    return `${matrix.rows.length} × ${matrix.columns.length}`;
  }), 200);
  report('  a domain\'s 8 constructs by participant', await time(async () => {
    const matrix = await frameworkMatrix(db, evaluationId, { rows: 'participants', parent: domainIds[2] }, null);
    return `${matrix.rows.length} × ${matrix.columns.length}`;
  }), 500);
  console.log(`\nLoad after timing: ${load()}.`);
  console.log(verdicts.every(Boolean) ? 'Every figure is within its target.' : 'Some figures are OUTSIDE their targets.');
} finally {
  await database.close();
  if (!args.keep && !args.reuse) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
}
