import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { backends } from '../../../../test/databases.ts';
import { addUser, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { startResponse } from './service.ts';
import { surveyFixture } from './test-fixtures.ts';

/** A respondent's browser: keeps the cookie the start page sets, and posts page forms as they are. */
class Respondent {
  readonly browser: TestBrowser;
  constructor(private readonly app: FastifyInstance) {
    this.browser = new TestBrowser(app);
  }

  get(url: string) {
    return this.browser.get(url);
  }

  /** Starts the survey, agreeing to the privacy notice; returns the first page's address. */
  async start(code: string): Promise<string> {
    const response = await this.browser.post(`/s/${code}/start`, { consent: 'yes' }, `/s/${code}`);
    expect(response.statusCode).toBe(303);
    return String(response.headers.location);
  }

  /** Opens a page and sends its form with these fields (repeat a name for several boxes), as a browser would. */
  async answer(url: string, fields: [string, string][], action: 'continue' | 'save' = 'continue'): Promise<LightMyRequestResponse> {
    const page = await this.get(url);
    expect(page.statusCode).toBe(200);
    const hidden = [...page.body.matchAll(/<input type="hidden" name="(_csrf|_version)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
    const action_ = /action="([^"]+)"/.exec(page.body.slice(page.body.indexOf('<form')))?.[1] ?? url;
    return this.post(action_, [...hidden, ...fields, ['action', action]]);
  }

  post(url: string, fields: [string, string][]): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.browser.cookieHeader() },
    });
  }
}

const keyOf = (url: string) => url.split('/')[2]!;
const firstPageAnswers: [string, string][] = [['role', 'lead'], ['clear', '4'], ['manager', '1']];

