import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest } from '../../../http/errors.ts';
import type { SurveyDefinition } from '../definition.ts';
import { getSurvey, saveDefinition, type SurveyVersion } from '../service.ts';
import { linkingCodePage, linkingHash, linkingPageId, linkingParts } from './code.ts';
import * as store from './store.ts';

export { linkingParts, splitLinkingAnswers, linkingHashOfText } from './code.ts';
export { linkingKey } from './store.ts';

/**
 * Stores (or, when a part was left blank, removes) a response's linking code as its keyed hash.
 * Called from the respondent's page save, after the page's other answers are stored.
 */
export async function recordLinkingCode(db: Db, response: { id: string; surveyId: string }, parts: readonly string[] | null): Promise<void> {
  if (!parts) {
    await store.removeLink(db, response.id);
    return;
  }
  const evaluationId = await store.evaluationOfSurvey(db, response.surveyId);
  if (!evaluationId) return;
  await store.setLink(db, response.id, response.surveyId, linkingHash(await store.linkingKey(db, evaluationId), parts));
}

/**
 * Stores the linking codes of responses that arrived whole (a data set, the demo), each as its keyed
 * hash, with the evaluation's key read once: `parts` as `splitLinkingAnswers` gives them.
 */
export async function recordLinkingCodes(db: Db, surveyId: string, codes: readonly { responseId: string; parts: readonly string[] }[]): Promise<void> {
  if (!codes.length) return;
  const evaluationId = await store.evaluationOfSurvey(db, surveyId);
  if (!evaluationId) return;
  const key = await store.linkingKey(db, evaluationId);
  await store.setLinks(db, codes.map((c) => ({ response_id: c.responseId, survey_id: surveyId, code_hash: linkingHash(key, c.parts) })));
}

/** Adds (or replaces) the linking-code page of a survey, asking the chosen parts. */
export async function setLinkingCode(db: Db, actorId: string, evaluationId: string, surveyId: string, partIds: readonly string[]): Promise<SurveyVersion> {
  const known = new Set(linkingParts.map((p) => p.id));
  const unknown = partIds.filter((id) => !known.has(id));
  if (unknown.length) throw badRequest(`Unknown parts: ${unknown.join(', ')}`, [{ field: 'parts', message: `Choose parts from the list; ${unknown.join(', ')} is not one` }]);
  if (partIds.length < 2) throw badRequest('Choose at least two parts', [{ field: 'parts', message: 'Choose at least two questions: one alone matches too many people' }]);
  return inTransaction(db, async (trx) => {
    const survey = await getSurvey(trx, evaluationId, surveyId);
    const page = linkingCodePage(partIds);
    const definition: SurveyDefinition = withoutLinkingCode(survey.version.definition);
    // After the first page ("about you" in most surveys), so it is answered early and once.
    const pages = [...definition.pages];
    pages.splice(Math.min(1, pages.length), 0, page);
    return saveDefinition(trx, actorId, evaluationId, surveyId, { ...definition, pages, linkingCode: { questions: page.questions.map((q) => q.id) } });
  });
}

/** The definition without its linking code and the page that asked it. */
export function withoutLinkingCode(definition: SurveyDefinition): SurveyDefinition {
  const { linkingCode: _dropped, ...rest } = definition;
  return { ...rest, pages: definition.pages.filter((p) => p.id !== linkingPageId) };
}

export async function removeLinkingCode(db: Db, actorId: string, evaluationId: string, surveyId: string): Promise<SurveyVersion> {
  return inTransaction(db, async (trx) => {
    const survey = await getSurvey(trx, evaluationId, surveyId);
    return saveDefinition(trx, actorId, evaluationId, surveyId, withoutLinkingCode(survey.version.definition));
  });
}

export interface WaveLinks {
  /** Complete responses with a linking code in each survey. */
  linkedFirst: number;
  linkedSecond: number;
  /** Response pairs whose codes match (codes given once in each survey). */
  pairs: { first: string; second: string }[];
}

/** The responses of two surveys whose linking codes match. Codes are compared, never read out. */
export async function matchWaves(db: Db, firstSurveyId: string, secondSurveyId: string): Promise<WaveLinks> {
  const [first, second] = await Promise.all([store.uniqueCodes(db, firstSurveyId), store.uniqueCodes(db, secondSurveyId)]);
  const later = new Map(second.map((row) => [row.code_hash, row.response_id]));
  const pairs = first.flatMap((row) => {
    const match = later.get(row.code_hash);
    return match ? [{ first: row.response_id, second: match }] : [];
  });
  return { linkedFirst: await store.linkedCount(db, firstSurveyId), linkedSecond: await store.linkedCount(db, secondSurveyId), pairs };
}
