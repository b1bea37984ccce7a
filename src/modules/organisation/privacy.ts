import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { getPerson, type Person } from './directory.ts';

/**
 * What the privacy module may ask of the staff directory: find someone by e-mail for a subject
 * access request, replace a withdrawn person's details with a stand-in name, and remove contact
 * details and names when retention ends. Callers hold the transaction and audit.
 */

export async function findPersonByEmail(db: Db, evaluationId: string, email: string): Promise<Person | undefined> {
  const row = await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluationId).where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())).orderBy('created_at').executeTakeFirst();
  return row ? getPerson(db, evaluationId, row.id) : undefined;
}

/** Keeps the entry (samples and frames refer to it) but nothing that says who it was. */
export async function replacePersonDetails(db: Db, evaluationId: string, personId: string, standIn: string): Promise<number> {
  const result = await db
    .updateTable('people')
    .set({ name: standIn, email: null, phone: null, job_title: '', started_on: null, left_on: null, last_verified_on: null, updated_at: new Date() })
    .where('evaluation_id', '=', evaluationId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Names a directory entry may already carry that say nothing about who it was. */
export const neutralPersonName = '^(Person [0-9]+|Withdrawn participant [0-9]+)$';

/**
 * Directory contact details (e-mail addresses and telephone numbers) and names: each entry keeps
 * its place (samples, frames and survey invitations refer to it) under the name "Person N",
 * numbered in the order entries were added. Removed only when `apply` is set.
 */
export async function retainDirectory(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const contacts = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('evaluation_id', '=', evaluationId)
    .where((eb) => eb.or([eb('email', 'is not', null), eb('phone', 'is not', null)]))
    .executeTakeFirst();
  const names = await db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).where(sql<boolean>`name !~ ${neutralPersonName}`).executeTakeFirst();
  if (apply) {
    await db.updateTable('people').set({ email: null, phone: null }).where('evaluation_id', '=', evaluationId).where((eb) => eb.or([eb('email', 'is not', null), eb('phone', 'is not', null)])).execute();
    await sql`
      UPDATE people AS p SET name = 'Person ' || n.position
      FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS position FROM people WHERE evaluation_id = ${evaluationId}) AS n
      WHERE p.id = n.id AND p.name !~ ${neutralPersonName}`.execute(db);
  }
  return { directoryContactDetails: Number(contacts?.n ?? 0), directoryNames: Number(names?.n ?? 0) };
}
