import type { Closure, SurveyDates } from './service.ts';
import type { PageBody } from './survey-pages.ts';
import { renderView } from './templates.ts';

/**
 * Plain pages for a respondent who cannot go on, each with the status that says why: 404 for a
 * survey or link that does not exist (a draft survey does not exist yet for respondents), 403 for
 * one not open yet or by invitation only, 410 for one that has closed.
 */

export interface Reply {
  status: number;
  html: PageBody;
}

function longDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function notice(status: number, surveyTitle: string, cspNonce: string, title: string, paragraphs: string[]): Reply {
  return { status, html: renderView('notice', { surveyTitle, cspNonce, title, paragraphs }) };
}

/** The page for a survey that is not taking answers; `lost` adds that the page just sent was not saved. */
export function closedNotice(reason: Closure, survey: SurveyDates & { title: string }, now: Date, cspNonce: string, lost = false): Reply {
  const unsaved = lost ? ['The answers on the page you sent have not been saved.'] : [];
  if (reason === 'not-yet-open') {
    const opens = survey.opensAt ? `This survey opens on ${longDate(survey.opensAt)}.` : 'This survey is not open yet.';
    return notice(403, survey.title, cspNonce, 'This survey is not open yet', [opens, ...unsaved, 'Come back when it has opened.']);
  }
  if (reason === 'closed') {
    const closedOn = survey.closesAt && survey.closesAt <= now ? `This survey closed on ${longDate(survey.closesAt)}.` : 'This survey has closed.';
    return notice(410, survey.title, cspNonce, 'This survey has closed', [closedOn, ...unsaved, 'It is no longer taking answers.']);
  }
  return notice(404, survey.title, cspNonce, 'This survey is not available', [...unsaved, 'Check the link you were given. If it is right, the survey may not have started yet.']);
}

export const unknownSurvey = (cspNonce: string) =>
  notice(404, 'Survey', cspNonce, 'Survey not found', ['Check the link you were given: the web address may be incomplete or mistyped.']);

export const unknownResponse = (cspNonce: string) =>
  notice(404, 'Survey', cspNonce, 'This link does not work', [
    'Check you copied the whole link. If you saved your answers with a resume code, go back to the survey’s first page and choose “Continue a survey you started”.',
    'If you used your resume code since you got this link, use the newer link: each time you resume, the old link stops working.',
  ]);

export const invitationOnly = (title: string, cspNonce: string) =>
  notice(403, title, cspNonce, 'This survey is by invitation only', ['Use the personal link in the message that invited you to take part.']);

export const formExpired = (title: string, cspNonce: string) =>
  notice(403, title, cspNonce, 'This form could not be sent', ['Nothing was saved. Go back, reload the page and try again.']);
