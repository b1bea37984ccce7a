/**
 * Shared statistics benchmark: a likert50-shaped survey (50 five-point items, 2 free texts) with
 * 10,000 complete main responses, shared behind a password. Creating the share counts the figures
 * and stores them (shared_statistics); the server is then started and the public page opened over
 * HTTP with the pass a correct password earns, one request at a time, and timed: the first request
 * after the server starts (read from the stored row, nothing in the process yet), then p50 and p99.
 * The refresh job is timed too: a response is added so the stored figures are out of date, and
 * the job counts them again (frequencies and scale means counted by the database over the stored
 * answers), which is what keeps visitors from ever waiting for the count.
 *
 *   npm run bench:shared-statistics -- [--db postgres|embedded] [--responses 10000] [--requests 200] [--json]
 *
 * The PostgreSQL server is BENCH_DATABASE_URL (else TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres); the benchmark makes its own database there and
 * drops it at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { request } from 'undici';
import { loadConfig } from '../../src/config.ts';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { buildApp } from '../../src/http/app.ts';
import { createUser, digest } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createSurvey } from '../../src/modules/surveys/service.ts';
import { runJobOnce } from '../../src/jobs/periodic.ts';
import { sharedStatisticsJob } from '../../src/modules/surveys/sharing/refresh-job.ts';
import { createShare } from '../../src/modules/surveys/sharing/service.ts';
import { likert50 } from '../respondent/likert50.ts';
import { percentile } from '../respondent/load.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    responses: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const password = 'benchmark share password';

async function openTarget(): Promise<{ database: Database; cleanUp: () => Promise<void> }> {
  if (args.db === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'formative-bench-'));
    const database = await openEmbeddedDatabase(dir);
    return { database, cleanUp: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `formative_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgresDatabase(url.toString());
  return {
    database,
    async cleanUp() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A seeded generator, so every run stores the same answers. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function storeResponses(database: Database, survey: { id: string; version: { id: string } }, count: number, seed = 2005): Promise<void> {
  const random = generator(seed);
  const items = Array.from({ length: 50 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, () => {
      const answers: Record<string, unknown> = {};
      for (const item of items) answers[item] = random() < 0.03 ? 'NR' : 1 + Math.floor(random() * 5);
      answers.helped = 'Regular team meetings about the change helped, and so did the newsletter.';
      answers.hindered = random() < 0.5 ? 'Pressure of work and too many other initiatives.' : '';
      return { survey_id: survey.id, version_id: survey.version.id, key_hash: digest(randomBytes(16).toString('hex')), purpose: 'main', status: 'complete', answers: JSON.stringify(answers) };
    });
    await database.db.insertInto('responses').values(rows).execute();
  }
}

async function main(): Promise<void> {
  const count = Number(args.responses);
  const requests = Number(args.requests);
  const { database, cleanUp } = await openTarget();
  await migrate(database);
  // The server is built only once the figures are stored, as a process started (or restarted) later would be.
  const startServer = () => buildApp({ config: { ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SECURE_COOKIES: 'false', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' }), port: 0 }, database });
  let app: Awaited<ReturnType<typeof startServer>>['app'] | undefined;
  try {
    const user = await createUser(database.db, { email: `bench-${Date.now()}@example.org`, name: 'Benchmark', password: 'benchmark password' });
    const evaluation = await createEvaluation(database.db, user.id, { title: 'Shared statistics benchmark' });
    const survey = await createSurvey(database.db, user.id, evaluation.id, { title: 'Change programme staff survey', purpose: 'main', anonymity: 'anonymous' }, likert50());
    const loadStart = performance.now();
    await storeResponses(database, survey, count);
    const loadMs = performance.now() - loadStart;
    const shareStart = performance.now();
    const share = await createShare(database.db, user.id, evaluation.id, survey.id, { label: 'Benchmark', password });
    const shareMs = performance.now() - shareStart;

    // The refresh job, each time after a new response has made the stored figures out of date.
    const refreshTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await storeResponses(database, survey, 1, 3000 + i);
      const t = performance.now();
      await runJobOnce(database.db, sharedStatisticsJob, new Date());
      refreshTimes.push(performance.now() - t);
    }

    app = (await startServer()).app;
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = `${origin}/shared/${share.id}`;
    const form = await request(page);
    const formHtml = await form.body.text();
    const csrfCookie = [form.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(formHtml)?.[1] ?? '';
    const signIn = await request(page, { method: 'POST', headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, password }).toString() });
    await signIn.body.dump();
    const pass = [signIn.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('formative_shared='))?.split(';')[0];
    if (signIn.statusCode !== 303 || !pass) throw new Error(`The password was not accepted (${signIn.statusCode})`);

    const cpuBefore = process.cpuUsage();
    const times = new Float64Array(requests);
    let first = 0;
    let bytes = 0;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const response = await request(page, { headers: { cookie: pass } });
      const body = await response.body.text();
      times[i] = performance.now() - t;
      if (response.statusCode !== 200 || !body.includes('complete responses to the main survey') || body.includes('Counted at')) throw new Error(`Request ${i + 1} answered ${response.statusCode}`);
      if (i === 0) first = times[i]!;
      bytes = body.length;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const sorted = Float64Array.from(times).sort();
    const result = {
      database: database.kind,
      responses: count,
      requests,
      firstRequestMs: Math.round(first * 10) / 10,
      p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
      p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
      refreshJobMs: { min: Math.round(Math.min(...refreshTimes)), median: Math.round([...refreshTimes].sort((a, b) => a - b)[2]!) },
      shareCreatedMs: Math.round(shareMs),
      pageBytes: bytes,
      cpuMsPerRequest: Math.round(((cpu.user + cpu.system) / 1000 / requests) * 10) / 10,
      loadSeconds: Math.round(loadMs / 100) / 10,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      target: 'page < 100 ms',
    };
    if (args.json) console.log(JSON.stringify(result));
    else {
      console.log(`shared statistics page, ${count} likert50 responses on ${result.database}, ${requests} requests one at a time`);
      console.log(`  p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, first request after the server started ${result.firstRequestMs} ms (target < 100 ms)`);
      console.log(`  refresh job (counts and stores the figures after a new response): median ${result.refreshJobMs.median} ms, best ${result.refreshJobMs.min} ms; creating the share (with its count) ${result.shareCreatedMs} ms`);
      console.log(`  page ${result.pageBytes} bytes, ${result.cpuMsPerRequest} ms CPU per request (client and server), responses stored in ${result.loadSeconds} s`);
      console.log(`  load average ${result.loadAverage.join(' ')}`);
    }
  } finally {
    await app?.close();
    await database.close();
    await cleanUp();
  }
}

await main();
