import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { PseudonymTermsTable } from '../../../db/tables.ts';

/** SQL for the evaluation's pseudonymisation terms. */

export function listTerms(db: Db, evaluationId: string) {
  return db.selectFrom('pseudonym_terms').selectAll().where('evaluation_id', '=', evaluationId).orderBy('kind').orderBy(sql`lower(term)`).execute();
}

export function findTerm(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('pseudonym_terms').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}

export async function termTaken(db: Db, evaluationId: string, term: string, exceptId: string | null): Promise<boolean> {
  let query = db.selectFrom('pseudonym_terms').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(term)`, '=', term.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export function insertTerm(db: Db, values: Insertable<PseudonymTermsTable>) {
  return db.insertInto('pseudonym_terms').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Adds terms, skipping any whose term is already listed (ignoring case); returns those added. */
export function insertNewTerms(db: Db, values: Insertable<PseudonymTermsTable>[]) {
  if (!values.length) return Promise.resolve([]);
  return db.insertInto('pseudonym_terms').values(values).onConflict((oc) => oc.doNothing()).returning('id').execute();
}

export function updateTerm(db: Db, evaluationId: string, id: string, values: Updateable<PseudonymTermsTable>) {
  return db.updateTable('pseudonym_terms').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteTerm(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('pseudonym_terms').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}
