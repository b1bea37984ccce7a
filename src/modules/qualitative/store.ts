import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { QdaCodesTable, QdaCodingsTable, QdaSourcesTable, QdaTurnsTable } from '../../db/tables.ts';

export function insertSource(db: Db, values: Insertable<QdaSourcesTable>) {
  return db.insertInto('qda_sources').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findSource(db: Db, evaluationId: string, sourceId: string) {
  return db
    .selectFrom('qda_sources')
    .select(['id', 'evaluation_id', 'kind', 'name', 'interview_id', 'participant_id', 'content', 'revision', 'imported_from', 'created_at', 'updated_at'])
    .where('evaluation_id', '=', evaluationId)
    .where('id', '=', sourceId)
    .executeTakeFirst();
}

/** Sources without their text, for lists. */
export function listSources(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_sources')
    .select(['id', 'kind', 'name', 'interview_id', 'participant_id', 'revision', 'created_at', 'updated_at'])
    .select((eb) => eb.fn('char_length', ['content']).as('length'))
    .where('evaluation_id', '=', evaluationId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

export function insertTurns(db: Db, rows: Insertable<QdaTurnsTable>[]) {
  return rows.length ? db.insertInto('qda_turns').values(rows).execute() : Promise.resolve([]);
}

export function listTurns(db: Db, sourceId: string) {
  return db.selectFrom('qda_turns').selectAll().where('source_id', '=', sourceId).orderBy('position').execute();
}

export function insertCode(db: Db, values: Insertable<QdaCodesTable>) {
  return db.insertInto('qda_codes').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findCode(db: Db, evaluationId: string, codeId: string) {
  return db.selectFrom('qda_codes').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', codeId).executeTakeFirst();
}

export function listCodes(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_codes')
    .selectAll()
    .select((eb) => eb.selectFrom('qda_codings').whereRef('qda_codings.code_id', '=', 'qda_codes.id').select((e) => e.fn.countAll<number>().as('n')).as('codings'))
    .where('evaluation_id', '=', evaluationId)
    .orderBy('position')
    .orderBy('name')
    .execute();
}

export function nextCodePosition(db: Db, evaluationId: string, parentId: string | null) {
  return db
    .selectFrom('qda_codes')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
    .where('evaluation_id', '=', evaluationId)
    .where('parent_id', parentId === null ? 'is' : '=', parentId)
    .executeTakeFirstOrThrow();
}

export function insertCoding(db: Db, values: Insertable<QdaCodingsTable>) {
  return db.insertInto('qda_codings').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Many codings in a few statements; ids come back in the order given. */
export async function insertCodings(db: Db, rows: Insertable<QdaCodingsTable>[]): Promise<string[]> {
  const ids: string[] = [];
  // Well under PostgreSQL's limit of 65,535 parameters per statement (eight columns a row).
  for (let i = 0; i < rows.length; i += 2000) {
    ids.push(...(await db.insertInto('qda_codings').values(rows.slice(i, i + 2000)).returning('id').execute()).map((r) => r.id));
  }
  return ids;
}

/** The length of each source's text in code points, for checking many ranges at once. */
export function sourceLengths(db: Db, evaluationId: string, sourceIds: string[]) {
  return db
    .selectFrom('qda_sources')
    .select(['id', sql<number>`char_length(content)`.as('length')])
    .where('evaluation_id', '=', evaluationId)
    .where('id', 'in', sourceIds)
    .execute();
}

export function listCodingsForSource(db: Db, evaluationId: string, sourceId: string) {
  return db
    .selectFrom('qda_codings')
    .innerJoin('qda_codes', 'qda_codes.id', 'qda_codings.code_id')
    .selectAll('qda_codings')
    .select(['qda_codes.name as code_name', 'qda_codes.colour as code_colour'])
    .where('qda_codings.evaluation_id', '=', evaluationId)
    .where('qda_codings.source_id', '=', sourceId)
    .orderBy('qda_codings.start_offset')
    .orderBy('qda_codings.end_offset', 'desc')
    .execute();
}

/** Every segment coded with a code, its text cut by PostgreSQL (positions are code points). */
export function segmentsForCode(db: Db, evaluationId: string, codeId: string) {
  return db
    .selectFrom('qda_codings')
    .innerJoin('qda_sources', 'qda_sources.id', 'qda_codings.source_id')
    .select([
      'qda_codings.id',
      'qda_codings.source_id',
      'qda_sources.name as source_name',
      'qda_sources.participant_id',
      'qda_codings.start_offset',
      'qda_codings.end_offset',
      'qda_codings.valence',
      'qda_codings.memo',
      'qda_codings.coder_id',
      'qda_codings.needs_review',
    ])
    .select(sql<string>`substring(qda_sources.content from qda_codings.start_offset + 1 for qda_codings.end_offset - qda_codings.start_offset)`.as('text'))
    .where('qda_codings.evaluation_id', '=', evaluationId)
    .where('qda_codings.code_id', '=', codeId)
    .orderBy('qda_sources.name')
    .orderBy('qda_codings.start_offset')
    .execute();
}
