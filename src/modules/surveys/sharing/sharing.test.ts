import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import type { SurveyDefinitionInput } from '../definition.ts';
import { createTestSurvey, storeResponses, type StoredResponse } from '../exports/test-survey.ts';

const agree = { type: 'likert' as const, points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] };
const definition: SurveyDefinitionInput = {
  pages: [
    {
      id: 'p1',
      title: 'The change',
      questions: [
        { id: 'tc1', text: 'Staff here see a clear need for this change.', format: agree, source: { instrument: 'change-climate', item: 'tc1' } },
        { id: 'tc2', text: 'The way we worked before this change was good enough.', format: agree, source: { instrument: 'change-climate', item: 'tc2' } },
        { id: 'role', text: 'Your role', format: { type: 'single', options: [{ code: 'NUR', label: 'Nursing' }, { code: 'SW', label: 'Social work' }, { code: 'ADM', label: 'Administration' }] } },
        { id: 'heard', text: 'How did you hear?', format: { type: 'multiple', options: [{ code: 'email', label: 'By e-mail' }, { code: 'meeting', label: 'At a meeting' }] } },
        { id: 'comments', text: 'Anything else?', format: { type: 'text', multiline: true } },
      ],
    },
  ],
};

/** The text of one table on the page, tags removed, spaces collapsed. */
function tableText(html: string, id: string): string {
  const start = html.indexOf(`id="question-${id}"`);
  const end = html.indexOf('</table>', start);
  return html.slice(start, end).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe.each(backends)('shared statistics on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: TestBrowser;
  let researcher: TestBrowser;
  let leadToken: string;
  let surveyId: string;
  let shareId: string;
  const base = () => `/evaluations/sharing-test/surveys/${surveyId}`;
  const password = 'correct horse battery';

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const db = database.db;
    const leadUser = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(db, leadUser.id, { title: 'Sharing test', slug: 'sharing-test' });
    const rita = await addUser(database, 'Rita Researcher');
    await setMember(db, leadUser.id, evaluation.id, { email: rita.email, role: 'researcher' });
    leadToken = (await createApiToken(db, leadUser.id, 't')).token;
    lead = new TestBrowser(built.app);
    researcher = new TestBrowser(built.app);
    await lead.signIn(leadUser);
    await researcher.signIn(rita);
    const survey = await createTestSurvey(db, leadUser.id, evaluation.id, 'anonymous', definition);
    surveyId = survey.id;
    const responses: StoredResponse[] = Array.from({ length: 12 }, (_, i) => ({
      answers: {
        tc1: i < 6 ? 5 : 4,
        tc2: i < 6 ? 1 : 2,
        role: i < 4 ? 'SW' : 'NUR',
        heard: i < 3 ? ['email', 'meeting'] : ['email'],
        comments: i === 0 ? '<script>alert("x")</script>' : 'fine',
      },
    }));
    responses.push({ answers: { tc1: 1, role: 'ADM' }, purpose: 'pilot' }, { answers: { tc1: 1, role: 'ADM' }, status: 'partial' });
    await storeResponses(db, survey, responses);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('refuses a share without a long enough password or a whole-number threshold, naming each field', async () => {
    const form = `${base()}/sharing`;
    const response = await lead.post(form, { label: 'Funder', password: 'short', threshold: 'five' }, form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#password"');
    expect(response.body).toContain('The password must be at least 12 characters');
    expect(response.body).toContain('href="#threshold"');
    expect(response.body).toContain('This survey\'s statistics are not shared with anyone.');
  });

  it('lets only the lead share statistics', async () => {
    expect((await researcher.get(`${base()}/sharing`)).statusCode).toBe(403);
  });

  it('creates a share from the lead\'s page and gives its link', async () => {
    const form = `${base()}/sharing`;
    const response = await lead.post(form, { label: 'Funder: interim report', password, threshold: '5' }, form);
    expect(response.statusCode).toBe(303);
    const page = await lead.get(form);
    shareId = /id="share-([0-9a-f-]{36})"/.exec(page.body)![1]!;
    expect(page.body).toContain(`/shared/${shareId}`);
    expect(page.body).toContain('Funder: interim report');
  });

  it('asks a visitor for the password, and refuses and logs a wrong one', async () => {
    const visitor = new TestBrowser(built.app);
    const first = await visitor.get(`/shared/${shareId}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Enter the password');
    expect(first.body).not.toContain('Staff here see a clear need');
    const wrong = await visitor.post(`/shared/${shareId}`, { password: 'not the password' }, `/shared/${shareId}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The password is not correct');
    expect((await visitor.get(`/shared/${shareId}`)).body).toContain('Enter the password');
    const log = await api(built.app, leadToken, 'GET', `/api/v1/evaluations/sharing-test/surveys/${surveyId}/statistics-shares/${shareId}/accesses`);
    expect((log.body as { accesses: { outcome: string }[] }).accesses.map((a) => a.outcome)).toEqual(['wrong_password']);
  });

  it('shows frequencies and scale means to a visitor with the password, suppressing small groups', async () => {
    const visitor = new TestBrowser(built.app);
    const right = await visitor.post(`/shared/${shareId}`, { password }, `/shared/${shareId}`);
    expect(right.statusCode).toBe(303);
    const passCookie = right.cookies.find((c) => c.name === 'formative_shared')!;
    expect(passCookie.path).toBe(`/shared/${shareId}`);
    expect(passCookie.httpOnly).toBe(true);
    const page = await visitor.get(`/shared/${shareId}`);
    expect(page.statusCode).toBe(200);
    // Only the 12 complete main responses: the pilot's and the partial response's "Administration" are not counted.
    expect(page.body).toContain('12 complete responses to the main survey');
    expect(tableText(page.body, 'tc1')).toContain('Agree 6 50.0%');
    expect(tableText(page.body, 'tc1')).toContain('Strongly agree 6 50.0%');
    // 4 in social work is under 5, and nursing is suppressed with it so it cannot be worked out from 12.
    expect(tableText(page.body, 'role')).toContain('Social work suppressed suppressed');
    expect(tableText(page.body, 'role')).toContain('Nursing suppressed suppressed');
    expect(tableText(page.body, 'role')).toContain('Administration 0 0.0%');
    expect(tableText(page.body, 'heard')).toContain('By e-mail 12 100.0%');
    expect(tableText(page.body, 'heard')).toContain('At a meeting suppressed');
    // Tension for change = mean of tc1 and reversed tc2: 5 for six people, 4 for six.
    expect(page.body).toMatch(/Tension for change[\s\S]*?12<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">4\.50/);
    expect(page.body).toContain('Free-text answers are not shown on this page (1 free-text question)');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('alert(&quot;x&quot;)');
    expect(page.body).not.toContain('Anything else?');
    const list = await api(built.app, leadToken, 'GET', `/api/v1/evaluations/sharing-test/surveys/${surveyId}/statistics-shares`);
    expect((list.body as { shares: { granted: number; refused: number }[] }).shares[0]).toMatchObject({ granted: 2, refused: 1 });
  });

  it('refuses a forged or expired pass', async () => {
    const forged = await built.app.inject({ method: 'GET', url: `/shared/${shareId}`, headers: { cookie: `formative_shared=${Date.now() + 600_000}.${'A'.repeat(43)}` } });
    expect(forged.body).toContain('Enter the password');
  });

  it('stops a revoked share at once, even for a visitor who had the password', async () => {
    const visitor = new TestBrowser(built.app);
    await visitor.post(`/shared/${shareId}`, { password }, `/shared/${shareId}`);
    const revoke = await lead.post(`${base()}/sharing/${shareId}/revoke`, {}, `${base()}/sharing`);
    expect(revoke.statusCode).toBe(303);
    const page = await visitor.get(`/shared/${shareId}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This page is no longer shared');
    expect(page.body).not.toContain('Tension for change');
    expect((await visitor.post(`/shared/${shareId}`, { password }, '/sign-in')).statusCode).toBe(410);
    expect((await lead.get(`${base()}/sharing`)).body).toContain('Refused: link revoked');
  });

  it('answers an unknown share with not found', async () => {
    expect((await new TestBrowser(built.app).get('/shared/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await new TestBrowser(built.app).get('/shared/not-a-share')).statusCode).toBe(404);
  });
});
