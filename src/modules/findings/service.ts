import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, HttpError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { getDocument } from '../documents/service.ts';
import { getContextEvent } from '../evaluations/protocol/context-events.ts';
import { getQuote } from '../qualitative/quotes/service.ts';
import { evaluationOfSurvey } from '../results/service.ts';
import { evidenceContext, evidenceKinds, stances, toEvidence, type Evidence, type EvidenceKind } from './evidence.ts';
import { checkBudgetSpec, checkPlanSpec, checkSurveySpec } from './result-specs.ts';
import * as store from './store.ts';

/**
 * Findings: statements about what helps or holds back the change, each tagged with the framework
 * constructs (codes of the evaluation's codebook) it speaks to and backed by linked evidence of
 * every kind the evaluation holds. Evidence must come from the same evaluation; anything else is
 * refused before anything is stored.
 */

export { evidenceKinds, evidenceKindLabels, evidenceMethods, methodLabels, stances, type Evidence, type EvidenceKind, type EvidenceMethod, type Stance } from './evidence.ts';
export {
  listRecommendations,
  getRecommendation,
  createRecommendation,
  updateRecommendation,
  deleteRecommendation,
  recommendationInput,
  type Recommendation,
} from './recommendations.ts';
export { evidenceMap, factorsTable, verdictLabels, type EvidenceMap, type EvidenceCell, type Verdict, type FactorRow, type MapMethod } from './evidence-map.ts';

export const findingValences = ['facilitating', 'inhibiting', 'mixed'] as const;
export type Valence = (typeof findingValences)[number];
export const valenceLabels: Record<Valence, string> = { facilitating: 'Facilitating', inhibiting: 'Inhibiting', mixed: 'Mixed' };
export const strengths = ['strong', 'moderate', 'weak'] as const;
export type Strength = (typeof strengths)[number];
export const strengthLabels: Record<Strength, string> = { strong: 'Strong', moderate: 'Moderate', weak: 'Weak' };

export interface Finding {
  id: string;
  statement: string;
  detail: string;
  valence: Valence;
  strength: Strength;
  position: number;
  constructs: { id: string; name: string }[];
  evidence: Evidence[];
  recommendationIds: string[];
}

const uuid = z.string().uuid();
const isUuid = (id: string) => uuid.safeParse(id).success;
/** A form field that may arrive once, several times or not at all, as a list without blanks. */
const list = (v: unknown) => [v ?? []].flat().filter((x) => x !== '');

export const findingInput = z.object({
  statement: z.string({ error: 'Enter the finding' }).trim().min(1, 'Enter the finding').max(2000, 'The finding must be 2,000 characters or fewer'),
  detail: z.string().trim().max(20_000, 'The detail must be 20,000 characters or fewer').default(''),
  valence: z.enum(findingValences, { error: 'Choose whether it helps or holds back the change' }),
  strength: z.enum(strengths, { error: 'Choose how strong the finding is' }).default('moderate'),
  constructIds: z.preprocess(list, z.array(z.string()).refine((ids) => ids.every(isUuid), 'Choose constructs from the list')).default([]),
});
export type FindingInput = z.input<typeof findingInput>;

export const constructsInput = z.object({ constructIds: z.preprocess(list, z.array(z.string()).refine((ids) => ids.every(isUuid), 'Choose constructs from the list')) });

const optionalUuid = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().uuid('Choose one from the list').optional());
const optionalText = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().max(100).optional());

export const evidenceInput = z.object({
  kind: z.enum(evidenceKinds, { error: 'Choose the kind of evidence' }),
  stance: z.enum(stances, { error: 'Choose whether it supports or contradicts the finding' }).default('supports'),
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').default(''),
  codingId: optionalUuid,
  quoteId: optionalUuid,
  surveyId: optionalUuid,
  documentId: optionalUuid,
  contextEventId: optionalUuid,
  /** Which analysis, for survey results, plans and the budget; see result-specs.ts. */
  view: optionalText,
  by: optionalText,
  scale: optionalText,
  question: optionalText,
  planYear: optionalText,
});
export type EvidenceInput = z.input<typeof evidenceInput>;