describe.each(backends)('respondent journey on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let now = new Date('2030-03-10T09:00:00Z');
  let actorId: string;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database, () => now);
    actorId = (await addUser(database, 'Lead')).id;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const responsesOf = (surveyId: string) => database.db.selectFrom('responses').selectAll().where('survey_id', '=', surveyId).execute();

  it('walks a respondent from the start page to the thank-you page, with an error, a save and a resume on the way', async () => {
    const { survey } = await surveyFixture(database, actorId);
    const code = survey.publicCode;
    const you = new Respondent(built.app);

    const startPage = await you.get(`/s/${code}`);
    expect(startPage.statusCode).toBe(200);
    expect(startPage.body).toContain('<h1 class="govuk-heading-xl">Staff survey &lt;2024&gt;</h1>');
    expect(startPage.body).toContain('Welcome to the &lt;b&gt;staff survey&lt;/b&gt;.');
    expect(startPage.body).toContain('I have read the privacy notice and agree to take part');
    expect(startPage.body).toContain(`href="/s/${code}/resume"`);

    const noConsent = await you.browser.post(`/s/${code}/start`, {}, `/s/${code}`);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('<title>Error: Start');
    expect(noConsent.body).toContain('href="#consent"');
    expect(await responsesOf(survey.id)).toHaveLength(0);

    const first = await you.start(code);
    expect(first).toMatch(/^\/r\/[A-Za-z0-9_-]{53}\/1$/);
    const key = keyOf(first);
    const page1 = await you.get(first);
    expect(page1.body).toContain('Page 1 of 2');
    expect(page1.headers['cache-control']).toBe('no-store');
    const resumeCode = /Your resume code is <strong>([A-Z0-9-]+)<\/strong>/.exec(page1.body)?.[1] ?? '';
    expect(resumeCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);

    // A required answer missing: the page again, with the summary, the answers kept and nothing stored.
    const missing = await you.answer(first, [['role', 'lead'], ['manager', '1']]);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<title>Error: About your work');
    expect(missing.body).toContain('class="govuk-error-summary"');
    expect(missing.body).toContain('<a href="#clear">Select an answer for “I understand why the change is happening &lt;em&gt;now&lt;/em&gt;”</a>');
    expect(missing.body).toContain('id="role" name="role" type="radio" value="lead" checked>');
    expect((await responsesOf(survey.id))[0]?.answers).toEqual({});

    const toPage2 = await you.answer(first, firstPageAnswers);
    expect(toPage2.statusCode).toBe(303);
    expect(toPage2.headers.location).toBe(`/r/${key}/2`);
    expect((await you.get(`/r/${key}/2`)).body).toContain('Page 2 of 3');

    // Save and come back later: the code is shown, and only it brings the respondent back.
    const saved = await you.answer(`/r/${key}/2`, [['teamSize', '12']], 'save');
    expect(saved.headers.location).toBe(`/r/${key}/saved`);
    const savedPage = await you.get(`/r/${key}/saved`);
    expect(savedPage.body).toContain(`Your resume code is ${resumeCode}`);
    expect(savedPage.body).toContain(`/s/${code}/resume`);
    expect(savedPage.body).toContain(`/r/${key}/2`);

    const elsewhere = new Respondent(built.app);
    await elsewhere.get(`/s/${code}/resume`);
    const wrong = await elsewhere.browser.post(`/s/${code}/resume`, { resumeCode: 'ABCD-EFGH-JK' }, `/s/${code}/resume`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#resumeCode"');
    expect(wrong.body).toContain('That resume code is not right');
    const typed = ` ${resumeCode.toLowerCase().replace(/-/g, ' ')} `;
    const resumed = await elsewhere.browser.post(`/s/${code}/resume`, { resumeCode: typed }, `/s/${code}/resume`);
    expect(resumed.statusCode).toBe(303);
    const back = String(resumed.headers.location);
    expect(back).toMatch(/\/2$/);
    const newKey = keyOf(back);
    expect(newKey).not.toBe(key);
    expect(newKey.slice(43)).toBe(key.slice(43));
    expect((await you.get(`/r/${key}/2`)).statusCode).toBe(404);
    expect((await elsewhere.get(back)).body).toMatch(/id="teamSize" name="teamSize" type="text"[^>]* value="12"/);

    expect((await elsewhere.answer(back, [['teamSize', '12']])).headers.location).toBe(`/r/${newKey}/3`);
    // Changing an earlier answer hides the managers' page: Continue goes past it.
    const staffNow = await elsewhere.answer(`/r/${newKey}/1`, [['role', 'staff'], ['clear', '4'], ['manager', '0']]);
    expect(staffNow.headers.location).toBe(`/r/${newKey}/3`);
    expect((await elsewhere.get(`/r/${newKey}/2`)).headers.location).toBe(`/r/${newKey}/3`);
    const page3 = await elsewhere.get(`/r/${newKey}/3`);
    expect(page3.body).toContain('Page 2 of 2');
    expect(page3.body).not.toContain('As a lead, what would help most?');
    const toCheck = await elsewhere.answer(`/r/${newKey}/3`, [
      ['likely', '8'], ['channels', 'email'], ['channels', 'meet'],
      ['joined-day', '7'], ['joined-month', '4'], ['joined-year', '2003'],
      ['hours', '37.5'], ['comments', '<script>alert(1)</script> works well'],
    ]);
    expect(toCheck.headers.location).toBe(`/r/${newKey}/check`);

    const check = await elsewhere.get(`/r/${newKey}/check`);
    expect(check.body).toContain('Check your answers before sending them');
    expect(check.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; works well');
    expect(check.body).not.toContain('<script>alert(1)');
    expect(check.body).toContain('E-mail, Team meetings');
    expect(check.body).toContain('7 April 2003');
    expect(check.body).toContain('37.5 hours');
    expect(check.body).not.toContain('How many people do you manage?');
    expect(check.body).toContain(`href="/r/${newKey}/1"`);

    const sent = await elsewhere.answer(`/r/${newKey}/check`, []);
    expect(sent.headers.location).toBe(`/r/${newKey}/done`);
    const thanks = await elsewhere.get(`/r/${newKey}/done`);
    expect(thanks.body).toContain('Your answers have been sent');
    expect(thanks.body).toContain('Thank you for taking part.');

    const [row] = await responsesOf(survey.id);
    expect(row).toMatchObject({ status: 'complete', purpose: 'main', participant_id: null, started_at: null, completed_at: null, pages_saved: 3 });
    expect(row?.answers).toEqual({
      role: 'staff', clear: 4, manager: 0, likely: 8, channels: ['email', 'meet'], joined: '2003-04-07', hours: 37.5, comments: '<script>alert(1)</script> works well',
    });

    // Complete means final: pages show the thank-you page and posts change nothing.
    const again = await elsewhere.get(`/r/${newKey}/1`);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Your answers have been sent');
    const late = await elsewhere.post(`/r/${newKey}/1`, [['_csrf', /name="_csrf" value="([^"]+)"/.exec(page3.body)![1]!], ['role', 'lead'], ['clear', '1'], ['manager', '1']]);
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe(`/r/${newKey}/done`);
    expect((await responsesOf(survey.id))[0]?.answers).toEqual(row?.answers);
  });

  it('refuses a value that was not offered, and text over its limit, storing nothing', async () => {
    const { survey } = await surveyFixture(database, actorId);
    const you = new Respondent(built.app);
    const first = await you.start(survey.publicCode);
    const forged = await you.answer(first, [['role', 'ceo'], ['clear', '4'], ['manager', '1']]);
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Select one of the answers offered for “Which best describes your role?”');
    const outOfScale = await you.answer(first, [['role', 'lead'], ['clear', '6'], ['manager', '1']]);
    expect(outOfScale.statusCode).toBe(400);
    expect((await responsesOf(survey.id))[0]?.answers).toEqual({});

    const key = keyOf(first);
    await you.answer(first, [['role', 'lead'], ['clear', '2'], ['manager', '0']]);
    const tooLong = await you.answer(`/r/${key}/3`, [['leadOnly', 'x'.repeat(41)], ['comments', 'fine']]);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('must be 40 characters or fewer');
    expect(tooLong.body).toContain('href="#leadOnly"');
    expect(tooLong.body).toContain(`value="${'x'.repeat(41)}"`);
    const notADate = await you.answer(`/r/${key}/3`, [['joined-day', '31'], ['joined-month', '2'], ['joined-year', '2020']]);
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('href="#joined-day"');
    const tooMany = await you.answer(`/r/${key}/3`, [['channels', 'email'], ['channels', 'meet'], ['channels', 'intranet']]);
    expect(tooMany.body).toContain('Select no more than 2 answers');
    expect((await responsesOf(survey.id))[0]?.answers).toEqual({ role: 'lead', clear: 2, manager: 0 });
  });

  it('stores a page sent twice once, and answers a second press of Send with the thank-you page', async () => {
    const { survey } = await surveyFixture(database, actorId);
    const you = new Respondent(built.app);
    const first = await you.start(survey.publicCode);
    const key = keyOf(first);
    const page = await you.get(first);
    const hidden = [...page.body.matchAll(/name="(_csrf|_version)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
    const fields: [string, string][] = [...hidden, ['role', 'staff'], ['clear', '5'], ['manager', '0'], ['action', 'continue']];
    const [one, two] = await Promise.all([you.post(first, fields), you.post(first, fields)]);
    expect([one.statusCode, two.statusCode]).toEqual([303, 303]);
    const rows = await responsesOf(survey.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ answers: { role: 'staff', clear: 5, manager: 0 }, pages_saved: 1 });

    await you.answer(`/r/${key}/3`, [['comments', 'ok']]);
    const token = hidden.find(([name]) => name === '_csrf')!;
    const sends = await Promise.all([you.post(`/r/${key}/submit`, [token]), you.post(`/r/${key}/submit`, [token])]);
    expect(sends.map((s) => s.headers.location)).toEqual([`/r/${key}/done`, `/r/${key}/done`]);
    expect(await responsesOf(survey.id)).toMatchObject([{ status: 'complete', answers: { role: 'staff', clear: 5, manager: 0, comments: 'ok' } }]);
  });

  it('sends a questionnaire without conditions only when its required questions are answered', async () => {
    const definition = {
      pages: [
        { id: 'p1', title: 'Your team', questions: [
          { id: 'q1', text: 'My team knows why the change is happening', required: true, format: { type: 'likert' as const, points: 3, labels: ['Disagree', 'Neutral', 'Agree'] } },
          { id: 'q2', text: 'Anything else?', format: { type: 'text' as const } },
        ] },
      ],
    };
    const { survey } = await surveyFixture(database, actorId, { definition });
    const you = new Respondent(built.app);
    const started = await you.browser.post(`/s/${survey.publicCode}/start`, {}, `/s/${survey.publicCode}`);
    const first = String(started.headers.location);
    const key = keyOf(first);
    expect((await you.answer(first, [['q2', 'later']], 'save')).statusCode).toBe(303);
    const refused = await you.answer(`/r/${key}/check`, []);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`<a href="/r/${key}/1">Answer the questions that need an answer on “Your team”</a>`);
    expect((await responsesOf(survey.id))[0]?.status).toBe('partial');
    await you.answer(first, [['q1', '3'], ['q2', 'later']]);
    expect((await you.answer(`/r/${key}/check`, [])).headers.location).toBe(`/r/${key}/done`);
    expect(await responsesOf(survey.id)).toMatchObject([{ status: 'complete', answers: { q1: 3, q2: 'later' } }]);
  });

  it('keeps start and end times only where the survey is not anonymous, and copies the purpose', async () => {
    const { survey } = await surveyFixture(database, actorId, { settings: { anonymity: 'confidential', purpose: 'pretest' } });
    const you = new Respondent(built.app);
    const first = await you.start(survey.publicCode);
    await you.answer(first, [['role', 'staff'], ['clear', '3'], ['manager', '0']]);
    await you.answer(`/r/${keyOf(first)}/check`, []);
    const [row] = await responsesOf(survey.id);
    expect(row).toMatchObject({ status: 'complete', purpose: 'pretest', participant_id: null });
    expect(row?.started_at).toEqual(now);
    expect(row?.completed_at).toEqual(now);
  });

  it('says plainly when a survey is closed, not open yet or a draft, and stores nothing', async () => {
    const closed = await surveyFixture(database, actorId, { settings: { closesAt: new Date('2030-03-01T00:00:00Z'), opensAt: new Date('2030-02-01T00:00:00Z') } });
    const you = new Respondent(built.app);
    const closedPage = await you.get(`/s/${closed.survey.publicCode}`);
    expect(closedPage.statusCode).toBe(410);
    expect(closedPage.body).toContain('This survey closed on 1 March 2030.');
    const token = await you.browser.csrfToken('/sign-in');
    const closedStart = await you.browser.post(`/s/${closed.survey.publicCode}/start`, { consent: 'yes', _csrf: token });
    expect(closedStart.statusCode).toBe(410);

    const later = await surveyFixture(database, actorId, { settings: { opensAt: new Date('2030-04-01T00:00:00Z') } });
    const laterPage = await you.get(`/s/${later.survey.publicCode}`);
    expect(laterPage.statusCode).toBe(403);
    expect(laterPage.body).toContain('This survey opens on 1 April 2030.');
    expect((await you.browser.post(`/s/${later.survey.publicCode}/start`, { consent: 'yes', _csrf: token })).statusCode).toBe(403);

    const draft = await surveyFixture(database, actorId, { status: 'draft' });
    expect((await you.get(`/s/${draft.survey.publicCode}`)).statusCode).toBe(404);
    expect((await you.browser.post(`/s/${draft.survey.publicCode}/start`, { consent: 'yes', _csrf: token })).statusCode).toBe(404);
    for (const s of [closed, later, draft]) expect(await responsesOf(s.survey.id)).toHaveLength(0);

    // The team can look at a draft's start page, but cannot start it.
    const lead = new TestBrowser(built.app);
    const leadUser = await addUser(database, 'Survey lead');
    const own = await surveyFixture(database, leadUser.id, { status: 'draft' });
    await lead.signIn(leadUser);
    const preview = await lead.get(`/s/${own.survey.publicCode}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('This survey is a draft');
    expect(preview.body).not.toContain('Start now');
  });

  it('stores nothing for a page sent after the survey closed', async () => {
    const { survey } = await surveyFixture(database, actorId, { settings: { closesAt: new Date('2030-03-20T00:00:00Z') } });
    const you = new Respondent(built.app);
    const first = await you.start(survey.publicCode);
    const page = await you.get(first);
    now = new Date('2030-03-21T00:00:00Z');
    try {
      const hidden = [...page.body.matchAll(/name="(_csrf|_version)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
      const late = await you.post(first, [...hidden, ...firstPageAnswers, ['action', 'continue']]);
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This survey closed on 20 March 2030.');
      expect(late.body).toContain('have not been saved');
      expect((await you.get(first)).statusCode).toBe(410);
      expect((await responsesOf(survey.id))[0]?.answers).toEqual({});
    } finally {
      now = new Date('2030-03-10T09:00:00Z');
    }
  });

  it('refuses a form without its token, and a key that opens nothing, storing nothing', async () => {
    const { survey } = await surveyFixture(database, actorId);
    const you = new Respondent(built.app);
    const first = await you.start(survey.publicCode);
    const noToken = await you.post(first, [...firstPageAnswers, ['action', 'continue']]);
    expect(noToken.statusCode).toBe(403);
    const otherToken = await you.post(first, [['_csrf', 'A'.repeat(43)], ...firstPageAnswers]);
    expect(otherToken.statusCode).toBe(403);
    expect((await responsesOf(survey.id))[0]?.answers).toEqual({});
    const madeUp = `/r/${'x'.repeat(43)}abcdefghjk/1`;
    expect((await you.get(madeUp)).statusCode).toBe(404);
    expect((await you.post(madeUp, firstPageAnswers)).statusCode).toBe(404);
    expect((await you.get(`/r/${keyOf(first)}/9`)).statusCode).toBe(404);
    expect((await you.get('/s/nosuchcode')).statusCode).toBe(404);
  });

  it('keeps a survey by invitation off its public link, while an invitee can save and come back by link', async () => {
    const { survey } = await surveyFixture(database, actorId, { settings: { access: 'personal', anonymity: 'confidential' } });
    const you = new Respondent(built.app);
    const page = await you.get(`/s/${survey.publicCode}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('This survey is by invitation only');
    expect((await you.browser.post(`/s/${survey.publicCode}/start`, { consent: 'yes', _csrf: await you.browser.csrfToken('/sign-in') })).statusCode).toBe(403);
    expect(await responsesOf(survey.id)).toHaveLength(0);

    const invited = await startResponse(database, survey, now, null);
    const key = invited!.key;
    expect((await you.answer(`/r/${key}/1`, firstPageAnswers, 'save')).headers.location).toBe(`/r/${key}/saved`);
    const saved = await you.get(`/r/${key}/saved`);
    expect(saved.body).toContain('Use the personal link in the message that invited you');
    expect(saved.body).not.toContain('/resume');
    expect(saved.body).toContain(`/r/${key}/1`);
  });

  it('limits guesses at resume codes from one address', async () => {
    const { survey } = await surveyFixture(database, actorId);
    const guesser = new TestBrowser(built.app);
    const token = await guesser.csrfToken(`/s/${survey.publicCode}/resume`);
    // Other tests in this file have already spent a few of this address's attempts.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await guesser.post(`/s/${survey.publicCode}/resume`, { resumeCode: 'ABCD-EFGH-JK', _csrf: token })).statusCode);
    const limited = statuses.indexOf(429);
    expect(limited).toBeGreaterThan(0);
    expect(statuses.slice(0, limited).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(limited).every((s) => s === 429)).toBe(true);
  });
});
