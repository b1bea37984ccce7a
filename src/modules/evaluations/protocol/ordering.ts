import type { Db } from '../../../db/database.ts';

export type Direction = 'up' | 'down';

/** The tables kept in an order the team chooses, by a position column. */
export type OrderedTable = 'research_aims' | 'research_questions' | 'research_methods' | 'protocol_stages' | 'protocol_tasks';

/** The order after moving one id a place up or down; unchanged at either end or when absent. */
export function moved(ids: readonly string[], id: string, direction: Direction): string[] {
  const order = [...ids];
  const from = order.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.length) return order;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return order;
}

/** Numbers the rows 1, 2, 3… in the order given. */
export async function setPositions(db: Db, table: OrderedTable, evaluationId: string, orderedIds: readonly string[]): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    // The ordered tables share id, evaluation_id and position; one table's type stands for all.
    await db
      .updateTable(table as 'research_aims')
      .set({ position: index + 1 })
      .where('evaluation_id', '=', evaluationId)
      .where('id', '=', id)
      .execute();
  }
}

/** The position after the last one used. */
export async function nextPosition(db: Db, table: OrderedTable, evaluationId: string, scope?: { stageId: string }): Promise<number> {
  let query = db
    .selectFrom(table as 'protocol_tasks')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
    .where('evaluation_id', '=', evaluationId);
  if (scope) query = query.where('stage_id', '=', scope.stageId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.max) + 1;
}
