import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { keyDigest } from '../../src/modules/surveys/respondent/response-key.ts';
import { createSurvey, setStatus } from '../../src/modules/surveys/service.ts';
import { postgresUrl } from '../databases.ts';
import { step, type RespondentState, type SurveyShape } from './respondents.ts';

/**
 * Nothing acknowledged is lost when the server dies: respondents answer a survey at full speed
 * while the server is killed with SIGKILL again and again and started again. Every page the
 * server acknowledged (with its redirect) must be stored, exactly once, and every response left
 * partial by a crash must be finishable afterwards. FAULT_CYCLES sets the number of kills.
 */
const bin = fileURLToPath(new URL('../../bin/formative', import.meta.url));
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

const pages = [1, 2, 3].map((p) => [1, 2, 3, 4].map((i) => `p${p}i${i}`));

async function prepareSurvey(target: Target): Promise<SurveyShape> {
  const database = await target.open();
  try {
    await migrate(database);
    const user = await createUser(database.db, { email: 'faults@example.org', name: 'Fault Tester', password: 'a long test password' });
    const evaluation = await createEvaluation(database.db, user.id, { title: 'Fault evaluation' });
    const labels = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
    const definition = {
      welcome: 'A survey answered while its server keeps failing.',
      privacyNotice: '',
      thankYou: 'Thank you.',
      pages: pages.map((ids, p) => ({
        id: `g${p + 1}`,
        title: `Page ${p + 1}`,
        intro: '',
        questions: ids.map((id) => ({ id, text: `Statement ${id}`, required: true, format: { type: 'likert' as const, points: 5, labels } })),
      })),
    };
    const survey = await createSurvey(database.db, user.id, evaluation.id, { title: 'Fault survey', purpose: 'main', anonymity: 'anonymous' }, definition);
    await setStatus(database.db, user.id, evaluation.id, survey.id, 'open');
    return { code: survey.publicCode, pages };
  } finally {
    await database.close();
  }
}

async function startServer(target: Target): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(bin, ['serve', '--port', '0', '--json', ...target.args], {
    env: { ...process.env, ...target.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', SECURE_COOKIES: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /http:\/\/localhost:(\d+)/.exec(seen);
      if (!match) return;
      child.stdout!.off('data', read);
      child.stdout!.resume();
      resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The server stopped before listening (exit ${code}): ${seen}`)));
  });
  return { child, origin };
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

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
      const { child, origin } = await startServer(target);
      const died = stopped(child);
      const load = answerUntilKilled(origin, survey, states, died);
      // Killed at a different moment each time, somewhere in the middle of the traffic.
      await new Promise((resolve) => setTimeout(resolve, 300 + ((cycle * 397) % 900)));
      child.kill('SIGKILL');
      await died;
      await load;
    }

    // One last start: everyone left partway finishes, resuming by their link.
    const { child, origin } = await startServer(target);
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
      expect(started.length, 'the load went on through the kills').toBeGreaterThan(target.cycles * 2);
      console.info(`${target.name}: ${target.cycles} SIGKILL cycles, ${started.length} responses, ${lostPages} acknowledged answers lost, ${unacknowledged.length} starts cut off before acknowledgement`);
    } finally {
      await database.close();
    }
  });
});
