import type { Db } from '../../../db/database.ts';

/** Every version of the evaluation's consent forms, newest first, for a consent record to name the one signed. */
export async function consentFormVersions(db: Db, evaluationId: string): Promise<{ id: string; title: string; number: number }[]> {
  return db
    .selectFrom('study_document_versions as v')
    .innerJoin('study_documents as d', 'd.id', 'v.document_id')
    .select(['v.id', 'v.title', 'v.number'])
    .where('d.evaluation_id', '=', evaluationId)
    .where('d.kind', '=', 'consent-form')
    .orderBy('d.title')
    .orderBy('v.number', 'desc')
    .execute();
}
