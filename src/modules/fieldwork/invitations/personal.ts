import type { Database } from '../../../db/database.ts';
import { availability, getSurvey, type Survey, type SurveyVersion } from '../../surveys/service.ts';
import { findResponse, reopenResponse, startResponse } from '../../surveys/respondent/service.ts';
import { recordCompletion } from './completions.ts';
import { isParticipantToken, responseKeyForToken, tokenDigest } from './personal-link.ts';
import * as store from './store.ts';

/**
 * What opening a personal link (/p/TOKEN) leads to. The response it opens has a key derived from
 * the token: in an anonymous survey nothing stored leads from the participant to the response or
 * back, and the link still finds the same response every time.
 */

type ParticipantRow = NonNullable<Awaited<ReturnType<typeof store.findByTokenHash>>>;

export type PersonalState =
  | { kind: 'unknown' }
  | { kind: 'unavailable'; reason: 'draft' | 'not-yet-open' | 'closed'; survey: Survey }
  | { kind: 'opted-out'; survey: Survey }
  | { kind: 'start'; survey: Survey & { version: SurveyVersion } }
  | { kind: 'go'; href: string; key: string };

/** The day, as stored in completed_on and opted_out_on: no finer. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function linksResponses(survey: Pick<Survey, 'anonymity'>): boolean {
  return survey.anonymity !== 'anonymous';
}

async function participantFor(database: Database, token: string): Promise<ParticipantRow | undefined> {
  return isParticipantToken(token) ? store.findByTokenHash(database.db, tokenDigest(token)) : undefined;
}

/** Where a response stands: its thank-you page, or the first page not yet saved. */
function hrefFor(key: string, status: string, pagesSaved: number, pageCount: number): string {
  if (status === 'complete') return `/r/${key}/done`;
  return `/r/${key}/${pagesSaved < pageCount ? pagesSaved + 1 : 'check'}`;
}

export async function openPersonalLink(database: Database, token: string, now: Date): Promise<PersonalState> {
  const participant = await participantFor(database, token);
  if (!participant) return { kind: 'unknown' };
  const survey = await getSurvey(database.db, participant.evaluation_id, participant.survey_id);
  const { key, resumeCode } = responseKeyForToken(token);
  let response = await findResponse(database, key);
  // A linked survey's response found by its stored link (say, its key changed by a resume code) gets the link's key back.
  if (!response && linksResponses(survey) && participant.response_id) {
    if (await reopenResponse(database, survey, participant.response_id, { key, resumeCode })) response = await findResponse(database, key);
  }
  if (response?.status === 'complete') {
    // The cookie that marks completion may have been lost; the next visit does it.
    await recordCompletion(database.db, participant, survey.anonymity, dayOf(now));
    return { kind: 'go', key, href: `/r/${key}/done` };
  }
  const state = availability(survey, now);
  if (!state.open) return { kind: 'unavailable', reason: state.reason, survey };
  if (participant.opted_out_on) return { kind: 'opted-out', survey };
  if (response) return { kind: 'go', key, href: hrefFor(key, response.status, response.pagesSaved, survey.version.definition.pages.length) };
  return { kind: 'start', survey };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * Starts the participant's response (after the start page, with consent where there is a privacy
 * notice). A second press finds the response the first made.
 */
export async function startPersonalResponse(database: Database, token: string, now: Date): Promise<PersonalState> {
  const opened = await openPersonalLink(database, token, now);
  if (opened.kind !== 'start') return opened;
  const participant = (await participantFor(database, token))!;
  const survey = opened.survey;
  const derived = responseKeyForToken(token);
  const linked = linksResponses(survey);
  try {
    const started = await startResponse(database, survey, now, linked ? participant.id : null, derived);
    if (!started) return openPersonalLink(database, token, now);
    if (linked) await store.setResponse(database.db, participant.id, started.response.id);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return { kind: 'go', key: derived.key, href: `/r/${derived.key}/1` };
}

/** Records completion for the participant whose token the respondent's cookie carried, if it is this response's. */
export async function completedThroughLink(database: Database, token: unknown, key: string, now: Date): Promise<void> {
  if (typeof token !== 'string' || !isParticipantToken(token) || responseKeyForToken(token).key !== key) return;
  const participant = await participantFor(database, token);
  if (!participant) return;
  const survey = await getSurvey(database.db, participant.evaluation_id, participant.survey_id);
  await recordCompletion(database.db, participant, survey.anonymity, dayOf(now));
}

export async function setOptOut(database: Database, token: string, optedOut: boolean, now: Date): Promise<{ survey: Survey } | undefined> {
  const participant = await participantFor(database, token);
  if (!participant) return undefined;
  const survey = await getSurvey(database.db, participant.evaluation_id, participant.survey_id);
  await store.setOptedOut(database.db, participant.id, optedOut ? dayOf(now) : null);
  return { survey };
}

export async function surveyOfLink(database: Database, token: string): Promise<{ survey: Survey; optedOut: boolean } | undefined> {
  const participant = await participantFor(database, token);
  if (!participant) return undefined;
  return { survey: await getSurvey(database.db, participant.evaluation_id, participant.survey_id), optedOut: participant.opted_out_on !== null };
}
