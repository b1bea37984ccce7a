import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { keyDigest } from '../../src/modules/surveys/respondent/response-key.ts';
import { postgresUrl } from '../databases.ts';
import { openTestSurvey, step, type RespondentState, type SurveyShape } from '../faults/respondents.ts';
import { startServer, stopped, type RunningServer } from '../processes.ts';
import { nginxPath, startNginx, type RunningNginx } from './nginx.ts';

/**
 * Two Formative processes behind nginx on one PostgreSQL database: respondents answer through
 * nginx while one process is killed and started again. Nothing acknowledged may be lost, every
 * response must be finishable on whichever process it reaches, and a page shown by one process
 * must be accepted by the other (form tokens and CSRF secrets are not held in memory).
 */
const serverUrl = postgresUrl;
const wanted = 60;

describe.skipIf(!serverUrl || !nginxPath)('two processes behind nginx on one PostgreSQL database', () => {
  const name = `formative_scale_${randomBytes(5).toString('hex')}`;
  let url: string;
  let survey: SurveyShape;
  const servers: RunningServer[] = [];
  let nginx: RunningNginx | undefined;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(serverUrl!);
    target.pathname = `/${name}`;
    url = target.toString();
    const database = await openPostgresDatabase(url, 2);
    try {
      await migrate(database);
      survey = await openTestSurvey(database);
    } finally {
      await database.close();
    }
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => stopped(s.child)));
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });

  it('loses nothing when one process dies, and the other carries on', { timeout: 300_000 }, async () => {
    servers.push(await startServer([], { DATABASE_URL: url }), await startServer([], { DATABASE_URL: url }));
    nginx = await startNginx(servers.map((s) => s.port));
    const states: RespondentState[] = [];
    let retried = 0;
    let killed = false;

    const respondent = async (first: number) => {
      for (let index = first; states.filter((s) => s.completed).length < wanted; index += 16) {
        const state: RespondentState = { acknowledged: {}, pagesDone: 0, completed: false };
        states[index] = state;
        while (!state.completed) {
          try {
            await step(nginx!.origin, survey, index, state);
          } catch (error) {
            // A request that was with the process as it died: nginx answers 502, and the person presses again.
            if (!/answered 50[234]/.test((error as Error).message)) throw error;
            retried += 1;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          if (!killed && states.filter((s) => s.completed).length >= wanted / 3) {
            killed = true;
            const victim = servers[0]!;
            victim.child.kill('SIGKILL');
            // Started again on the same port, where nginx will find it once its fail_timeout has passed.
            void stopped(victim.child).then(async () => {
              servers[0] = await startServer([], { DATABASE_URL: url }, victim.port);
            });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, i) => respondent(i)));

    const database: Database = await openPostgresDatabase(url, 2);
    try {
      const rows = await database.db.selectFrom('responses').select(['key_hash', 'status', 'answers']).execute();
      const byKey = new Map(rows.map((row) => [row.key_hash, row]));
      const finished = states.filter((s) => s?.completed);
      expect(finished.length).toBeGreaterThanOrEqual(wanted);
      let lost = 0;
      for (const state of finished) {
        const row = byKey.get(keyDigest(state.key!));
        if (row?.status !== 'complete') lost += 1;
        for (const [question, value] of Object.entries(state.acknowledged)) if (String(row?.answers[question]) !== value) lost += 1;
      }
      expect(lost, 'acknowledged pages or responses lost').toBe(0);
      expect(killed).toBe(true);
      console.info(`Two processes behind nginx: ${finished.length} responses completed, one process killed and restarted, ${retried} requests pressed again after a 502, 0 lost.`);
    } finally {
      await database.close();
    }
  });
});
