import { request } from 'undici';
import type { Database } from '../../src/db/database.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createSurvey, setStatus } from '../../src/modules/surveys/service.ts';

/**
 * Simulated respondents for fault tests: each walks a survey page by page and remembers only what
 * the server acknowledged (a redirect after a page was sent). A request cut off by a crash is not
 * acknowledged; the respondent sends that page again after the restart, as a person pressing
 * Continue again would.
 */

export interface SurveyShape {
  code: string;
  /** Question ids of each page, in order; every question is a five-point Likert item. */
  pages: string[][];
}

export interface RespondentState {
  /** The response's key, once the start was acknowledged. */
  key?: string;
  /** Answers of every page whose save was acknowledged, by question id. */
  acknowledged: Record<string, string>;
  /** The number of pages acknowledged so far. */
  pagesDone: number;
  completed: boolean;
}

const fieldValue = (html: string, name: string): string => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`The page has no ${name} field`);
  return match[1]!;
};

async function call(origin: string, method: 'GET' | 'POST', path: string, form?: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await request(`${origin}${path}`, { method, headers, ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
  const body = await response.body.text();
  return { status: response.statusCode, body, location: String(response.headers.location ?? ''), setCookie: response.headers['set-cookie'] };
}

function expectStatus(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new Error(`${what} answered ${actual}, expected ${expected}`);
}

/** Answers for one page: the same every time for the same respondent, so a resent page stores the same. */
function answersFor(seed: number, questionIds: string[]): Record<string, string> {
  return Object.fromEntries(questionIds.map((id, i) => [id, String(1 + ((seed * 7 + i * 3) % 5))]));
}

/**
 * Takes the respondent one step further: start, send the next page, or send the whole response.
 * Throws when the server cannot be reached (it was killed); the state then holds what was acknowledged.
 */
export async function step(origin: string, survey: SurveyShape, seed: number, state: RespondentState): Promise<void> {
  if (state.completed) return;
  if (!state.key) {
    const start = await call(origin, 'GET', `/s/${survey.code}`);
    expectStatus(start.status, 200, 'the start page');
    const cookie = [start.setCookie ?? []].flat().map((c) => c.split(';')[0]).join('; ');
    const started = await call(origin, 'POST', `/s/${survey.code}/start`, { _csrf: fieldValue(start.body, '_csrf') }, cookie);
    expectStatus(started.status, 303, 'starting');
    state.key = /^\/r\/([^/]+)\//.exec(started.location)![1];
    return;
  }
  if (state.pagesDone < survey.pages.length) {
    const number = state.pagesDone + 1;
    const page = await call(origin, 'GET', `/r/${state.key}/${number}`);
    expectStatus(page.status, 200, `page ${number}`);
    const answers = answersFor(seed, survey.pages[number - 1]!);
    const form = { _csrf: fieldValue(page.body, '_csrf'), _version: fieldValue(page.body, '_version'), action: 'continue', ...answers };
    const sent = await call(origin, 'POST', `/r/${state.key}/${number}`, form);
    expectStatus(sent.status, 303, `sending page ${number}`);
    Object.assign(state.acknowledged, answers);
    state.pagesDone = number;
    return;
  }
  const check = await call(origin, 'GET', `/r/${state.key}/check`);
  expectStatus(check.status, 200, 'check your answers');
  if (!check.body.includes('name="_csrf"')) {
    // Sent before a crash and acknowledged to nobody: the page shows the thanks, not the form.
    state.completed = true;
    return;
  }
  const sent = await call(origin, 'POST', `/r/${state.key}/submit`, { _csrf: fieldValue(check.body, '_csrf') });
  expectStatus(sent.status, 303, 'sending the response');
  state.completed = true;
}

const pages = [1, 2, 3].map((p) => [1, 2, 3, 4].map((i) => `p${p}i${i}`));
const labels = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];

/** An open, anonymous survey of three pages of four required Likert items, in a new evaluation. */
export async function openTestSurvey(database: Database): Promise<SurveyShape> {
  const user = await createUser(database.db, { email: `respondents-${Date.now()}@example.org`, name: 'Survey Owner', password: 'a long test password' });
  const evaluation = await createEvaluation(database.db, user.id, { title: 'Evaluation with a test survey' });
  const definition = {
    welcome: 'A survey answered by simulated respondents.',
    privacyNotice: '',
    thankYou: 'Thank you.',
    pages: pages.map((ids, p) => ({
      id: `g${p + 1}`,
      title: `Page ${p + 1}`,
      intro: '',
      questions: ids.map((id) => ({ id, text: `Statement ${id}`, required: true, format: { type: 'likert' as const, points: 5, labels } })),
    })),
  };
  const survey = await createSurvey(database.db, user.id, evaluation.id, { title: 'Test survey', purpose: 'main', anonymity: 'anonymous' }, definition);
  await setStatus(database.db, user.id, evaluation.id, survey.id, 'open');
  return { code: survey.publicCode, pages };
}