export const reorderInput = z.object({ findingIds: z.array(z.string().uuid()).min(1) });

const toFinding = (row: store.FindingRow): Finding => ({
  id: row.id,
  statement: row.statement,
  detail: row.detail,
  valence: row.valence as Valence,
  strength: row.strength as Strength,
  position: row.position,
  constructs: [],
  evidence: [],
  recommendationIds: [],
});

async function assemble(db: Db, evaluationId: string, rows: store.FindingRow[]): Promise<Finding[]> {
  const findings = rows.map(toFinding);
  const ids = findings.map((f) => f.id);
  const [constructs, evidenceRows, links] = await Promise.all([store.selectConstructs(db, ids), store.selectEvidence(db, ids), ids.length ? store.selectRecommendationLinks(db, evaluationId) : []]);
  const context = await evidenceContext(db, evaluationId, evidenceRows);
  const byId = new Map(findings.map((f) => [f.id, f]));
  for (const c of constructs) byId.get(c.finding_id)?.constructs.push({ id: c.id, name: c.name });
  for (const e of evidenceRows) byId.get(e.finding_id)?.evidence.push(toEvidence(evaluationId, e, context));
  for (const l of links) byId.get(l.finding_id)?.recommendationIds.push(l.recommendation_id);
  return findings;
}

export async function listFindings(db: Db, evaluationId: string): Promise<Finding[]> {
  return assemble(db, evaluationId, await store.selectFindings(db, evaluationId));
}

export async function getFinding(db: Db, evaluationId: string, findingId: string): Promise<Finding> {
  const rows = isUuid(findingId) ? await store.selectFindings(db, evaluationId, findingId) : [];
  if (!rows.length) throw notFound('Finding');
  return (await assemble(db, evaluationId, rows))[0]!;
}

async function checkConstructs(db: Db, evaluationId: string, codeIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(codeIds)];
  const known = await store.codesOfEvaluation(db, evaluationId, unique);
  if (known.length !== unique.length) throw badRequest('A construct chosen is not in this evaluation’s codebook', [{ field: 'constructIds', message: 'Choose constructs from the list' }]);
  return unique;
}

export async function createFinding(db: Db, actorId: string | null, evaluationId: string, input: FindingInput): Promise<Finding> {
  const data = findingInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const constructs = await checkConstructs(trx, evaluationId, data.constructIds);
    const row = await trx
      .insertInto('findings')
      .values({
        evaluation_id: evaluationId,
        statement: data.statement,
        detail: data.detail,
        valence: data.valence,
        strength: data.strength,
        position: await store.nextPosition(trx, 'findings', evaluationId),
        created_by: actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.replaceConstructs(trx, row.id, constructs);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'finding', entityId: row.id, detail: { valence: data.valence, strength: data.strength, constructs: constructs.length } });
    return row.id;
  });
  return getFinding(db, evaluationId, id);
}

export async function updateFinding(db: Db, actorId: string | null, evaluationId: string, findingId: string, input: FindingInput): Promise<Finding> {
  const data = findingInput.parse(input);
  await getFinding(db, evaluationId, findingId);
  await inTransaction(db, async (trx) => {
    const constructs = await checkConstructs(trx, evaluationId, data.constructIds);
    await trx
      .updateTable('findings')
      .set({ statement: data.statement, detail: data.detail, valence: data.valence, strength: data.strength, updated_at: new Date() })
      .where('evaluation_id', '=', evaluationId)
      .where('id', '=', findingId)
      .execute();
    await store.replaceConstructs(trx, findingId, constructs);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'finding', entityId: findingId, detail: { valence: data.valence, strength: data.strength, constructs: constructs.length } });
  });
  return getFinding(db, evaluationId, findingId);
}

