import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { hasRole, type Role } from '../../../http/access.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listMembers } from '../../evaluations/service.ts';
import { codesWithin } from '../analysis/store.ts';
import { codeRefs, type CodeRef } from '../analysis/service.ts';
import { getSource } from '../service.ts';
import { compareCoders, disagreements, type Comparison, type RoundCoding, type Side } from './comparison.ts';
import { agreedCodings, decisions, type Decision } from './reconciliation.ts';
import * as store from './store.ts';
import { agreementUnits, type SourceUnits } from './units.ts';

/**
 * Inter-coder agreement rounds. A round names sources and two coders; while it is open each
 * coder sees only their own codings on those sources (blind.ts). Closing it moves both coders'
 * codings of the codes compared out of the evaluation's codings into the round, where the
 * comparison is computed from them, and writes back what they agreed on; each decision on a unit
 * where they differed rewrites the agreed codings of that source.
 */

const uuid = z.string().uuid();
export const roundStatuses = ['open', 'comparing', 'reconciled'] as const;
export type RoundStatus = (typeof roundStatuses)[number];

export const roundInput = z
  .object({
    name: z.string().trim().min(1, 'Enter a name for the round').max(200, 'Names must be 200 characters or fewer'),
    sourceIds: z.preprocess((v) => (v === undefined || v === '' ? [] : [v].flat()), z.array(uuid, { error: 'Choose sources from the list' }).min(1, 'Choose at least one source')),
    coderA: uuid.or(z.literal('')).refine((v) => v !== '', 'Choose the first coder'),
    coderB: uuid.or(z.literal('')).refine((v) => v !== '', 'Choose the second coder'),
    scopeCodeId: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()),
  })
  .refine((r) => r.coderA === '' || r.coderA !== r.coderB, { path: ['coderB'], message: 'Choose two different coders' });

export const decisionInput = z.object({
  sourceId: uuid,
  unitStart: z.coerce.number().int().min(0),
  decision: z.enum(decisions, { error: 'Choose whose coding to keep' }),
});

export interface Round {
  id: string;
  name: string;
  status: RoundStatus;
  coderA: { id: string; name: string };
  coderB: { id: string; name: string };
  scopeCode: CodeRef | null;
  sources: { id: string; name: string; changedSinceClosing: boolean }[];
  createdAt: Date;
  closedAt: Date | null;
  reconciledAt: Date | null;
}

export interface Actor {
  id: string;
  role: Role;
}

async function memberNames(db: Db, evaluationId: string) {
  return new Map((await listMembers(db, evaluationId)).map((m) => [m.userId, m]));
}

export async function getRound(db: Db, evaluationId: string, roundId: string): Promise<Round> {
  const row = uuid.safeParse(roundId).success ? await store.findRound(db, evaluationId, roundId) : undefined;
  if (!row) throw notFound('Agreement round');
  const [members, codes, sources] = await Promise.all([memberNames(db, evaluationId), codeRefs(db, evaluationId), store.roundSources(db, roundId)]);
  const coder = (id: string) => ({ id, name: members.get(id)?.name ?? 'A former member' });
  return {
    id: row.id,
    name: row.name,
    status: row.status as RoundStatus,
    coderA: coder(row.coder_a_id),
    coderB: coder(row.coder_b_id),
    scopeCode: codes.find((c) => c.id === row.scope_code_id) ?? null,
    sources: sources.map((s) => ({ id: s.id, name: s.name, changedSinceClosing: s.closed_revision !== null && s.closed_revision !== s.revision })),
    createdAt: row.created_at,
    closedAt: row.closed_at,
    reconciledAt: row.reconciled_at,
  };
}

export async function listRounds(db: Db, evaluationId: string) {
  const [rows, members] = await Promise.all([store.listRounds(db, evaluationId), memberNames(db, evaluationId)]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status as RoundStatus,
    coders: [r.coder_a_id, r.coder_b_id].map((id) => members.get(id)?.name ?? 'A former member'),
    sources: Number(r.sources ?? 0),
    createdAt: r.created_at,
  }));
}

export async function createRound(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof roundInput>): Promise<Round> {
  const data = roundInput.parse(input);
  const members = await memberNames(db, evaluationId);
  for (const [field, id] of [['coderA', data.coderA], ['coderB', data.coderB]] as const) {
    const m = members.get(id);
    if (!m || !hasRole(m.role, 'coder')) throw badRequest('Both coders must be members of the evaluation who can code', [{ field, message: 'Choose a member who can code' }]);
  }
  const sourceIds = [...new Set(data.sourceIds)];
  for (const sourceId of sourceIds) await getSource(db, evaluationId, sourceId);
  const busy = await store.openRoundsWithSources(db, evaluationId, sourceIds);
  if (busy.length) throw badRequest(`${busy[0]!.source_name} is already in the open round “${busy[0]!.round_name}”`, [{ field: 'sourceIds', message: `${busy[0]!.source_name} is already in the open round “${busy[0]!.round_name}”` }]);
  if (data.scopeCodeId && !(await codeRefs(db, evaluationId)).some((c) => c.id === data.scopeCodeId)) throw badRequest('Choose a code from this evaluation', [{ field: 'scopeCodeId', message: 'Choose a code from this evaluation' }]);
  const id = await inTransaction(db, (trx) =>
    store.insertRound(trx, { evaluation_id: evaluationId, name: data.name, coder_a_id: data.coderA, coder_b_id: data.coderB, scope_code_id: data.scopeCodeId ?? null, created_by: actorId }, sourceIds),
  );
  await recordAudit(db, { evaluationId, userId: actorId, action: 'create', entity: 'agreement round', entityId: id, detail: { name: data.name, sources: sourceIds.length } });
  return getRound(db, evaluationId, id);
}

