import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { jsonWithoutIdentifiers, likePatterns, type PersonIdentifiers } from '../privacy/identifiers.ts';

/**
 * What the privacy module may ask of the audit log. Entries are never deleted — who did what stays
 * on record — but when someone withdraws, their name, address and label are taken out of the
 * details of earlier entries and the stand-in name put in their place. The caller holds the
 * transaction.
 */
export async function neutraliseAuditDetails(db: Db, evaluationId: string, ids: PersonIdentifiers): Promise<number> {
  const patterns = likePatterns(ids);
  if (!patterns.length) return 0;
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'detail'])
    .where('evaluation_id', '=', evaluationId)
    .where((eb) => eb.or(patterns.map((p) => eb(sql<string>`detail::text`, 'ilike', p))))
    .execute();
  let changed = 0;
  for (const row of rows) {
    const detail = jsonWithoutIdentifiers(row.detail, ids);
    if (JSON.stringify(detail) === JSON.stringify(row.detail)) continue;
    await db.updateTable('audit_log').set({ detail: JSON.stringify(detail) }).where('id', '=', row.id).execute();
    changed += 1;
  }
  return changed;
}
