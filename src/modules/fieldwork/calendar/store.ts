import type { Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { CalendarEntriesTable } from '../../../db/tables-contacts.ts';

export async function insertEntry(db: Db, row: Insertable<CalendarEntriesTable>, unitIds: readonly string[]) {
  const entry = await db.insertInto('calendar_entries').values(row).returningAll().executeTakeFirstOrThrow();
  if (unitIds.length) await db.insertInto('calendar_entry_units').values(unitIds.map((unit_id) => ({ entry_id: entry.id, unit_id }))).execute();
  return entry;
}

export async function listEntries(db: Db, evaluationId: string) {
  return db.selectFrom('calendar_entries').selectAll().where('evaluation_id', '=', evaluationId).orderBy('starts_on').orderBy('title').execute();
}

export async function listEntryUnits(db: Db, evaluationId: string) {
  return db
    .selectFrom('calendar_entry_units as cu')
    .innerJoin('calendar_entries as c', 'c.id', 'cu.entry_id')
    .select(['cu.entry_id', 'cu.unit_id'])
    .where('c.evaluation_id', '=', evaluationId)
    .execute();
}

export async function deleteEntry(db: Db, evaluationId: string, entryId: string) {
  return db.deleteFrom('calendar_entries').where('id', '=', entryId).where('evaluation_id', '=', evaluationId).returning(['id', 'title']).executeTakeFirst();
}

/** Each survey's sampled people by the units they belong to (their unit and their region). */
export async function participantUnits(db: Db, evaluationId: string) {
  return db
    .selectFrom('participants as pa')
    .innerJoin('people as pe', 'pe.id', 'pa.person_id')
    .select(['pa.survey_id', 'pa.id as participant_id', 'pe.unit_id', 'pe.region_id'])
    .where('pa.evaluation_id', '=', evaluationId)
    .execute();
}
