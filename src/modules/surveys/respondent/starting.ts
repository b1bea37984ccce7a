import type { FormErrors } from '../../../http/forms.ts';
import { visibility } from './navigation.ts';
import { closedNotice, invitationOnly, unknownSurvey, type Reply } from './notices.ts';
import { summaryOf } from './page-views.ts';
import { closure, findSurveyToStart, resumeByCode, startFromPublicLink, type SurveyToStart } from './service.ts';
import type { PageBody } from './survey-pages.ts';
import { renderView } from './templates.ts';
import { continueHref, pageHref, type Outcome, type Visit } from './visit.ts';

/**
 * The survey's public link: its start page, starting a response, and coming back with a resume
 * code. These forms carry the team's usual cookie-based CSRF token (there is no response key yet).
 */

/** `isTeamMember` says whether the person asking may preview a draft. */
export interface StartRequest {
  csrfToken: string;
  isTeamMember?: (evaluationId: string) => Promise<boolean>;
}

type Found = { survey: SurveyToStart; previewing: boolean } | { refused: Reply };

/** The survey behind a public code, unless respondents cannot use it now; `preview` lets the team see a draft. */
async function surveyAt(visit: Visit, code: string, request: StartRequest, preview: boolean): Promise<Found> {
  const survey = await findSurveyToStart(visit.database, code);
  if (!survey) return { refused: unknownSurvey(visit.cspNonce) };
  if (survey.access === 'personal') return { refused: invitationOnly(survey.title, visit.cspNonce) };
  const reason = closure(survey, visit.now);
  if (reason === 'draft' && preview && (await request.isTeamMember?.(survey.evaluationId))) return { survey, previewing: true };
  if (reason) return { refused: closedNotice(reason, survey, visit.now, visit.cspNonce) };
  return { survey, previewing: false };
}

function startPage(visit: Visit, survey: SurveyToStart, csrfToken: string, options: { preview?: boolean; errors?: FormErrors } = {}): PageBody {
  return visit.pages.startPage(survey.versionId, survey, survey.code, { surveyTitle: survey.title, cspNonce: visit.cspNonce, csrfToken }, options);
}

export async function showStartPage(visit: Visit, code: string, request: StartRequest): Promise<Outcome> {
  const found = await surveyAt(visit, code, request, true);
  if ('refused' in found) return found.refused;
  return { status: 200, html: startPage(visit, found.survey, request.csrfToken, { preview: found.previewing }) };
}

/**
 * Creates the response and sends the respondent to the first page; with a privacy notice, consent
 * comes first. The usual case is one statement; only when it refuses do we look at the survey to say why.
 */
export async function startSurvey(visit: Visit, code: string, body: Record<string, unknown>, request: StartRequest): Promise<Outcome> {
  const consented = [body.consent].flat().includes('yes');
  const normalised = code.toLowerCase();
  const started = /^[a-z0-9]{1,40}$/.test(normalised) ? await startFromPublicLink(visit.database, normalised, consented, visit.now) : undefined;
  if (started) {
    visit.handoffs.give(started.key, started.response);
    const version = await visit.pages.version(visit.database.db, started.response.versionId);
    return { redirect: pageHref(started.key, version && visibility(version.definition, {}).pages[0]) };
  }
  const found = await surveyAt(visit, code, request, false);
  if ('refused' in found) return found.refused;
  // Open, and the respondent agreed: the survey changed in between. Show its start page again.
  if (consented || !found.survey.privacyNotice.trim()) return { redirect: `/s/${found.survey.code}` };
  const errors = summaryOf([{ field: 'consent', message: 'Confirm you have read the privacy notice and agree to take part' }]);
  return { status: 400, html: startPage(visit, found.survey, request.csrfToken, { errors }) };
}

function resumePage(visit: Visit, survey: SurveyToStart, csrfToken: string, typed = '', errors?: FormErrors): Reply {
  const html = renderView('resume', {
    title: 'Continue a survey you started',
    surveyTitle: survey.title,
    cspNonce: visit.cspNonce,
    csrfToken,
    code: survey.code,
    values: { resumeCode: typed },
    errors,
  });
  return { status: errors ? 400 : 200, html };
}

export async function showResumePage(visit: Visit, code: string, request: StartRequest): Promise<Outcome> {
  const found = await surveyAt(visit, code, request, false);
  if ('refused' in found) return found.refused;
  return resumePage(visit, found.survey, request.csrfToken);
}

/** A right code gives the response a new key and carries on where the respondent stopped. */
export async function resumeSurvey(visit: Visit, code: string, body: Record<string, unknown>, request: StartRequest): Promise<Outcome> {
  const found = await surveyAt(visit, code, request, false);
  if ('refused' in found) return found.refused;
  const typed = typeof body.resumeCode === 'string' ? body.resumeCode.slice(0, 100) : '';
  const fail = (message: string) => resumePage(visit, found.survey, request.csrfToken, typed, summaryOf([{ field: 'resumeCode', message }]));
  if (!typed.trim()) return fail('Enter your resume code');
  const resumed = await resumeByCode(visit.database, found.survey, typed);
  if (!resumed) return fail('That resume code is not right. Check it and try again: it is 10 letters and numbers, like ABCD-EFGH-JK');
  const { key, response } = resumed;
  visit.handoffs.give(key, response);
  if (response.status === 'complete') return { redirect: `/r/${key}/done` };
  const version = await visit.pages.version(visit.database.db, response.versionId);
  if (!version) return fail('That resume code is not right. Check it and try again');
  return { redirect: continueHref(key, version, response.pagesSaved, response.answers) };
}
