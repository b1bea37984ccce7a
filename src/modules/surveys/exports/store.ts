import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';

export interface ResponseFilter {
  surveyId: string;
  statuses: string[];
  purposes: string[];
}

/**
 * One batch of responses after `afterId`, in id order (keyset paging: each query starts where the
 * last ended, so no batch re-reads earlier rows and no transaction is held between batches).
 * Participant ids and timestamps are selected only when the survey is not anonymous.
 */
export function responseBatch(db: Db, filter: ResponseFilter, identifying: boolean, afterId: string | null, size: number) {
  let query = db
    .selectFrom('responses')
    .select(['id', 'version_id', 'status', 'purpose', 'answers'])
    .where('survey_id', '=', filter.surveyId)
    .where('status', 'in', filter.statuses)
    .where('purpose', 'in', filter.purposes);
  if (afterId) query = query.where('id', '>', afterId);
  const withPeople = identifying
    ? query.select(['participant_id', 'started_at', 'completed_at'])
    : query.select([sql<string | null>`null`.as('participant_id'), sql<Date | null>`null`.as('started_at'), sql<Date | null>`null`.as('completed_at')]);
  return withPeople.orderBy('id').limit(size).execute();
}

/** Responses by status and purpose, for the export page. */
export function responseCounts(db: Db, surveyId: string) {
  return db
    .selectFrom('responses')
    .select(['status', 'purpose', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', '=', surveyId)
    .groupBy(['status', 'purpose'])
    .execute();
}