/** Deletes a finding with its constructs, evidence links and links from recommendations. */
export async function deleteFinding(db: Db, actorId: string | null, evaluationId: string, findingId: string): Promise<void> {
  const finding = await getFinding(db, evaluationId, findingId);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('findings').where('evaluation_id', '=', evaluationId).where('id', '=', findingId).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'finding', entityId: findingId, detail: { evidence: finding.evidence.length } });
  });
}

export async function setConstructs(db: Db, actorId: string | null, evaluationId: string, findingId: string, input: z.input<typeof constructsInput>): Promise<Finding> {
  const data = constructsInput.parse(input);
  await getFinding(db, evaluationId, findingId);
  await inTransaction(db, async (trx) => {
    const constructs = await checkConstructs(trx, evaluationId, data.constructIds);
    await store.replaceConstructs(trx, findingId, constructs);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'finding constructs', entityId: findingId, detail: { constructs: constructs.length } });
  });
  return getFinding(db, evaluationId, findingId);
}

/** Puts the evaluation's findings in the order given; every finding must be named once. */
export async function reorderFindings(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof reorderInput>): Promise<Finding[]> {
  const data = reorderInput.parse(input);
  await inTransaction(db, async (trx) => {
    const current = (await store.selectFindings(trx, evaluationId)).map((f) => f.id);
    const given = new Set(data.findingIds);
    if (given.size !== data.findingIds.length || given.size !== current.length || current.some((id) => !given.has(id))) {
      throw badRequest('Name every finding of the evaluation once, in the order wanted', [{ field: 'findingIds', message: 'Name every finding once' }]);
    }
    for (const [i, id] of data.findingIds.entries()) await trx.updateTable('findings').set({ position: i + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'finding order', entityId: null, detail: { findings: current.length } });
  });
  return listFindings(db, evaluationId);
}

/** Moves a finding one place up or down in the order. */
export async function moveFinding(db: Db, actorId: string | null, evaluationId: string, findingId: string, direction: 'up' | 'down'): Promise<Finding[]> {
  const ids = (await store.selectFindings(db, evaluationId)).map((f) => f.id);
  const at = ids.indexOf(findingId);
  if (at < 0) throw notFound('Finding');
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= ids.length) return listFindings(db, evaluationId);
  [ids[at], ids[to]] = [ids[to]!, ids[at]!];
  return reorderFindings(db, actorId, evaluationId, { findingIds: ids });
}

const notInEvaluation = (field: string, what: string) => badRequest(`The ${what} chosen is not in this evaluation`, [{ field, message: `Choose a ${what} from this evaluation` }]);

/** Checks that a 404 from another module means "not in this evaluation": a 400 for the form. */
async function mustExist(field: string, what: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw notInEvaluation(field, what);
    throw error;
  }
}

type EvidenceValues = { kind: EvidenceKind; coding_id: string | null; quote_id: string | null; survey_id: string | null; document_id: string | null; context_event_id: string | null; result_spec: Record<string, unknown> | null };

const required = (field: string, message: string) => badRequest(message, [{ field, message }]);

/** The columns a piece of evidence sets, checked to belong to the evaluation. */
async function evidenceValues(db: Db, evaluationId: string, data: z.infer<typeof evidenceInput>): Promise<EvidenceValues> {
  const values: EvidenceValues = { kind: data.kind, coding_id: null, quote_id: null, survey_id: null, document_id: null, context_event_id: null, result_spec: null };
  const spec = { view: data.view, by: data.by, scale: data.scale, question: data.question, planYear: data.planYear };
  switch (data.kind) {
    case 'coding':
      if (!data.codingId) throw required('codingId', 'Choose a coded segment');
      if (!(await store.findCoding(db, evaluationId, data.codingId))) throw notInEvaluation('codingId', 'coded segment');
      return { ...values, coding_id: data.codingId };
    case 'quote': {
      const quoteId = data.quoteId;
      if (!quoteId) throw required('quoteId', 'Choose a quote');
      await mustExist('quoteId', 'quote', () => getQuote(db, evaluationId, quoteId));
      return { ...values, quote_id: quoteId };
    }
    case 'survey-result': {
      if (!data.surveyId) throw required('surveyId', 'Choose a survey');
      if ((await evaluationOfSurvey(db, data.surveyId)) !== evaluationId) throw notInEvaluation('surveyId', 'survey');
      return { ...values, survey_id: data.surveyId, result_spec: await checkSurveySpec(db, evaluationId, data.surveyId, spec) };
    }
    case 'document': {
      const documentId = data.documentId;
      if (!documentId) throw required('documentId', 'Choose a document');
      await mustExist('documentId', 'document', () => getDocument(db, evaluationId, documentId));
      return { ...values, document_id: documentId };
    }
    case 'context-event': {
      const eventId = data.contextEventId;
      if (!eventId) throw required('contextEventId', 'Choose a context event');
      await mustExist('contextEventId', 'context event', () => getContextEvent(db, evaluationId, eventId));
      return { ...values, context_event_id: eventId };
    }
    case 'plan-analysis':
      return { ...values, result_spec: await checkPlanSpec(db, evaluationId, spec) };
    case 'budget-analysis':
      return { ...values, result_spec: checkBudgetSpec(spec) };
  }
}