/** The codes a round compares: those under its scope code, or every code. */
async function codesCompared(db: Db, evaluationId: string, scopeCodeId: string | null): Promise<string[]> {
  if (!scopeCodeId) return (await codeRefs(db, evaluationId)).map((c) => c.id);
  return (await codesWithin(db, evaluationId, [scopeCodeId])).map((r) => r.code_id).filter((id) => id !== scopeCodeId);
}

async function unitsOf(db: Db, evaluationId: string, sourceId: string): Promise<SourceUnits> {
  return agreementUnits(await getSource(db, evaluationId, sourceId));
}

const toRoundCoding = (r: Awaited<ReturnType<typeof store.snapshotCodings>>[number]): RoundCoding => ({
  side: r.side as Side,
  sourceId: r.source_id,
  codeId: r.code_id,
  start: r.start_offset,
  end: r.end_offset,
  valence: r.valence,
  memo: r.memo,
});

/**
 * Rewrites the codings the round holds as agreed on one source, from the coders' codings and the
 * decisions so far, changing only those that differ (so quotes taken from the others stay linked).
 */
async function writeAgreed(db: Db, evaluationId: string, roundId: string, sourceId: string, codeIds: string[], actorId: string | null): Promise<void> {
  const units = await unitsOf(db, evaluationId, sourceId);
  const codings = (await store.snapshotCodings(db, roundId, sourceId)).map(toRoundCoding);
  const decided = new Map((await store.listDecisions(db, roundId, sourceId)).map((d) => [d.unit_start, d.decision as Decision]));
  const target = agreedCodings(units, codings, codeIds, decided);
  const key = (c: { codeId: string; start: number; end: number; valence: string; memo: string }) => `${c.codeId}|${c.start}|${c.end}|${c.valence}|${c.memo}`;
  const existing = new Map((await store.outcomeCodings(db, roundId, sourceId)).map((c) => [key({ codeId: c.code_id, start: c.start_offset, end: c.end_offset, valence: c.valence, memo: c.memo }), c.id]));
  const wanted = new Set(target.map(key));
  await store.deleteCodings(db, [...existing].filter(([k]) => !wanted.has(k)).map(([, id]) => id));
  await store.insertOutcomes(
    db,
    roundId,
    target.filter((c) => !existing.has(key(c))).map((c) => ({ evaluation_id: evaluationId, source_id: sourceId, code_id: c.codeId, start_offset: c.start, end_offset: c.end, valence: c.valence, memo: c.memo, coder_id: actorId })),
  );
}

/** Ends blind coding: keeps each coder's codings apart for comparison and writes what they agree on. */
export async function closeRound(db: Db, actorId: string | null, evaluationId: string, roundId: string, at: Date): Promise<Round> {
  await getRound(db, evaluationId, roundId);
  await inTransaction(db, async (trx) => {
    const round = (await store.findRound(trx, evaluationId, roundId, true))!;
    if (round.status !== 'open') throw conflict('This round has already been closed');
    const sourceIds = (await store.roundSources(trx, roundId)).map((s) => s.id);
    const codeIds = await codesCompared(trx, evaluationId, round.scope_code_id);
    const raw = await store.coderCodings(trx, evaluationId, sourceIds, [round.coder_a_id, round.coder_b_id], codeIds);
    await store.insertSnapshot(trx, raw.map((c) => ({ round_id: roundId, side: c.coder_id === round.coder_a_id ? 'a' : 'b', source_id: c.source_id, code_id: c.code_id, start_offset: c.start_offset, end_offset: c.end_offset, valence: c.valence, memo: c.memo })));
    await store.deleteCodings(trx, raw.map((c) => c.id));
    await store.recordClosedRevisions(trx, roundId);
    for (const sourceId of sourceIds) await writeAgreed(trx, evaluationId, roundId, sourceId, codeIds, actorId);
    await store.setStatus(trx, roundId, 'comparing', at);
  });
  await recordAudit(db, { evaluationId, userId: actorId, action: 'close', entity: 'agreement round', entityId: roundId, detail: {} });
  return getRound(db, evaluationId, roundId);
}

/** Removes an open round: the coders' codings stay as they are, and nobody is blind any more. */
export async function cancelRound(db: Db, actorId: string | null, evaluationId: string, roundId: string): Promise<void> {
  const round = await getRound(db, evaluationId, roundId);
  if (round.status !== 'open') throw conflict('Only an open round can be cancelled; this one has been compared already');
  await store.deleteRound(db, roundId);
  await recordAudit(db, { evaluationId, userId: actorId, action: 'delete', entity: 'agreement round', entityId: roundId, detail: { name: round.name } });
}

