import type { Db } from '../../db/database.ts';
import { mentions, type PersonIdentifiers } from '../privacy/identifiers.ts';

/**
 * What the privacy module may ask of directory import and cleaning. When someone withdraws, the
 * rows of uploaded files waiting to be committed that name them are dropped (so committing the file
 * cannot bring them back), and the cleaning findings and decisions about their entry go, as does
 * the organisation's staff number for them. At the end of retention every cleaning finding goes:
 * their reasons quote people's names. The caller holds the transaction and audits.
 */

/** A staged row names the person when one of its cells, or all its cells read together, do. */
function rowNames(cells: string[], ids: PersonIdentifiers): boolean {
  return cells.some((cell) => mentions(String(cell), ids)) || mentions(cells.join(' '), ids);
}

export async function forgetInDirectoryWork(db: Db, evaluationId: string, personId: string | null, ids: PersonIdentifiers): Promise<Record<string, number>> {
  const counts = { directoryStagedRows: 0, directoryFindings: 0, staffNumbers: 0 };
  const stagings = await db.selectFrom('directory_import_stagings').select(['id', 'rows', 'line_numbers']).where('evaluation_id', '=', evaluationId).execute();
  for (const staging of stagings) {
    const keep = staging.rows.map((cells) => !rowNames(cells, ids));
    const dropped = keep.filter((k) => !k).length;
    if (!dropped) continue;
    counts.directoryStagedRows += dropped;
    await db
      .updateTable('directory_import_stagings')
      .set({ rows: JSON.stringify(staging.rows.filter((_, i) => keep[i])), line_numbers: JSON.stringify(staging.line_numbers.filter((_, i) => keep[i])) })
      .where('id', '=', staging.id)
      .execute();
  }
  if (personId) {
    // Decisions go with their findings (ON DELETE CASCADE); a decision naming the entry under
    // another finding is removed too.
    await db.deleteFrom('directory_decisions').where('evaluation_id', '=', evaluationId).where((eb) => eb.or([eb('person_id', '=', personId), eb('merged_person_id', '=', personId)])).execute();
    counts.directoryFindings = Number(
      (await db.deleteFrom('directory_findings').where('evaluation_id', '=', evaluationId).where((eb) => eb.or([eb('person_id', '=', personId), eb('other_person_id', '=', personId)])).executeTakeFirst()).numDeletedRows,
    );
    counts.staffNumbers = Number((await db.deleteFrom('directory_external_ids').where('evaluation_id', '=', evaluationId).where('person_id', '=', personId).executeTakeFirst()).numDeletedRows);
  }
  return counts;
}

/**
 * Cleaning findings (and the decisions on them), whose reasons quote names, and uploaded directory
 * files not yet committed; removed only when `apply` is set.
 */
export async function retainDirectoryWork(db: Db, evaluationId: string, apply: boolean): Promise<Record<string, number>> {
  const count = async (table: 'directory_findings' | 'directory_import_stagings') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).executeTakeFirst())?.n ?? 0);
  const counts = { directoryFindings: await count('directory_findings'), directoryUploads: await count('directory_import_stagings') };
  if (apply) {
    await db.deleteFrom('directory_findings').where('evaluation_id', '=', evaluationId).execute();
    await db.deleteFrom('directory_import_stagings').where('evaluation_id', '=', evaluationId).execute();
  }
  return counts;
}
