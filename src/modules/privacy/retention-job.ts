import type { Db } from '../../db/database.ts';
import { eachApart, type PeriodicJob } from '../../jobs/periodic.ts';
import { getEvaluation } from '../evaluations/service.ts';
import { dueDate, getRetentionPolicy, runRetention } from './retention.ts';
import * as store from './store.ts';

/**
 * The retention deletion job as the server runs it: every evaluation whose retention date has come
 * has its personal data deleted, audited as done by the system (no user). Evaluations not yet due
 * are not swept at all, and one already cleared finds nothing more to delete and leaves no entry.
 * Returns what was deleted, by evaluation id, for the command line and tests.
 */
export async function runDueRetention(db: Db, now: Date, report: (error: unknown) => void): Promise<Record<string, number>> {
  const today = now.toISOString().slice(0, 10);
  const deleted: Record<string, number> = {};
  await eachApart(
    db,
    await store.evaluationsWithPolicies(db),
    async (evaluationId) => {
      const evaluation = await getEvaluation(db, evaluationId);
      const { dueOn } = dueDate(await getRetentionPolicy(db, evaluationId), evaluation.endsOn);
      if (dueOn === null || dueOn > today) return;
      const result = await runRetention(db, null, evaluationId, { dryRun: false, today });
      if (result.applied && result.total > 0) deleted[evaluationId] = result.total;
    },
    report,
  );
  return deleted;
}

export const retentionJob: PeriodicJob = {
  name: 'retention-deletion',
  everyMs: 60 * 60 * 1000,
  async run(db, now, report) {
    await runDueRetention(db, now, report);
  },
};