export interface RoundComparison {
  round: Round;
  codes: Map<string, CodeRef>;
  /** Codes either coder used, compared; the rest of those in scope were used by neither. */
  comparison: Comparison;
  unusedCodes: CodeRef[];
  disagreements: (ReturnType<typeof disagreements>[number] & { sourceName: string; decision: Decision | null })[];
  decided: number;
}

/** The comparison of a closed round and the units where the coders differed, with decisions so far. */
export async function roundComparison(db: Db, evaluationId: string, roundId: string): Promise<RoundComparison> {
  const round = await getRound(db, evaluationId, roundId);
  if (round.status === 'open') throw conflict('The comparison is shown once the round is closed, so that coding stays blind');
  const row = (await store.findRound(db, evaluationId, roundId))!;
  const codes = new Map((await codeRefs(db, evaluationId)).map((c) => [c.id, c]));
  const inScope = (await codesCompared(db, evaluationId, row.scope_code_id)).filter((id) => codes.has(id));
  const codings = (await store.snapshotCodings(db, roundId)).map(toRoundCoding);
  const used = new Set(codings.map((c) => c.codeId));
  const compared = inScope.filter((id) => used.has(id));
  const units = await Promise.all(round.sources.map((s) => unitsOf(db, evaluationId, s.id)));
  const decided = new Map((await store.listDecisions(db, roundId)).map((d) => [`${d.source_id}|${d.unit_start}`, d.decision as Decision]));
  const names = new Map(round.sources.map((s) => [s.id, s.name]));
  const list = disagreements(units, codings, compared).map((d) => ({ ...d, sourceName: names.get(d.unit.sourceId) ?? '', decision: decided.get(`${d.unit.sourceId}|${d.unit.start}`) ?? null }));
  return {
    round,
    codes,
    comparison: compareCoders(units, codings, compared),
    unusedCodes: inScope.filter((id) => !used.has(id)).map((id) => codes.get(id)!),
    disagreements: list,
    decided: list.filter((d) => d.decision !== null).length,
  };
}

/** Who may reconcile: the round's own coders, and researchers and leads. */
function mayReconcile(round: Round, actor: Actor): boolean {
  return actor.id === round.coderA.id || actor.id === round.coderB.id || hasRole(actor.role, 'researcher');
}

/** Records a decision on a unit where the coders differed, and rewrites the source's agreed codings. */
export async function decide(db: Db, actor: Actor, evaluationId: string, roundId: string, input: z.input<typeof decisionInput>): Promise<void> {
  const data = decisionInput.parse(input);
  const round = await getRound(db, evaluationId, roundId);
  if (!mayReconcile(round, actor)) throw forbidden('Only the round’s coders, researchers and leads can reconcile it');
  if (round.status !== 'comparing') throw conflict(round.status === 'open' ? 'Close the round before reconciling it' : 'This round has been reconciled already');
  const source = round.sources.find((s) => s.id === data.sourceId);
  if (!source) throw notFound('Source');
  if (source.changedSinceClosing) throw conflict(`The text of ${source.name} was edited after the round closed, so its paragraphs no longer match the coders’ codings. Start a new round for it.`);
  const { disagreements: list } = await roundComparison(db, evaluationId, roundId);
  const unit = list.find((d) => d.unit.sourceId === data.sourceId && d.unit.start === data.unitStart)?.unit;
  if (!unit) throw badRequest('The coders agree on that paragraph: there is nothing to decide');
  const row = (await store.findRound(db, evaluationId, roundId))!;
  const codeIds = await codesCompared(db, evaluationId, row.scope_code_id);
  await inTransaction(db, async (trx) => {
    await store.findRound(trx, evaluationId, roundId, true);
    await store.saveDecision(trx, { round_id: roundId, source_id: data.sourceId, unit_start: unit.start, unit_end: unit.end, decision: data.decision, decided_by: actor.id });
    await writeAgreed(trx, evaluationId, roundId, data.sourceId, codeIds, actor.id);
  });
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'reconcile', entity: 'agreement round', entityId: roundId, detail: { source: data.sourceId, unit: unit.index, decision: data.decision } });
}

/** Marks the round reconciled once every unit where the coders differed has a decision. */
export async function finishRound(db: Db, actor: Actor, evaluationId: string, roundId: string, at: Date): Promise<Round> {
  const { round, disagreements: list, decided } = await roundComparison(db, evaluationId, roundId);
  if (!mayReconcile(round, actor)) throw forbidden('Only the round’s coders, researchers and leads can reconcile it');
  if (round.status !== 'comparing') throw conflict('This round has been reconciled already');
  if (decided < list.length) throw badRequest(`Decide the ${list.length - decided} remaining ${list.length - decided === 1 ? 'paragraph' : 'paragraphs'} where the coders differ first`);
  await store.setStatus(db, roundId, 'reconciled', at);
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'finish', entity: 'agreement round', entityId: roundId, detail: { decisions: decided } });
  return getRound(db, evaluationId, roundId);
}
