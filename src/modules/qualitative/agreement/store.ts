import type { Insertable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { QdaAgreementCodingsTable } from '../../../db/tables.ts';

export async function insertRound(db: Db, values: { evaluation_id: string; name: string; coder_a_id: string; coder_b_id: string; scope_code_id: string | null; created_by: string | null }, sourceIds: string[]) {
  const round = await db.insertInto('qda_agreement_rounds').values(values).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('qda_agreement_round_sources').values(sourceIds.map((source_id) => ({ round_id: round.id, source_id }))).execute();
  return round.id;
}

const roundColumns = ['id', 'evaluation_id', 'name', 'coder_a_id', 'coder_b_id', 'scope_code_id', 'status', 'created_at', 'closed_at', 'reconciled_at'] as const;

export function findRound(db: Db, evaluationId: string, roundId: string, forUpdate = false) {
  const query = db.selectFrom('qda_agreement_rounds').select(roundColumns).where('evaluation_id', '=', evaluationId).where('id', '=', roundId);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

export function listRounds(db: Db, evaluationId: string) {
  return db
    .selectFrom('qda_agreement_rounds')
    .select(roundColumns)
    .select((eb) => eb.selectFrom('qda_agreement_round_sources').whereRef('round_id', '=', 'qda_agreement_rounds.id').select((e) => e.fn.countAll<number>().as('n')).as('sources'))
    .where('evaluation_id', '=', evaluationId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The round's sources with their current revision and the one the round closed on. */
export function roundSources(db: Db, roundId: string) {
  return db
    .selectFrom('qda_agreement_round_sources as rs')
    .innerJoin('qda_sources as s', 's.id', 'rs.source_id')
    .select(['s.id', 's.name', 's.revision', 'rs.closed_revision'])
    .where('rs.round_id', '=', roundId)
    .orderBy('s.name')
    .execute();
}

/** Open rounds that already hold any of these sources. */
export function openRoundsWithSources(db: Db, evaluationId: string, sourceIds: string[]) {
  return db
    .selectFrom('qda_agreement_rounds as r')
    .innerJoin('qda_agreement_round_sources as rs', 'rs.round_id', 'r.id')
    .innerJoin('qda_sources as s', 's.id', 'rs.source_id')
    .select(['r.name as round_name', 's.name as source_name'])
    .where('r.evaluation_id', '=', evaluationId)
    .where('r.status', '=', 'open')
    .where('rs.source_id', 'in', sourceIds)
    .execute();
}

/** The open round, if any, in which this person codes this source. */
export function openRoundForCoder(db: Db, evaluationId: string, sourceId: string, userId: string) {
  return db
    .selectFrom('qda_agreement_rounds as r')
    .innerJoin('qda_agreement_round_sources as rs', 'rs.round_id', 'r.id')
    .select(['r.id', 'r.name'])
    .where('r.evaluation_id', '=', evaluationId)
    .where('r.status', '=', 'open')
    .where('rs.source_id', '=', sourceId)
    .where((eb) => eb.or([eb('r.coder_a_id', '=', userId), eb('r.coder_b_id', '=', userId)]))
    .executeTakeFirst();
}

/**
 * The two coders' codings of the codes on the sources, as they stand; not the agreed codings an
 * earlier round wrote (they carry the reconciler as coder, who may be one of these two).
 */
export function coderCodings(db: Db, evaluationId: string, sourceIds: string[], coderIds: string[], codeIds: string[]) {
  if (!sourceIds.length || !codeIds.length) return Promise.resolve([]);
  return db
    .selectFrom('qda_codings')
    .select(['id', 'source_id', 'code_id', 'start_offset', 'end_offset', 'valence', 'memo', 'coder_id'])
    .where('evaluation_id', '=', evaluationId)
    .where('source_id', 'in', sourceIds)
    .where('coder_id', 'in', coderIds)
    .where('code_id', 'in', codeIds)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('qda_agreement_outcomes as o').select('o.coding_id').whereRef('o.coding_id', '=', 'qda_codings.id'))))
    .execute();
}

export async function insertSnapshot(db: Db, rows: Insertable<QdaAgreementCodingsTable>[]) {
  if (rows.length) await db.insertInto('qda_agreement_codings').values(rows).execute();
}

export async function deleteCodings(db: Db, ids: string[]) {
  if (ids.length) await db.deleteFrom('qda_codings').where('id', 'in', ids).execute();
}

export function snapshotCodings(db: Db, roundId: string, sourceId?: string) {
  let query = db.selectFrom('qda_agreement_codings').select(['side', 'source_id', 'code_id', 'start_offset', 'end_offset', 'valence', 'memo']).where('round_id', '=', roundId);
  if (sourceId) query = query.where('source_id', '=', sourceId);
  return query.orderBy('source_id').orderBy('start_offset').execute();
}

export function recordClosedRevisions(db: Db, roundId: string) {
  return db
    .updateTable('qda_agreement_round_sources as rs')
    .from('qda_sources as s')
    .set((eb) => ({ closed_revision: eb.ref('s.revision') }))
    .whereRef('s.id', '=', 'rs.source_id')
    .where('rs.round_id', '=', roundId)
    .execute();
}

export function setStatus(db: Db, roundId: string, status: 'comparing' | 'reconciled', at: Date) {
  return db
    .updateTable('qda_agreement_rounds')
    .set(status === 'comparing' ? { status, closed_at: at } : { status, reconciled_at: at })
    .where('id', '=', roundId)
    .execute();
}

export function deleteRound(db: Db, roundId: string) {
  return db.deleteFrom('qda_agreement_rounds').where('id', '=', roundId).execute();
}

export function listDecisions(db: Db, roundId: string, sourceId?: string) {
  let query = db.selectFrom('qda_agreement_decisions').select(['source_id', 'unit_start', 'unit_end', 'decision', 'decided_at']).where('round_id', '=', roundId);
  if (sourceId) query = query.where('source_id', '=', sourceId);
  return query.execute();
}

export function saveDecision(db: Db, values: { round_id: string; source_id: string; unit_start: number; unit_end: number; decision: string; decided_by: string | null }) {
  return db
    .insertInto('qda_agreement_decisions')
    .values(values)
    .onConflict((oc) => oc.columns(['round_id', 'source_id', 'unit_start']).doUpdateSet({ unit_end: values.unit_end, decision: values.decision, decided_by: values.decided_by, decided_at: new Date() }))
    .execute();
}

/** The codings this round wrote as agreed on a source. */
export function outcomeCodings(db: Db, roundId: string, sourceId: string) {
  return db
    .selectFrom('qda_agreement_outcomes as o')
    .innerJoin('qda_codings as c', 'c.id', 'o.coding_id')
    .select(['c.id', 'c.code_id', 'c.start_offset', 'c.end_offset', 'c.valence', 'c.memo'])
    .where('o.round_id', '=', roundId)
    .where('c.source_id', '=', sourceId)
    .execute();
}

export async function insertOutcomes(db: Db, roundId: string, rows: { evaluation_id: string; source_id: string; code_id: string; start_offset: number; end_offset: number; valence: string; memo: string; coder_id: string | null }[]) {
  if (!rows.length) return;
  const inserted = await db.insertInto('qda_codings').values(rows).returning('id').execute();
  await db.insertInto('qda_agreement_outcomes').values(inserted.map((r) => ({ round_id: roundId, coding_id: r.id }))).execute();
}
