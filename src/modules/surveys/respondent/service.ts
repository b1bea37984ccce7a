import type { Database } from '../../../db/database.ts';
import type { Answers } from '../conditions.ts';
import { availability, type SurveyStatus } from '../service.ts';
import { isResponseKey, keyDigest, newResponseKey, normaliseResumeCode, resumeCodeOf, resumeDigest, type ResponseKey } from './response-key.ts';
import * as store from './store.ts';

/**
 * The rules of a response's life: started on an open survey, answered page by page, completed
 * once, resumed by its code. Respondents are never signed in; they are known only by their key.
 */

export interface SurveyDates {
  status: SurveyStatus;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** Why a respondent cannot answer now, or undefined when they can. */
export type Closure = 'draft' | 'not-yet-open' | 'closed';

export function closure(survey: SurveyDates, now: Date): Closure | undefined {
  const state = availability(survey, now);
  return state.open ? undefined : state.reason;
}

export interface SurveyToStart extends SurveyDates {
  id: string;
  evaluationId: string;
  title: string;
  code: string;
  access: 'open' | 'personal';
  versionId: string;
  welcome: string;
  privacyNotice: string;
}

export async function findSurveyToStart(database: Database, code: string): Promise<SurveyToStart | undefined> {
  const normalised = code.toLowerCase();
  if (!/^[a-z0-9]{1,40}$/.test(normalised)) return undefined;
  const row = await store.findSurveyForStart(database, normalised);
  if (!row) return undefined;
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    title: row.title,
    code: normalised,
    status: row.status as SurveyStatus,
    access: row.access as SurveyToStart['access'],
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    versionId: row.version_id,
    welcome: row.welcome ?? '',
    privacyNotice: row.privacy_notice ?? '',
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function withFreshKey<T>(insert: (fresh: ResponseKey) => Promise<T>, given?: ResponseKey): Promise<T> {
  // A key derived from a personal link is used as it is: a clash means the response exists already.
  if (given) return insert(given);
  // Resume codes are short enough that two could, very rarely, collide: draw again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await insert(newResponseKey());
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export interface RespondentResponse {
  id: string;
  surveyId: string;
  versionId: string;
  status: 'partial' | 'complete';
  pagesSaved: number;
  answers: Answers;
  resumeCode: string;
  survey: SurveyDates & { title: string; code: string; anonymity: string; access: 'open' | 'personal' };
}

/** A response with the key that opens it. */
export interface KeyedResponse {
  key: string;
  response: RespondentResponse;
}

function toResponse(row: store.ResponseRow, key: string): RespondentResponse {
  return {
    id: row.id,
    surveyId: row.survey_id,
    versionId: row.version_id,
    status: row.status as RespondentResponse['status'],
    pagesSaved: row.pages_saved,
    answers: row.answers,
    resumeCode: resumeCodeOf(key),
    survey: {
      title: row.title,
      code: row.public_code,
      anonymity: row.anonymity,
      access: row.access as 'open' | 'personal',
      status: row.survey_status as SurveyStatus,
      opensAt: row.opens_at,
      closesAt: row.closes_at,
    },
  };
}

/**
 * Starts a response on the survey's current version; undefined when the survey is not open at `now`.
 * The purpose (pre-test, pilot, main) is copied from the survey so analysis can leave pre-tests out;
 * in an anonymous survey no start time is kept. `participantId` is for personal invitations in
 * surveys that link responses to participants; `key` is a key derived from a personal link (see
 * fieldwork/invitations/personal-link.ts), so the same link finds the same response again.
 */
export async function startResponse(
  database: Database,
  survey: { id: string; publicCode: string },
  now: Date,
  participantId: string | null = null,
  key?: ResponseKey,
): Promise<KeyedResponse | undefined> {
  return withFreshKey(async (fresh) => {
    const row = await store.insertResponse(database, {
      surveyId: survey.id,
      keyHash: keyDigest(fresh.key),
      resumeHash: resumeDigest(survey.publicCode, fresh.resumeCode),
      participantId,
      now,
    });
    return row && { key: fresh.key, response: toResponse(row, fresh.key) };
  }, key);
}

/**
 * Starts a response from the survey's public link in one statement, which also checks the survey
 * is open to anyone and, where it has a privacy notice, that the respondent agreed. Undefined
 * when any of that fails; the caller then works out which, to say so.
 */
export async function startFromPublicLink(database: Database, code: string, consented: boolean, now: Date): Promise<KeyedResponse | undefined> {
  return withFreshKey(async (fresh) => {
    const row = await store.insertResponseByCode(database, {
      code,
      keyHash: keyDigest(fresh.key),
      resumeHash: resumeDigest(code, fresh.resumeCode),
      consented,
      now,
    });
    return row && { key: fresh.key, response: toResponse(row, fresh.key) };
  });
}

export async function findResponse(database: Database, key: string): Promise<RespondentResponse | undefined> {
  if (!isResponseKey(key)) return undefined;
  const row = await store.findResponseByKey(database, keyDigest(key));
  return row && toResponse(row, key);
}

export interface PageSave {
  versionId: string;
  /** Every question on the page: their old answers go, so a cleared or now hidden answer does not linger. */
  pageQuestionIds: readonly string[];
  answers: Answers;
  /** The page number to record as saved; 0 when saving for later, which does not move the respondent on. */
  pagesSaved: number;
  now: Date;
}

/** Commits one page's answers before the reply; the response as saved, or undefined if it cannot take them. */
export async function savePageAnswers(database: Database, key: string, save: PageSave): Promise<RespondentResponse | undefined> {
  const row = await store.saveAnswers(database, {
    keyHash: keyDigest(key),
    versionId: save.versionId,
    remove: save.pageQuestionIds,
    answers: save.answers,
    pagesSaved: save.pagesSaved,
    now: save.now,
  });
  return row && toResponse(row, key);
}

/** Completes the response if its answers are still `checked`; undefined when something changed or it cannot. */
export async function completeResponse(
  database: Database,
  key: string,
  checked: Answers,
  hiddenQuestionIds: readonly string[],
  now: Date,
): Promise<RespondentResponse | undefined> {
  const row = await store.completeResponse(database, { keyHash: keyDigest(key), checked, remove: hiddenQuestionIds, now });
  return row && toResponse(row, key);
}

/** Completes the response in one statement if every question listed is answered; undefined when not (or when it cannot). */
export async function completeIfAnswered(
  database: Database,
  key: string,
  versionId: string,
  requiredIds: readonly string[],
  now: Date,
): Promise<RespondentResponse | undefined> {
  const row = await store.completeWhenAnswered(database, { keyHash: keyDigest(key), versionId, required: requiredIds, now });
  return row && toResponse(row, key);
}

/** A new key for the response with this resume code, or undefined when the code is not one of this survey's. */
export async function resumeByCode(database: Database, survey: { id: string; code: string }, typed: string): Promise<KeyedResponse | undefined> {
  const code = normaliseResumeCode(typed);
  if (!code) return undefined;
  const { key } = newResponseKey(code);
  const row = await store.replaceKeyByResumeCode(database, { surveyId: survey.id, resumeHash: resumeDigest(survey.code, code), keyHash: keyDigest(key) });
  return row && { key, response: toResponse(row, key) };
}

/**
 * A new key and resume code for a response, for a personal link that reopens a participant's own
 * response; `key` gives the key to use (one derived from the link) instead of a new random one.
 */
export async function reopenResponse(database: Database, survey: { id: string; publicCode: string }, responseId: string, key?: ResponseKey): Promise<{ key: string } | undefined> {
  const fresh = key ?? newResponseKey();
  const done = await store.replaceKeyById(database, {
    surveyId: survey.id,
    responseId,
    keyHash: keyDigest(fresh.key),
    resumeHash: resumeDigest(survey.publicCode, fresh.resumeCode),
  });
  return done ? { key: fresh.key } : undefined;
}
