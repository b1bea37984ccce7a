import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { buildTestProject, type TestProject } from '../analysis/test-project.ts';
import { addTerm } from '../pseudonyms/service.ts';

describe.each(backends)('quote bank pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let p: TestProject;
  let coder: TestBrowser;
  let base = '';
  const codings: Record<string, string> = {};
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    p = await buildTestProject(database);
    codings.board = await p.code('SM01', 'The board said the eight programmes could not go on alone.', p.codes.tension);
    codings.refused = await p.code('SM03', 'the Mental Health Programme went its own way', p.codes.tension);
    await addTerm(database.db, p.lead.id, p.evaluationId, { kind: 'programme', term: 'eight programmes', replacement: '[the programmes]' });
    coder = new TestBrowser(built.app);
    await coder.signIn(p.coderA);
    base = `/evaluations/${p.slug}/quotes`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('links segments to the quote form, and adds part of a segment, pseudonymised', async () => {
    const segments = await coder.get(`/evaluations/${p.slug}/queries/segments?code=${p.codes.tension.id}`);
    expect(segments.body).toContain(`${base}/new?coding=${codings.board}`);
    const form = await coder.get(`${base}/new?coding=${codings.board}`);
    expect(form.statusCode).toBe(200);
    const wrong = await coder.post(base, { codingId: codings.board!, from: 'nowhere', to: '' }, `${base}/new?coding=${codings.board}`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#from"');
    const added = await coder.post(base, { codingId: codings.board!, from: 'the eight', to: 'alone', note: 'Key quote' }, `${base}/new?coding=${codings.board}`);
    expect(added.statusCode).toBe(303);
    const list = await coder.get(base);
    expect(list.body).toContain('“the [the programmes] could not go on alone”');
    expect(list.body).toContain('— Interviewee');
    expect(list.body).not.toContain('— SM01');
  });

  it('explains that a participant without consent cannot be quoted', async () => {
    const form = await coder.get(`${base}/new?coding=${codings.refused}`);
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('did not consent to being quoted');
    expect(form.body).not.toContain('Add to the quote bank</button>');
    const posted = await coder.post(base, { codingId: codings.refused! }, base);
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('did not consent to being quoted');
  });

  it('edits, checks before release, sets attribution rules and removes', async () => {
    const quoteId = /id="quote-([0-9a-f-]{36})"/.exec((await coder.get(base)).body)![1]!;
    const saved = await coder.post(`${base}/${quoteId}/edit`, { text: 'The eight programmes could not go on alone, said Dr Jones.', note: '' }, `${base}/${quoteId}/edit`);
    expect(saved.statusCode).toBe(303);
    const edit = await coder.get(`${base}/${quoteId}/edit`);
    expect(edit.body).toContain('The [the programmes] could not go on alone, said Dr Jones.');
    expect(edit.body).toContain('the [the programmes] could not go on alone');
    await addTerm(database.db, p.lead.id, p.evaluationId, { kind: 'person', term: 'Dr Jones' });
    const check = await coder.get(`${base}/check`);
    expect(check.body).toContain('1 of 1 quote still contains names');
    expect(check.body).toContain('“Dr Jones” in the text');

    expect((await coder.get(`${base}/attribution`)).statusCode).toBe(403);
    const lead = new TestBrowser(built.app);
    await lead.signIn(p.lead);
    const rulesPage = await lead.get(`${base}/attribution`);
    expect(rulesPage.body).toContain('Every role without a rule of its own');
    const tooLong = await lead.post(`${base}/attribution`, { 'role-0': '*', 'attribution-0': 'x'.repeat(201) }, `${base}/attribution`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('href="#rules-0-attribution"');
    expect((await lead.post(`${base}/attribution`, { 'role-0': '*', 'attribution-0': 'Senior Manager' }, `${base}/attribution`)).statusCode).toBe(303);
    expect((await coder.get(base)).body).toContain('— Senior Manager');

    expect((await coder.post(`${base}/${quoteId}/remove`, {}, base)).statusCode).toBe(303);
    expect((await coder.get(base)).body).toContain('0 quotes');
  });

  it('answers the API, and refuses viewers and non-members', async () => {
    const token = (await createApiToken(database.db, p.coderB.id, 'test')).token;
    const prefix = `/api/v1/evaluations/${p.slug}/qualitative`;
    const range = p.rangeOf('SM01', 'could not go on alone');
    const created = await api(built.app, token, 'POST', `${prefix}/quotes`, { codingId: codings.board, ...range });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text: 'could not go on alone', attribution: 'Senior Manager', mayQuote: true });
    const refused = await api(built.app, token, 'POST', `${prefix}/quotes`, { codingId: codings.refused });
    expect(refused.status).toBe(400);
    expect(refused.body!.detail).toContain('did not consent');
    const patched = await api(built.app, token, 'PATCH', `${prefix}/quotes/${String(created.body!.id)}`, { note: 'for the report' });
    expect(patched.body).toMatchObject({ note: 'for the report', text: 'could not go on alone' });
    expect((await api(built.app, token, 'GET', `${prefix}/quotes-check`)).body).toMatchObject({ checked: 1, problems: [] });
    expect((await api(built.app, token, 'PUT', `${prefix}/attribution-rules`, { rules: [] })).status).toBe(403);

    const viewerToken = (await createApiToken(database.db, p.viewer.id, 'test')).token;
    expect((await api(built.app, viewerToken, 'GET', `${prefix}/quotes`)).status).toBe(403);
    const viewer = new TestBrowser(built.app);
    await viewer.signIn(p.viewer);
    expect((await viewer.get(base)).statusCode).toBe(403);
    const outsider = new TestBrowser(built.app);
    await outsider.signIn(await addUser(database, 'Outsider'));
    expect((await outsider.get(base)).statusCode).toBe(404);
  });
});
