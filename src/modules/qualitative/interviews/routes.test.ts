import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { addAim, addQuestion } from '../../evaluations/protocol/aims.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { addPerson } from '../../organisation/service.ts';

describe.each(backends)('interview pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let token: string;
  let evaluationId: string;
  const base = '/evaluations/interview-pages';
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Rita Researcher');
    const coderUser = await addUser(database, 'Colin Coder');
    evaluationId = (await createEvaluation(database.db, lead.id, { title: 'Interview pages', slug: 'interview-pages' })).id;
    await setMember(database.db, lead.id, evaluationId, { email: coderUser.email, role: 'coder' });
    researcher = new TestBrowser(built.app);
    await researcher.signIn(lead);
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
    token = (await createApiToken(database.db, lead.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('adds a participant linked to the directory, showing the name to researchers only', async () => {
    const person = await addPerson(database.db, null, evaluationId, { name: 'Dana Director' });
    const bad = await researcher.post(`${base}/interviews/participants`, { label: '', roleCategory: 'Regional director', attributes: 'no equals' }, `${base}/interviews/participants/new`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#label"');
    expect(bad.body).toContain('Line 1: write each attribute as name = value');
    const added = await researcher.post(`${base}/interviews/participants`, { label: 'RD01', roleCategory: 'Regional director', personId: person.id, attributes: 'region = North West' }, `${base}/interviews/participants/new`);
    expect(added.statusCode).toBe(303);
    expect((await researcher.get(`${base}/interviews/participants`)).body).toMatch(/RD01[\s\S]*Regional director[\s\S]*Dana Director[\s\S]*region: North West/);
    const coderView = await coder.get(`${base}/interviews/participants?role=Regional+director`);
    expect(coderView.body).toContain('RD01');
    expect(coderView.body).not.toContain('Dana Director');
    expect((await coder.get(`${base}/interviews/participants/new`)).statusCode).toBe(403);
  });

  it('records an interview with its consents from the form and shows it', async () => {
    const participant = (await api(built.app, token, 'GET', `/api/v1/evaluations/interview-pages/participants?q=rd01`)).body?.items as { id: string }[];
    const response = await researcher.post(`${base}/interviews`, {
      participantId: participant[0]!.id, 'heldOn-day': '14', 'heldOn-month': '3', 'heldOn-year': '2006', mode: 'telephone', consents: 'consentRecord', status: 'done', notes: 'By phone',
    }, `${base}/interviews/new`);
    expect(response.statusCode).toBe(303);
    const page = await coder.get(String(response.headers.location));
    expect(page.body).toContain('14 March 2006');
    expect(page.body).toMatch(/Consent to transcribe[\s\S]*?No/);
    expect(page.body).toContain('has not consented to transcription');
    const list = await coder.get(`${base}/interviews?mode=telephone`);
    expect(list.body).toContain('1 interview match the filter');
    expect((await coder.get(`${base}/interviews?mode=video`)).body).toContain('0 interviews match the filter');
    const badDate = await researcher.post(`${base}/interviews`, { participantId: participant[0]!.id, 'heldOn-day': '31', 'heldOn-month': '2', 'heldOn-year': '2006' }, `${base}/interviews/new`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date of the interview must be a real date');
  });

  it('writes a schedule as an outline, saves a second version, lists the history and prints', async () => {
    const aim = await addAim(database.db, null, evaluationId, { text: 'Aim' });
    await addQuestion(database.db, null, evaluationId, { text: 'What helps?', aimIds: [aim.id] });
    const wrong = await researcher.post(`${base}/interviews/schedules`, { title: 'Guide', outline: '# Start\n1. Tell me [Q5]' }, `${base}/interviews/schedules/new`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Line 2: the protocol has no research question Q5');
    const created = await researcher.post(`${base}/interviews/schedules`, { title: 'Guide', introduction: 'Welcome', outline: '# Start\n1. What helps the change? [Q1]\n- Who?' }, `${base}/interviews/schedules/new`);
    expect(created.statusCode).toBe(303);
    const schedulePage = String(created.headers.location);
    const edit = await researcher.get(`${schedulePage}/edit`);
    expect(edit.body).toContain('1. What helps the change? [Q1]');
    const saved = await researcher.post(`${schedulePage}/edit`, { title: 'Guide', outline: '# Start\n1. What helps the change? [Q1]\n- Who?\n- When?', changeNote: 'Added a prompt' }, `${schedulePage}/edit`);
    expect(saved.statusCode).toBe(303);
    const page = await coder.get(schedulePage);
    expect(page.body).toContain('Interview schedule, version 2');
    expect(page.body).toContain('Added a prompt');
    expect(page.body).toContain('Research question: Q1 (What helps?)');
    const old = await coder.get(`${schedulePage}?version=1`);
    expect(old.body).toContain('This is version 1. The latest is version 2.');
    expect(old.body).not.toContain('When?');
    const print = await coder.get(`${schedulePage}/print?version=2`);
    expect(print.body).toContain('interview schedule, version 2');
    expect(print.body).not.toContain('formative-subnav');
  });

  it('lets researchers rename role categories, with errors shown on the row', async () => {
    const page = await coder.get(`${base}/interviews/role-categories`);
    expect(page.body).toContain('Chief executive');
    expect(page.body).not.toContain('Add a role category');
    const list = await researcher.get(`${base}/interviews/role-categories`);
    const id = /role-categories\/([0-9a-f-]{36})\/rename/.exec(list.body)![1]!;
    const clash = await researcher.post(`${base}/interviews/role-categories/${id}/rename`, { name: 'Regional director' }, `${base}/interviews/role-categories`);
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain(`href="#name-${id}"`);
    expect(clash.body).toContain('There is already a role category called &quot;Regional director&quot;');
    const categories = (await api(built.app, token, 'GET', '/api/v1/evaluations/interview-pages/role-categories')).body?.items as { id: string; name: string }[];
    const inUse = categories.find((c) => c.name === 'Regional director')!.id;
    const refused = await researcher.post(`${base}/interviews/role-categories/${inUse}/delete`, {}, `${base}/interviews/role-categories`);
    expect(refused.body).toContain('1 participant has it');
  });

  it('serves participants, interviews and schedules through the API', async () => {
    const created = await api(built.app, token, 'POST', '/api/v1/evaluations/interview-pages/participants', { label: 'CE01', roleCategory: 'Chief executive', attributes: [{ name: 'years', value: '5' }] });
    expect(created.status).toBe(201);
    const interview = await api(built.app, token, 'POST', '/api/v1/evaluations/interview-pages/interviews', { participantId: created.body?.id, mode: 'video', consentTranscribe: true, heldOn: '2006-05-01' });
    expect(interview.status).toBe(201);
    expect(interview.body).toMatchObject({ participantLabel: 'CE01', mode: 'video', consentTranscribe: true, consentQuote: false, status: 'planned' });
    const bad = await api(built.app, token, 'POST', '/api/v1/evaluations/interview-pages/interviews', { participantId: created.body?.id, heldOn: '2006-13-01' });
    expect(bad.status).toBe(400);
    const schedule = await api(built.app, token, 'POST', '/api/v1/evaluations/interview-pages/interview-schedules', { title: 'API guide', sections: [{ title: 'One', questions: [{ text: 'Q?', prompts: ['P'] }] }] });
    expect(schedule.status).toBe(201);
    const next = await api(built.app, token, 'PUT', `/api/v1/evaluations/interview-pages/interview-schedules/${String(schedule.body?.scheduleId)}`, { title: 'API guide', changeNote: 'Renamed', sections: [{ title: 'Only' }] });
    expect(next.body).toMatchObject({ number: 2, changeNote: 'Renamed', sections: [{ title: 'Only', questions: [] }] });
    const versions = await api(built.app, token, 'GET', `/api/v1/evaluations/interview-pages/interview-schedules/${String(schedule.body?.scheduleId)}/versions`);
    expect((versions.body?.items as { number: number }[]).map((v) => v.number)).toEqual([2, 1]);
    const categories = await api(built.app, token, 'GET', '/api/v1/evaluations/interview-pages/role-categories');
    expect((categories.body?.items as { name: string }[]).map((c) => c.name)).toContain('External stakeholder');
  });
});
