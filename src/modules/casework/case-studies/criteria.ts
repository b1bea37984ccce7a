import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listDocuments } from '../../documents/service.ts';
import { requiredText, uuid } from '../../shared-schemas.ts';
import { getSite, listSites } from './sites.ts';

/**
 * The checklist against which case-study sites are chosen: one list per evaluation, and for each
 * site whether it meets each criterion, with the evidence for saying so.
 */

/** The criteria most case-study designs of this kind start from, in our own words. */
export const commonCriteria: readonly string[] = [
  'The improvement project has run, or will run, for 12 to 18 months',
  'The project is not older than the organisation: it started after the organisation was formed',
  'The project needs more than one of the organisation’s programmes',
];

export const judgements = ['met', 'not-met', 'unknown'] as const;
export type Judgement = (typeof judgements)[number];
export const judgementLabels: Record<Judgement, string> = { met: 'Met', 'not-met': 'Not met', unknown: 'Not known yet' };

export const criterionInput = z.object({ text: requiredText('The criterion', 500) });

export interface Criterion {
  id: string;
  text: string;
  position: number;
}

export interface SiteJudgement {
  criterionId: string;
  criterion: string;
  judgement: Judgement;
  evidence: string;
  documentId: string | null;
  documentTitle: string | null;
}

export async function listCriteria(db: Db, evaluationId: string): Promise<Criterion[]> {
  return db.selectFrom('case_study_criteria').select(['id', 'text', 'position']).where('evaluation_id', '=', evaluationId).orderBy('position').orderBy('text').execute();
}

async function nextPosition(db: Db, evaluationId: string): Promise<number> {
  const row = await db.selectFrom('case_study_criteria').select(sql<number>`coalesce(max(position), 0)::int`.as('last')).where('evaluation_id', '=', evaluationId).executeTakeFirst();
  return (row?.last ?? 0) + 1;
}

export async function addCriterion(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof criterionInput>): Promise<Criterion> {
  const { text } = criterionInput.parse(input);
  return inTransaction(db, async (trx) => {
    const taken = await trx.selectFrom('case_study_criteria').select('id').where('evaluation_id', '=', evaluationId).where(sql<string>`lower(text)`, '=', text.toLowerCase()).executeTakeFirst();
    if (taken) throw badRequest('The criterion is already on the list', [{ field: 'text', message: 'This criterion is already on the list' }]);
    const row = await trx.insertInto('case_study_criteria').values({ evaluation_id: evaluationId, text, position: await nextPosition(trx, evaluationId) }).returning(['id', 'text', 'position']).executeTakeFirstOrThrow();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-study-criterion', entityId: row.id, detail: { text } });
    return row;
  });
}

/** Adds the common criteria the list does not have yet; returns how many were added. */
export async function addCommonCriteria(db: Db, actorId: string | null, evaluationId: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const have = new Set((await listCriteria(trx, evaluationId)).map((c) => c.text.toLowerCase()));
    const missing = commonCriteria.filter((text) => !have.has(text.toLowerCase()));
    let position = await nextPosition(trx, evaluationId);
    if (missing.length) await trx.insertInto('case_study_criteria').values(missing.map((text) => ({ evaluation_id: evaluationId, text, position: position++ }))).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'case-study-criterion', detail: { added: missing } });
    return missing.length;
  });
}

export async function deleteCriterion(db: Db, actorId: string | null, evaluationId: string, criterionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = uuid.safeParse(criterionId).success
      ? await trx.selectFrom('case_study_criteria').select(['id', 'text']).where('evaluation_id', '=', evaluationId).where('id', '=', criterionId).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Criterion');
    await trx.deleteFrom('case_study_criteria').where('id', '=', row.id).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'case-study-criterion', entityId: row.id, detail: { text: row.text } });
  });
}

