import { unansweredRequired } from './answers.ts';
import { hasConditions, shownQuestions } from './navigation.ts';
import { unknownResponse } from './notices.ts';
import type { CheckPageValues } from './page-views.ts';
import { formToken } from './response-key.ts';
import { completeIfAnswered, completeResponse, type RespondentResponse } from './service.ts';
import { currentResponse, donePage, isOpen, openResponse, pageHref, versionFromForm, type OpenResponse, type Outcome, type Visit } from './visit.ts';

/** Check your answers, send them, and the thank-you page. */

function checkValues(visit: Visit, key: string, opened: OpenResponse): CheckPageValues {
  return {
    surveyTitle: opened.response.survey.title,
    cspNonce: visit.cspNonce,
    key,
    formToken: formToken(key),
    backHref: pageHref(key, opened.seen.pages.at(-1)),
  };
}

export async function showCheckPage(visit: Visit, key: string): Promise<Outcome> {
  const opened = await openResponse(visit, key, 'view');
  if (!isOpen(opened)) return opened;
  const { response, version, seen } = opened;
  return { status: 200, html: visit.pages.checkPage(version, seen, checkValues(visit, key, opened), response.answers) };
}

/** Pages with a required question shown but not answered, as error summary entries linking to each page. */
function missingAnswers(key: string, opened: OpenResponse) {
  const { version, seen, response } = opened;
  return seen.pages.flatMap((n) => {
    const page = version.definition.pages[n - 1]!;
    const missing = unansweredRequired(shownQuestions(page, seen), response.answers);
    return missing.length ? [{ text: `Answer the questions that need an answer on “${page.title}”`, href: pageHref(key, n) }] : [];
  });
}

/**
 * Completes the response: every required question shown must be answered, and answers to
 * questions no longer shown are dropped. A second press of the button finds it complete and goes
 * to the thank-you page; nothing is stored twice.
 */
export async function submitResponse(visit: Visit, key: string, body: Record<string, unknown>): Promise<Outcome> {
  const sent = (response: RespondentResponse): Outcome => {
    visit.handoffs.give(key, response);
    return { redirect: `/r/${key}/done` };
  };
  const quick = await submitQuickly(visit, key, body);
  if (quick) return sent(quick);
  // Another tab may save a page between the check and the update; the update then changes nothing and we look again.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const opened = await openResponse(visit, key, 'post');
    if (!isOpen(opened)) return opened;
    const missing = missingAnswers(key, opened);
    if (missing.length) {
      const html = visit.pages.checkPage(opened.version, opened.seen, checkValues(visit, key, opened), opened.response.answers, { list: missing, byField: {} });
      return { status: 400, html };
    }
    const completed = await completeResponse(visit.database, key, opened.response.answers, [...opened.seen.hidden], visit.now);
    if (completed) return sent(completed);
  }
  return { redirect: `/r/${key}/check` };
}

/**
 * The one-statement send, for a questionnaire without conditions: its version comes from the form
 * and is checked by the statement, which also checks every required question is answered. When it
 * does not apply or refuses, the longer way above reads the response and says what is missing.
 */
async function submitQuickly(visit: Visit, key: string, body: Record<string, unknown>): Promise<RespondentResponse | undefined> {
  const versionId = versionFromForm(body);
  const version = versionId && visit.pages.cachedVersion(versionId);
  if (!version || hasConditions(version.definition)) return undefined;
  const required = version.definition.pages.flatMap((p) => p.questions).filter((q) => q.required).map((q) => q.id);
  return completeIfAnswered(visit.database, key, version.id, required, visit.now);
}

export async function showDonePage(visit: Visit, key: string): Promise<Outcome> {
  const response = await currentResponse(visit, key, 'view');
  if (!response) return unknownResponse(visit.cspNonce);
  if (response.status !== 'complete') return { redirect: `/r/${key}/check` };
  const version = await visit.pages.version(visit.database.db, response.versionId);
  if (!version) return unknownResponse(visit.cspNonce);
  return donePage(visit, response, version);
}
