import type { Database } from '../../../db/database.ts';
import type { Answers } from '../conditions.ts';
import { visibility, type Visibility } from './navigation.ts';
import { closedNotice, unknownResponse, type Reply } from './notices.ts';
import { closure, findResponse, type RespondentResponse } from './service.ts';
import type { RequestHandoffs } from './handoffs.ts';
import type { SurveyPages, VersionPages } from './survey-pages.ts';

/** What one respondent request works with: the database, the compiled pages, the time and the page's CSP nonce. */
export interface Visit {
  database: Database;
  pages: SurveyPages;
  handoffs: RequestHandoffs;
  now: Date;
  cspNonce: string;
}

export type Outcome = Reply | { redirect: string };

export interface OpenResponse {
  response: RespondentResponse;
  version: VersionPages;
  seen: Visibility;
}

export const pageHref = (key: string, pageNumber: number | undefined) => `/r/${key}/${pageNumber ?? 'check'}`;

/** Where a respondent carries on: the first shown page after the last one saved, else the check page. */
export function continueHref(key: string, version: VersionPages, pagesSaved: number, answers: Answers): string {
  return pageHref(key, visibility(version.definition, answers).pages.find((n) => n > pagesSaved));
}

export function donePage(visit: Visit, response: RespondentResponse, version: VersionPages): Reply {
  return { status: 200, html: visit.pages.donePage(version, { surveyTitle: response.survey.title, cspNonce: visit.cspNonce }) };
}

/**
 * The response a key opens: for showing a page, as the write that sent the respondent here left it
 * if there is a hand-off, else from the database; for a post, always from the database.
 */
export async function currentResponse(visit: Visit, key: string, after: 'view' | 'post'): Promise<RespondentResponse | undefined> {
  return (after === 'view' ? visit.handoffs.take(key) : undefined) ?? (await findResponse(visit.database, key));
}

/**
 * The response a key opens, if it may be answered now. A completed response shows its thank-you
 * page (or, after a post, sends there), never its questions; a closed survey says so, and after a
 * post says the page was not saved.
 */
export async function openResponse(visit: Visit, key: string, after: 'view' | 'post'): Promise<OpenResponse | Outcome> {
  const response = await currentResponse(visit, key, after);
  if (!response) return unknownResponse(visit.cspNonce);
  const version = await visit.pages.version(visit.database.db, response.versionId);
  if (!version) return unknownResponse(visit.cspNonce);
  if (response.status === 'complete') return after === 'post' ? { redirect: `/r/${key}/done` } : donePage(visit, response, version);
  const reason = closure(response.survey, visit.now);
  if (reason) return closedNotice(reason, response.survey, visit.now, visit.cspNonce, after === 'post');
  return { response, version, seen: visibility(version.definition, response.answers) };
}

export function isOpen(value: OpenResponse | Outcome): value is OpenResponse {
  return 'response' in value;
}

const versionIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The questionnaire version a posted form says it came from. Only a hint for the one-statement
 * saves: those statements match it against the response, so a wrong one just takes the longer way.
 */
export function versionFromForm(body: Record<string, unknown>): string | undefined {
  return typeof body._version === 'string' && versionIdPattern.test(body._version) ? body._version : undefined;
}

/** A page number from an address: 1 to the number of pages, else undefined. */
export function pageNumberOf(param: string, version: VersionPages): number | undefined {
  if (!/^[1-9]\d{0,3}$/.test(param)) return undefined;
  const n = Number(param);
  return n <= version.definition.pages.length ? n : undefined;
}
