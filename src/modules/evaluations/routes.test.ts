import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, buildTestApp, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';

describe.each(backends)('evaluation pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('creates an evaluation from the form, lists it, and makes the creator lead', async () => {
    const user = await addUser(database, 'Ann Lead');
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const created = await browser.post('/evaluations', {
      title: 'Evaluation of the Partnership',
      commissioner: 'Department of Health',
      'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2005',
    }, '/evaluations/new');
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/evaluations/evaluation-of-the-partnership');
    const list = await browser.get('/evaluations');
    expect(list.body).toContain('Evaluation of the Partnership');
    const overview = await browser.get('/evaluations/evaluation-of-the-partnership');
    expect(overview.body).toContain('Department of Health');
    expect(overview.body).toContain('1 April 2005');
    const members = await browser.get('/evaluations/evaluation-of-the-partnership/members');
    expect(members.body).toMatch(/Ann Lead[\s\S]*Lead/);
  });

  it('shows an error summary, keeps the input and stores nothing when the form is wrong', async () => {
    const user = await addUser(database);
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const response = await browser.post('/evaluations', {
      title: '', commissioner: 'Kept commissioner',
      'endsOn-day': '31', 'endsOn-month': '2', 'endsOn-year': '2008',
    }, '/evaluations/new');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Create an evaluation');
    expect(response.body).toContain('href="#title"');
    expect(response.body).toContain('End date must be a real date');
    expect(response.body).toContain('value="Kept commissioner"');
    const list = await browser.get('/evaluations');
    expect(list.body).not.toContain('Kept commissioner');
  });

  it('answers 404 to a signed-in user who is not a member, on pages and the API', async () => {
    const owner = await addUser(database);
    const outsider = await addUser(database);
    const ownerToken = (await createApiToken(database.db, owner.id, 'test')).token;
    const outsiderToken = (await createApiToken(database.db, outsider.id, 'test')).token;
    const created = await api(built.app, ownerToken, 'POST', '/api/v1/evaluations', { title: 'Private evaluation', slug: 'private-one' });
    expect(created.status).toBe(201);
    const browser = new TestBrowser(built.app);
    await browser.signIn(outsider);
    expect((await browser.get('/evaluations/private-one')).statusCode).toBe(404);
    expect((await api(built.app, outsiderToken, 'GET', '/api/v1/evaluations/private-one')).status).toBe(404);
    expect((await api(built.app, outsiderToken, 'GET', `/api/v1/evaluations/${String(created.body?.id)}`)).status).toBe(404);
    const problem = await api(built.app, outsiderToken, 'GET', '/api/v1/evaluations/private-one');
    expect(problem.response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a form post without a CSRF token', async () => {
    const user = await addUser(database);
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const response = await browser.post('/evaluations', { title: 'Forged', _csrf: 'wrong' });
    expect(response.statusCode).toBe(403);
  });

  it('adds phases and waves through the API and rejects an end before the start', async () => {
    const user = await addUser(database);
    const token = (await createApiToken(database.db, user.id, 'test')).token;
    await api(built.app, token, 'POST', '/api/v1/evaluations', { title: 'Waves test', slug: 'waves-test' });
    const wave = await api(built.app, token, 'POST', '/api/v1/evaluations/waves-test/waves', { name: 'Year 1', startsOn: '2006-01-01', endsOn: '2006-12-31' });
    expect(wave.status).toBe(201);
    const bad = await api(built.app, token, 'POST', '/api/v1/evaluations/waves-test/waves', { name: 'Year 2', startsOn: '2007-12-31', endsOn: '2007-01-01' });
    expect(bad.status).toBe(400);
    expect(String(bad.body?.detail)).toContain('End date must be the same as or after the start date');
    const list = await api(built.app, token, 'GET', '/api/v1/evaluations/waves-test/waves');
    expect((list.body?.items as unknown[]).length).toBe(1);
  });

  it('keeps at least one lead', async () => {
    const lead = await addUser(database);
    const token = (await createApiToken(database.db, lead.id, 'test')).token;
    await api(built.app, token, 'POST', '/api/v1/evaluations', { title: 'Lead test', slug: 'lead-test' });
    const demote = await api(built.app, token, 'PUT', '/api/v1/evaluations/lead-test/members', { email: lead.email, role: 'researcher' });
    expect(demote.status).toBe(409);
  });
});