/** Every criterion with the site's judgement; a criterion not yet judged is "not known yet". */
export async function siteJudgements(db: Db, evaluationId: string, siteId: string): Promise<SiteJudgement[]> {
  const site = await getSite(db, evaluationId, siteId);
  const rows = await db
    .selectFrom('case_study_criteria as c')
    .leftJoin('case_study_site_criteria as j', (join) => join.onRef('j.criterion_id', '=', 'c.id').on('j.site_id', '=', site.id))
    .leftJoin('documents as d', 'd.id', 'j.document_id')
    .select(['c.id', 'c.text', 'j.judgement', 'j.evidence', 'j.document_id', 'd.title as document_title'])
    .where('c.evaluation_id', '=', evaluationId)
    .orderBy('c.position')
    .orderBy('c.text')
    .execute();
  return rows.map((r) => ({
    criterionId: r.id,
    criterion: r.text,
    judgement: (r.judgement ?? 'unknown') as Judgement,
    evidence: r.evidence ?? '',
    documentId: r.document_id ?? null,
    documentTitle: r.document_title ?? null,
  }));
}

export interface JudgementInput {
  criterionId: string;
  judgement: string;
  evidence?: string;
  documentId?: string | null;
}

/** Saves the site's judgements on the criteria given, all or none; each problem names the criterion. */
export async function saveJudgements(db: Db, actorId: string | null, evaluationId: string, siteId: string, inputs: readonly JudgementInput[]): Promise<SiteJudgement[]> {
  return inTransaction(db, async (trx) => {
    const site = await getSite(trx, evaluationId, siteId);
    const criteria = new Map((await listCriteria(trx, evaluationId)).map((c) => [c.id, c]));
    const documents = new Set((await listDocuments(trx, evaluationId)).map((d) => d.id));
    const problems: { field: string; message: string }[] = [];
    const rows = [];
    for (const input of inputs) {
      const criterion = criteria.get(input.criterionId);
      if (!criterion) {
        problems.push({ field: 'form', message: 'A criterion is not on this evaluation’s list' });
        continue;
      }
      const evidence = (input.evidence ?? '').trim();
      const documentId = input.documentId || null;
      if (!(judgements as readonly string[]).includes(input.judgement)) problems.push({ field: `judgement-${criterion.id}`, message: `Choose whether the site meets “${criterion.text}”` });
      if (evidence.length > 5000) problems.push({ field: `evidence-${criterion.id}`, message: `The evidence for “${criterion.text}” must be 5,000 characters or fewer` });
      if (documentId && !documents.has(documentId)) problems.push({ field: `document-${criterion.id}`, message: `Choose a document from the register for “${criterion.text}”` });
      rows.push({ site_id: site.id, criterion_id: criterion.id, judgement: input.judgement, evidence, document_id: documentId });
    }
    if (problems.length) throw badRequest(problems[0]!.message, problems);
    for (const row of rows) {
      await trx
        .insertInto('case_study_site_criteria')
        .values(row)
        .onConflict((oc) => oc.columns(['site_id', 'criterion_id']).doUpdateSet({ judgement: row.judgement, evidence: row.evidence, document_id: row.document_id }))
        .execute();
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'case-study-site', entityId: site.id, detail: { criteria: rows.map((r) => ({ criterionId: r.criterion_id, judgement: r.judgement })) } });
    return siteJudgements(trx, evaluationId, site.id);
  });
}

export interface CriteriaMatrix {
  criteria: Criterion[];
  sites: { id: string; name: string; siteTypeLabel: string; status: string; cells: Judgement[]; met: number }[];
}

/** Criteria down, sites across: who meets what. */
export async function criteriaMatrix(db: Db, evaluationId: string): Promise<CriteriaMatrix> {
  const criteria = await listCriteria(db, evaluationId);
  const sites = await listSites(db, evaluationId);
  const rows = await db
    .selectFrom('case_study_site_criteria as j')
    .innerJoin('case_study_sites as s', 's.id', 'j.site_id')
    .select(['j.site_id', 'j.criterion_id', 'j.judgement'])
    .where('s.evaluation_id', '=', evaluationId)
    .execute();
  const judged = new Map(rows.map((r) => [`${r.site_id} ${r.criterion_id}`, r.judgement as Judgement]));
  return {
    criteria,
    sites: sites.map((s) => {
      const cells = criteria.map((c) => judged.get(`${s.id} ${c.id}`) ?? 'unknown');
      return { id: s.id, name: s.name, siteTypeLabel: s.siteTypeLabel, status: s.status, cells, met: cells.filter((c) => c === 'met').length };
    }),
  };
}