const sameTarget = (a: Evidence, b: EvidenceValues) =>
  a.kind === b.kind &&
  a.codingId === b.coding_id &&
  a.quoteId === b.quote_id &&
  a.surveyId === b.survey_id &&
  a.documentId === b.document_id &&
  a.contextEventId === b.context_event_id &&
  JSON.stringify(a.resultSpec) === JSON.stringify(b.result_spec);

/**
 * Links a piece of evidence to a finding. Linking the same thing again (a double-clicked form)
 * changes its stance and note instead of storing it twice.
 */
export async function linkEvidence(db: Db, actorId: string | null, evaluationId: string, findingId: string, input: EvidenceInput): Promise<Evidence> {
  const data = evidenceInput.parse(input);
  const finding = await getFinding(db, evaluationId, findingId);
  const values = await evidenceValues(db, evaluationId, data);
  const id = await inTransaction(db, async (trx) => {
    await trx.selectFrom('findings').select('id').where('id', '=', finding.id).forUpdate().executeTakeFirst();
    const existing = (await getFinding(trx, evaluationId, finding.id)).evidence.find((e) => sameTarget(e, values));
    if (existing) {
      await trx.updateTable('finding_evidence').set({ stance: data.stance, note: data.note }).where('id', '=', existing.id).execute();
      await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'finding evidence', entityId: existing.id, detail: { finding: finding.id, kind: values.kind, stance: data.stance } });
      return existing.id;
    }
    const row = await trx
      .insertInto('finding_evidence')
      .values({
        finding_id: finding.id,
        ...values,
        result_spec: values.result_spec ? JSON.stringify(values.result_spec) : null,
        stance: data.stance,
        note: data.note,
        position: await store.nextEvidencePosition(trx, finding.id),
        created_by: actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'finding evidence', entityId: row.id, detail: { finding: finding.id, kind: values.kind, stance: data.stance } });
    return row.id;
  });
  return (await getFinding(db, evaluationId, finding.id)).evidence.find((e) => e.id === id)!;
}

export async function unlinkEvidence(db: Db, actorId: string | null, evaluationId: string, findingId: string, evidenceId: string): Promise<void> {
  const finding = await getFinding(db, evaluationId, findingId);
  const evidence = finding.evidence.find((e) => e.id === evidenceId);
  if (!evidence) throw notFound('Evidence');
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('finding_evidence').where('finding_id', '=', finding.id).where('id', '=', evidence.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'finding evidence', entityId: evidence.id, detail: { finding: finding.id, kind: evidence.kind } });
  });
}

/** Pieces of evidence per method and stance, for lists. */
export function evidenceCounts(finding: Pick<Finding, 'evidence'>): Record<string, { supports: number; contradicts: number }> {
  const counts: Record<string, { supports: number; contradicts: number }> = {};
  for (const e of finding.evidence) {
    const cell = (counts[e.method] ??= { supports: 0, contradicts: 0 });
    cell[e.stance] += 1;
  }
  return counts;
}
