import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Work a server does on its own every so often (refreshing stored statistics, deleting data past its
 * retention date). Each job runs in a transaction holding a PostgreSQL advisory lock named after it,
 * so when several Formative processes share one database only one of them runs a job at a time; the
 * others skip that round. A job that fails is reported and tried again at its next turn.
 */
export interface PeriodicJob {
  /** Unique among jobs; also names the advisory lock. */
  name: string;
  everyMs: number;
  /**
   * Runs inside the locked transaction, so its writes land together or not at all; work on many
   * independent items goes through eachApart so that one failing item is reported, not fatal.
   */
  run(db: Db, now: Date, report: (error: unknown) => void): Promise<void>;
}

export interface PeriodicJobs {
  /** Runs every job once now, waiting for each (tests and the command line use this). */
  runAll(now?: Date): Promise<void>;
  stop(): Promise<void>;
}

/** A stable 31-bit number for a job's advisory lock. */
function lockKey(name: string): number {
  let h = 0x2f6e;
  for (const c of `formative-job:${name}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
}

/**
 * Runs one job if no other process is running it; returns whether it ran. Problems with single
 * items go to `report` after the rest has been committed; without one they are thrown together.
 */
export async function runJobOnce(db: Db, job: PeriodicJob, now: Date, report?: (error: unknown) => void): Promise<boolean> {
  const problems: unknown[] = [];
  const ran = await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${lockKey(job.name)}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return false;
    await job.run(trx, now, (error) => problems.push(error));
    return true;
  });
  if (report) problems.forEach(report);
  else if (problems.length) throw new AggregateError(problems, `${job.name}: ${problems.length} item(s) failed`);
  return ran;
}

/**
 * Does `work` for each item inside a job's transaction, each under a savepoint: an item that fails
 * (a damaged survey, an evaluation whose deletion breaks) is undone alone and reported, and the
 * others still land, so one bad item cannot stop a job for everyone.
 */
export async function eachApart<T>(db: Db, items: Iterable<T>, work: (item: T) => Promise<void>, report: (error: unknown) => void): Promise<void> {
  for (const item of items) {
    await sql`SAVEPOINT job_item`.execute(db);
    try {
      await work(item);
      await sql`RELEASE SAVEPOINT job_item`.execute(db);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT job_item`.execute(db);
      report(error);
    }
  }
}

export function startPeriodicJobs(db: Db, jobs: readonly PeriodicJob[], onError: (job: string, error: unknown) => void): PeriodicJobs {
  let stopped = false;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const schedule = (job: PeriodicJob) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      const report = (error: unknown) => onError(job.name, error);
      void track(runJobOnce(db, job, new Date(), report).catch(report)).finally(() => schedule(job));
    }, job.everyMs);
    // A pending job never keeps a finished process alive.
    timer.unref();
    timers.set(job.name, timer);
  };
  for (const job of jobs) schedule(job);
  return {
    async runAll(now = new Date()) {
      for (const job of jobs) await track(runJobOnce(db, job, now));
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
