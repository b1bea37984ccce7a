import type { Db } from '../../db/database.ts';

export interface UploadedRow {
  evaluationId: string;
  instrumentId: string;
  itemId: string;
  uploadedBy: string | null;
}

/** Stores licensed wording; a row for an item that has wording already replaces it. */
export async function upsertWordings(db: Db, rows: (UploadedRow & { text: string })[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('instrument_wordings')
    .values(rows.map((r) => ({ evaluation_id: r.evaluationId, instrument_id: r.instrumentId, item_id: r.itemId, text: r.text, uploaded_by: r.uploadedBy, uploaded_at: new Date() })))
    .onConflict((oc) =>
      oc.columns(['evaluation_id', 'instrument_id', 'item_id']).doUpdateSet((eb) => ({
        text: eb.ref('excluded.text'),
        uploaded_by: eb.ref('excluded.uploaded_by'),
        uploaded_at: eb.ref('excluded.uploaded_at'),
      })),
    )
    .execute();
}

export function listWordings(db: Db, evaluationId: string, instrumentId: string) {
  return db
    .selectFrom('instrument_wordings')
    .leftJoin('users', 'users.id', 'instrument_wordings.uploaded_by')
    .select(['instrument_wordings.item_id', 'instrument_wordings.text', 'instrument_wordings.uploaded_at', 'users.name as uploaded_by_name'])
    .where('instrument_wordings.evaluation_id', '=', evaluationId)
    .where('instrument_wordings.instrument_id', '=', instrumentId)
    .execute();
}

/** Which items of which instruments have wording in an evaluation, for the instruments list. */
export function listWordedItems(db: Db, evaluationId: string) {
  return db.selectFrom('instrument_wordings').select(['instrument_id', 'item_id']).where('evaluation_id', '=', evaluationId).execute();
}

/** Stores a licensed scoring key; a row for an item already keyed replaces it. */
export async function upsertScoringKeys(db: Db, rows: (UploadedRow & { reverse: boolean })[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('instrument_scoring_keys')
    .values(rows.map((r) => ({ evaluation_id: r.evaluationId, instrument_id: r.instrumentId, item_id: r.itemId, reverse: r.reverse, uploaded_by: r.uploadedBy, uploaded_at: new Date() })))
    .onConflict((oc) =>
      oc.columns(['evaluation_id', 'instrument_id', 'item_id']).doUpdateSet((eb) => ({
        reverse: eb.ref('excluded.reverse'),
        uploaded_by: eb.ref('excluded.uploaded_by'),
        uploaded_at: eb.ref('excluded.uploaded_at'),
      })),
    )
    .execute();
}

export function listScoringKeys(db: Db, evaluationId: string, instrumentId: string) {
  return db
    .selectFrom('instrument_scoring_keys')
    .select(['item_id', 'reverse'])
    .where('evaluation_id', '=', evaluationId)
    .where('instrument_id', '=', instrumentId)
    .execute();
}

export function listKeyedItems(db: Db, evaluationId: string) {
  return db.selectFrom('instrument_scoring_keys').select(['instrument_id', 'item_id']).where('evaluation_id', '=', evaluationId).execute();
}
