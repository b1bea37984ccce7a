import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { eachApart, runJobOnce, startPeriodicJobs, type PeriodicJob } from './periodic.ts';

describe.each(backends)('periodic jobs on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database.close());

  it('runs a job in a transaction, so a failing job leaves nothing behind, and reports the failure', async () => {
    await sql`CREATE TABLE IF NOT EXISTS job_marks (mark text)`.execute(database.db);
    const failing: PeriodicJob = {
      name: 'failing',
      everyMs: 60_000,
      async run(db) {
        await sql`INSERT INTO job_marks VALUES ('half')`.execute(db);
        throw new Error('broke half-way');
      },
    };
    await expect(runJobOnce(database.db, failing, new Date())).rejects.toThrow('broke half-way');
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM job_marks`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('undoes and reports only the item that fails, keeping the others', async () => {
    await sql`CREATE TABLE IF NOT EXISTS job_items (item int)`.execute(database.db);
    const reported: unknown[] = [];
    const job: PeriodicJob = {
      name: 'items',
      everyMs: 60_000,
      async run(db, _now, report) {
        await eachApart(
          db,
          [1, 2, 3],
          async (item) => {
            await sql`INSERT INTO job_items VALUES (${item})`.execute(db);
            if (item === 2) throw new Error('item 2 is damaged');
          },
          report,
        );
      },
    };
    expect(await runJobOnce(database.db, job, new Date(), (error) => reported.push(error))).toBe(true);
    const { rows } = await sql<{ item: number }>`SELECT item FROM job_items ORDER BY item`.execute(database.db);
    expect(rows.map((r) => r.item)).toEqual([1, 3]);
    expect(reported.map((e) => (e as Error).message)).toEqual(['item 2 is damaged']);
    // Without a reporter the failures are thrown, after the others were committed.
    await expect(runJobOnce(database.db, job, new Date())).rejects.toThrow('1 item(s) failed');
    const again = await sql<{ n: string }>`SELECT count(*) AS n FROM job_items`.execute(database.db);
    expect(Number(again.rows[0]!.n)).toBe(4);
  });

  it('runs every job on its interval until stopped, and not after', async () => {
    const runs: string[] = [];
    const errors: string[] = [];
    const jobs = startPeriodicJobs(database.db, [{ name: 'counting', everyMs: 20, run: async () => void runs.push('ran') }], (name) => errors.push(name));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await jobs.stop();
    const seen = runs.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs.length).toBe(seen);
    expect(errors).toEqual([]);
  });
});
