import type { Db } from '../../db/database.ts';

/**
 * Responses that can be linked to a person — only in confidential and identified surveys — read
 * for a subject access request and erased on withdrawal. Anonymous responses are never linked to
 * anyone, so nothing here can reach them: every query also checks the survey is not anonymous.
 */

export interface LinkedResponse {
  id: string;
  surveyTitle: string;
  status: string;
  answers: Record<string, unknown>;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** Responses named by id, or whose participant is one of these participations. */
export interface ResponseLinks {
  responseIds: string[];
  participationIds: string[];
}

function linked(db: Db, links: ResponseLinks) {
  const ids = links.responseIds.length ? links.responseIds : ['00000000-0000-0000-0000-000000000000'];
  const participations = links.participationIds.length ? links.participationIds : ['00000000-0000-0000-0000-000000000000'];
  return db
    .selectFrom('responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .where((eb) => eb.or([eb('r.id', 'in', ids), eb('r.participant_id', 'in', participations)]))
    .where('s.anonymity', '<>', 'anonymous');
}

export async function linkedResponses(db: Db, links: ResponseLinks): Promise<LinkedResponse[]> {
  if (!links.responseIds.length && !links.participationIds.length) return [];
  const rows = await linked(db, links).select(['r.id', 's.title', 'r.status', 'r.answers', 'r.started_at', 'r.completed_at']).execute();
  return rows.map((r) => ({ id: r.id, surveyTitle: r.title, status: r.status, answers: r.answers as Record<string, unknown>, startedAt: r.started_at, completedAt: r.completed_at }));
}

/** Deletes the linked responses (their linking codes go with them); returns how many went. */
export async function eraseLinkedResponses(db: Db, links: ResponseLinks): Promise<number> {
  if (!links.responseIds.length && !links.participationIds.length) return 0;
  const ids = (await linked(db, links).select('r.id').execute()).map((r) => r.id);
  if (!ids.length) return 0;
  return Number((await db.deleteFrom('responses').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
}
