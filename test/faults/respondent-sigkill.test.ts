import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { keyDigest } from '../../src/modules/surveys/respondent/response-key.ts';
import { postgresUrl } from '../databases.ts';
import { startServer, stopped } from '../processes.ts';
import { openTestSurvey, step, type RespondentState, type SurveyShape } from './respondents.ts';

/**
 * Nothing acknowledged is lost when the server dies: respondents answer a survey at full speed
 * while the server is killed with SIGKILL again and again and started again. Every page the
 * server acknowledged (with its redirect) must be stored, exactly once, and every response left
 * partial by a crash must be finishable afterwards. FAULT_CYCLES sets the number of kills.
 */
const concurrency = 16;

interface Target {
  name: string;
  cycles: number;
  env: Record<string, string | undefined>;
  args: string[];
  open(): Promise<Database>;
  cleanUp(): Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'formative-faults-'));
  return {
    name: 'embedded',
    cycles: Number(process.env.FAULT_CYCLES ?? 4),
    env: { DATABASE_URL: undefined },
    args: ['--data', dir],
    open: () => openEmbeddedDatabase(dir),
    cleanUp: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(serverUrl: string): Promise<Target> {
  const name = `formative_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    cycles: Number(process.env.FAULT_CYCLES ?? 20),
    env: { DATABASE_URL: url.toString() },
    args: [],
    open: () => openPostgresDatabase(url.toString(), 2),
    async cleanUp() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function prepareSurvey(target: Target): Promise<SurveyShape> {
  const database = await target.open();
  try {
    await migrate(database);
    return await openTestSurvey(database);
  } finally {
    await database.close();
  }
}

/** Keeps `concurrency` respondents busy until the server goes; a new respondent replaces one who finished. */
async function answerUntilKilled(origin: string, survey: SurveyShape, states: RespondentState[], untilDead: Promise<void>): Promise<void> {
  let dead = false;
  void untilDead.then(() => (dead = true));
  let next = 0;
  const pick = (): number => {
    while (next < states.length && states[next]!.completed) next++;
    if (next === states.length) states.push({ acknowledged: {}, pagesDone: 0, completed: false });
    return next++;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      let index = pick();
      while (!dead) {
        try {
          await step(origin, survey, index, states[index]!);
        } catch (error) {
          if (dead) return;
          // The connection broke as the server died: anything else is a real failure.
          if (!/ECONNREFUSED|ECONNRESET|socket|closed|terminated/i.test(String((error as Error).message) + String((error as { code?: string }).code ?? ''))) throw error;
          return;
        }
        if (states[index]!.completed) index = pick();
      }
    }),
  );
}

/** Pages the server has acknowledged so far, completions included. */
const acknowledgedPages = (states: readonly RespondentState[]): number => states.reduce((sum, s) => sum + s.pagesDone + (s.completed ? 1 : 0), 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const serverUrl = postgresUrl;
const targets: (() => Promise<Target>)[] = [embeddedTarget, ...(serverUrl ? [() => postgresTarget(serverUrl)] : [])];

describe.each(targets.map((make) => ({ make })))('a server killed under load', ({ make }) => {
  const cleanUps: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanUp of cleanUps) await cleanUp();
  });

  it('loses no acknowledged page, stores none twice, and every partial response can be finished', { timeout: 600_000 }, async () => {
    const target = await make();
    cleanUps.push(target.cleanUp);
    const survey = await prepareSurvey(target);
    const states: RespondentState[] = [];

    for (let cycle = 0; cycle < target.cycles; cycle++) {
      const { child, origin } = await startServer(target.args, target.env);
      const died = stopped(child);
      const load = answerUntilKilled(origin, survey, states, died);
      // Killed once traffic is flowing (a slow first page on a loaded machine must not turn the
      // cycle into a kill before any answer), at a different moment each time.
      const before = acknowledgedPages(states);
      for (const waitUntil = Date.now() + 60_000; acknowledgedPages(states) === before && Date.now() < waitUntil; ) await sleep(25);
      await sleep((cycle * 397) % 900);
      child.kill('SIGKILL');
      await died;
      await load;
    }

    const pagesDuringKills = acknowledgedPages(states);
    // One last start: everyone left partway finishes, resuming by their link.
    const { child, origin } = await startServer(target.args, target.env);
    for (const [index, state] of states.entries()) {
      for (let steps = 0; !state.completed && steps < 10; steps++) await step(origin, survey, index, state);
    }
    child.kill('SIGTERM');
    await stopped(child);

    const database = await target.open();
    try {
      const rows = await database.db.selectFrom('responses').select(['key_hash', 'status', 'answers']).execute();
      const byKey = new Map(rows.map((row) => [row.key_hash, row]));
      const started = states.filter((s): s is RespondentState & { key: string } => s.key !== undefined);
      const startedDigests = new Set(started.map((s) => keyDigest(s.key)));
      let lostPages = 0;
      for (const state of started) {
        const row = byKey.get(keyDigest(state.key));
        expect(row, 'every acknowledged start is stored').toBeDefined();
        for (const [question, value] of Object.entries(state.acknowledged)) if (String(row!.answers[question]) !== value) lostPages++;
        expect(row!.status).toBe('complete');
      }
      expect(lostPages, 'acknowledged answers lost').toBe(0);
      expect(states.every((s) => s.completed)).toBe(true);
      // Key digests are unique by constraint; a response started but never acknowledged stays empty.
      const unacknowledged = rows.filter((row) => !startedDigests.has(row.key_hash));
      expect(unacknowledged.every((row) => row.status === 'partial' && Object.keys(row.answers).length === 0)).toBe(true);
      expect(rows.filter((row) => row.status === 'complete')).toHaveLength(started.length);
      expect(pagesDuringKills, 'pages were acknowledged between the kills').toBeGreaterThanOrEqual(target.cycles);
      console.info(`${target.name}: ${target.cycles} SIGKILL cycles, ${started.length} responses, ${pagesDuringKills} pages acknowledged between kills, ${lostPages} acknowledged answers lost, ${unacknowledged.length} starts cut off before acknowledgement`);
    } finally {
      await database.close();
    }
  });
});
