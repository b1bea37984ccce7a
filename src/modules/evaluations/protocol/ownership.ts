import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { isUuid } from './schemas.ts';

/** The tables whose rows belong to one evaluation by an evaluation_id column. */
export type OwnedTable =
  | 'research_aims'
  | 'research_questions'
  | 'research_methods'
  | 'protocol_stages'
  | 'protocol_tasks'
  | 'contract_variations'
  | 'work_plan_entries'
  | 'advisory_members'
  | 'advisory_meetings'
  | 'ethics_approvals'
  | 'study_documents'
  | 'context_events'
  | 'phases';

/** Which of `ids` are rows of `table` in this evaluation. */
async function idsInEvaluation(db: Db, table: OwnedTable, evaluationId: string, ids: string[]): Promise<Set<string>> {
  const wellFormed = ids.filter(isUuid);
  if (wellFormed.length === 0) return new Set();
  // Every owned table has the same id and evaluation_id columns; one table's type stands for all.
  const rows = await db
    .selectFrom(table as 'research_aims')
    .select('id')
    .where('evaluation_id', '=', evaluationId)
    .where('id', 'in', wellFormed)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Refuses references to rows of another evaluation (or to none): a form or API body can name any
 * id, and a link across evaluations would leak one team's work into another's.
 */
export async function requireLinks(db: Db, table: OwnedTable, evaluationId: string, ids: string[], field: string, message: string): Promise<void> {
  const found = await idsInEvaluation(db, table, evaluationId, ids);
  if (ids.some((id) => !found.has(id))) throw badRequest(message, [{ field, message }]);
}

/** The row named in an address: 404 unless it is in this evaluation. */
export async function requireRow(db: Db, table: OwnedTable, evaluationId: string, id: string, what: string): Promise<void> {
  const found = await idsInEvaluation(db, table, evaluationId, [id]);
  if (!found.has(id)) throw notFound(what);
}
