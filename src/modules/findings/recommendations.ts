import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import * as store from './store.ts';

/** Recommendations: what the evaluation advises, to whom, and the findings each follows from. */

export interface Recommendation {
  id: string;
  text: string;
  addressedTo: string;
  position: number;
  findingIds: string[];
}

const uuid = z.string().uuid();
const list = (v: unknown) => [v ?? []].flat().filter((x) => x !== '');

export const recommendationInput = z.object({
  text: z.string({ error: 'Enter the recommendation' }).trim().min(1, 'Enter the recommendation').max(5000, 'The recommendation must be 5,000 characters or fewer'),
  addressedTo: z.string().trim().max(300, 'Whom it is for must be 300 characters or fewer').default(''),
  findingIds: z.preprocess(list, z.array(z.string()).refine((ids) => ids.every((id) => uuid.safeParse(id).success), 'Choose findings from the list')).default([]),
});
export type RecommendationInput = z.input<typeof recommendationInput>;

async function assemble(db: Db, evaluationId: string, rows: store.RecommendationRow[]): Promise<Recommendation[]> {
  const links = rows.length ? await store.selectRecommendationLinks(db, evaluationId) : [];
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    addressedTo: r.addressed_to,
    position: r.position,
    findingIds: links.filter((l) => l.recommendation_id === r.id).map((l) => l.finding_id),
  }));
}

export async function listRecommendations(db: Db, evaluationId: string): Promise<Recommendation[]> {
  return assemble(db, evaluationId, await store.selectRecommendations(db, evaluationId));
}

export async function getRecommendation(db: Db, evaluationId: string, recommendationId: string): Promise<Recommendation> {
  const rows = uuid.safeParse(recommendationId).success ? await store.selectRecommendations(db, evaluationId, recommendationId) : [];
  if (!rows.length) throw notFound('Recommendation');
  return (await assemble(db, evaluationId, rows))[0]!;
}

async function checkFindings(db: Db, evaluationId: string, findingIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(findingIds)];
  if ((await store.findingsOfEvaluation(db, evaluationId, unique)).length !== unique.length) {
    throw badRequest('A finding chosen is not in this evaluation', [{ field: 'findingIds', message: 'Choose findings from the list' }]);
  }
  return unique;
}

export async function createRecommendation(db: Db, actorId: string | null, evaluationId: string, input: RecommendationInput): Promise<Recommendation> {
  const data = recommendationInput.parse(input);
  const id = await inTransaction(db, async (trx) => {
    const findingIds = await checkFindings(trx, evaluationId, data.findingIds);
    const row = await trx
      .insertInto('recommendations')
      .values({ evaluation_id: evaluationId, text: data.text, addressed_to: data.addressedTo, position: await store.nextPosition(trx, 'recommendations', evaluationId), created_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.replaceRecommendationLinks(trx, row.id, findingIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'recommendation', entityId: row.id, detail: { findings: findingIds.length } });
    return row.id;
  });
  return getRecommendation(db, evaluationId, id);
}

export async function updateRecommendation(db: Db, actorId: string | null, evaluationId: string, recommendationId: string, input: RecommendationInput): Promise<Recommendation> {
  const data = recommendationInput.parse(input);
  await getRecommendation(db, evaluationId, recommendationId);
  await inTransaction(db, async (trx) => {
    const findingIds = await checkFindings(trx, evaluationId, data.findingIds);
    await trx
      .updateTable('recommendations')
      .set({ text: data.text, addressed_to: data.addressedTo, updated_at: new Date() })
      .where('evaluation_id', '=', evaluationId)
      .where('id', '=', recommendationId)
      .execute();
    await store.replaceRecommendationLinks(trx, recommendationId, findingIds);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'recommendation', entityId: recommendationId, detail: { findings: findingIds.length } });
  });
  return getRecommendation(db, evaluationId, recommendationId);
}

export async function deleteRecommendation(db: Db, actorId: string | null, evaluationId: string, recommendationId: string): Promise<void> {
  await getRecommendation(db, evaluationId, recommendationId);
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('recommendations').where('evaluation_id', '=', evaluationId).where('id', '=', recommendationId).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'recommendation', entityId: recommendationId, detail: {} });
  });
}
