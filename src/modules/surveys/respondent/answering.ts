import type { Answers } from '../conditions.ts';
import type { Page } from '../definition.ts';
import { recordLinkingCode, splitLinkingAnswers } from '../linking/service.ts';
import { readPageAnswers } from './answers.ts';
import { formStateFromAnswers, formStateFromBody } from './form-state.ts';
import { nextPageNumber, pageDependsOnAnswers, positionText, previousPageNumber, shownQuestions, visibility, type Visibility } from './navigation.ts';
import { notice } from './notices.ts';
import type { QuestionPageValues } from './page-views.ts';
import { formatResumeCode, formToken } from './response-key.ts';
import { savePageAnswers, type RespondentResponse } from './service.ts';
import type { VersionPages } from './survey-pages.ts';
import { renderView } from './templates.ts';
import { continueHref, isOpen, openResponse, pageHref, pageNumberOf, versionFromForm, type Outcome, type Visit } from './visit.ts';

/**
 * Question pages: shown from the compiled page, and saved in one statement when nothing about the
 * page depends on earlier answers (the common case). Anything unusual (errors, a page with
 * conditions, a response that cannot take the answers) goes the longer way, which reads the
 * response first and explains itself.
 */

function pageValues(visit: Visit, key: string, response: RespondentResponse, seen: Visibility, pageNumber: number): QuestionPageValues {
  const previous = previousPageNumber(seen, pageNumber);
  return {
    surveyTitle: response.survey.title,
    cspNonce: visit.cspNonce,
    key,
    formToken: formToken(key),
    position: positionText(seen, pageNumber),
    backHref: previous ? pageHref(key, previous) : `/s/${response.survey.code}`,
    resumeCode: formatResumeCode(response.resumeCode),
  };
}

export async function showQuestionPage(visit: Visit, key: string, pageParam: string): Promise<Outcome> {
  const opened = await openResponse(visit, key, 'view');
  if (!isOpen(opened)) return opened;
  const { response, version, seen } = opened;
  const pageNumber = pageNumberOf(pageParam, version);
  if (!pageNumber) return unknownPage(visit, response);
  // A page the conditions now skip sends the respondent on, as Continue would have.
  if (!seen.pages.includes(pageNumber)) return { redirect: pageHref(key, nextPageNumber(seen, pageNumber)) };
  const page = version.definition.pages[pageNumber - 1]!;
  const state = formStateFromAnswers(page.questions, response.answers);
  return { status: 200, html: visit.pages.questionPage(version, pageNumber, pageValues(visit, key, response, seen, pageNumber), state, seen) };
}

function unknownPage(visit: Visit, response: RespondentResponse): Outcome {
  return notice(404, response.survey.title, visit.cspNonce, 'Page not found', ['This survey has no page at that address. Use the links on the survey’s pages.']);
}

function afterSave(visit: Visit, key: string, version: VersionPages, pageNumber: number, saved: RespondentResponse, saveForLater: boolean): Outcome {
  visit.handoffs.give(key, saved);
  if (saveForLater) return { redirect: `/r/${key}/saved` };
  return { redirect: pageHref(key, nextPageNumber(visibility(version.definition, saved.answers), pageNumber)) };
}

/**
 * Stores a page's answers. A linking code's answers never reach the response: they are taken out
 * here and only their keyed hash is kept, beside the response (see surveys/linking).
 */
async function savePage(visit: Visit, key: string, version: VersionPages, page: Page, answers: Answers, pagesSaved: number): Promise<RespondentResponse | undefined> {
  const pageQuestionIds = page.questions.map((q) => q.id);
  const linking = splitLinkingAnswers(version.definition, pageQuestionIds, answers);
  const saved = await savePageAnswers(visit.database, key, { versionId: version.id, pageQuestionIds, answers: linking.answers, pagesSaved, now: visit.now });
  if (saved && linking.parts !== undefined) await recordLinkingCode(visit.database.db, saved, linking.parts);
  return saved;
}

/**
 * The one-statement save: the page's version comes from the form and is checked by the statement
 * itself (a wrong or stale one matches no row), as are the key, the response's status and the survey's dates.
 */
async function saveQuickly(visit: Visit, key: string, pageParam: string, body: Record<string, unknown>, saveForLater: boolean): Promise<Outcome | undefined> {
  const versionId = versionFromForm(body);
  const version = versionId && visit.pages.cachedVersion(versionId);
  if (!version) return undefined;
  const pageNumber = pageNumberOf(pageParam, version);
  const page = pageNumber && version.definition.pages[pageNumber - 1];
  if (!pageNumber || !page || pageDependsOnAnswers(page)) return undefined;
  const reading = readPageAnswers(page.questions, body, { requireAnswers: !saveForLater });
  if (!reading.ok) return undefined;
  const saved = await savePage(visit, key, version, page, reading.answers, saveForLater ? 0 : pageNumber);
  return saved && afterSave(visit, key, version, pageNumber, saved, saveForLater);
}

/** Saves a page's answers (committed before the reply), or shows the page again with its errors and stores nothing. */
export async function postQuestionPage(visit: Visit, key: string, pageParam: string, body: Record<string, unknown>): Promise<Outcome> {
  const saveForLater = body.action === 'save';
  const quick = await saveQuickly(visit, key, pageParam, body, saveForLater);
  if (quick) return quick;

  const opened = await openResponse(visit, key, 'post');
  if (!isOpen(opened)) return opened;
  const { response, version, seen } = opened;
  const pageNumber = pageNumberOf(pageParam, version);
  if (!pageNumber) return unknownPage(visit, response);
  if (!seen.pages.includes(pageNumber)) return { redirect: pageHref(key, nextPageNumber(seen, pageNumber)) };
  const page = version.definition.pages[pageNumber - 1]!;
  const questions = shownQuestions(page, seen);
  const reading = readPageAnswers(questions, body, { requireAnswers: !saveForLater });
  if (!reading.ok) {
    const values = pageValues(visit, key, response, seen, pageNumber);
    return { status: 400, html: visit.pages.questionPage(version, pageNumber, values, formStateFromBody(questions, body), seen, reading.errors) };
  }
  const saved = await savePage(visit, key, version, page, reading.answers, saveForLater ? 0 : pageNumber);
  if (saved) return afterSave(visit, key, version, pageNumber, saved, saveForLater);
  // The response changed state between reading and saving (completed in another tab, or the survey closed).
  const again = await openResponse(visit, key, 'post');
  return isOpen(again) ? { redirect: pageHref(key, pageNumber) } : again;
}

/** "Save and come back later": the resume code, prominently, and the two ways back. */
export async function showSavedPage(visit: Visit, key: string, publicUrl: string): Promise<Outcome> {
  const opened = await openResponse(visit, key, 'view');
  if (!isOpen(opened)) return opened;
  const { response, version } = opened;
  const continuePath = continueHref(key, version, response.pagesSaved, response.answers);
  const html = renderView('saved', {
    title: 'Your answers have been saved',
    surveyTitle: response.survey.title,
    cspNonce: visit.cspNonce,
    resumeCode: formatResumeCode(response.resumeCode),
    // Only a survey open to anyone has a public page to type the code into; invitees use their own link.
    resumeUrl: response.survey.access === 'open' ? `${publicUrl}/s/${response.survey.code}/resume` : undefined,
    continueUrl: `${publicUrl}${continuePath}`,
    continueHref: continuePath,
  });
  return { status: 200, html };
}
