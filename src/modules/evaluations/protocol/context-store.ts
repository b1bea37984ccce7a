import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ContextEventsTable } from '../../../db/tables.ts';

/** SQL for events in the organisation's outer context. */

export function listEvents(db: Db, evaluationId: string, kinds?: readonly string[]) {
  let query = db.selectFrom('context_events').selectAll().where('evaluation_id', '=', evaluationId);
  if (kinds?.length) query = query.where('kind', 'in', kinds);
  return query.orderBy('occurred_on').orderBy('created_at').orderBy('id').execute();
}

export function findEvent(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('context_events').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}

export function insertEvent(db: Db, values: Insertable<ContextEventsTable>) {
  return db.insertInto('context_events').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateEvent(db: Db, evaluationId: string, id: string, values: Updateable<ContextEventsTable>) {
  return db.updateTable('context_events').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteEvent(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('context_events').where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}
