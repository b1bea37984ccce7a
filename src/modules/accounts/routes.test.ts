import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, buildTestApp, testConfig, testPassword, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';

describe.each(backends)('accounts on $name', (backend) => {
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

  it('gives the same error for an unknown e-mail and a wrong password, keeping the e-mail typed', async () => {
    const user = await addUser(database);
    const browser = new TestBrowser(built.app);
    const wrongPassword = await browser.post('/sign-in', { email: user.email, password: 'not the password' });
    const unknownEmail = await browser.post('/sign-in', { email: 'nobody@example.org', password: 'not the password' });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Enter a correct e-mail address and password');
      expect(response.body).toContain('govuk-error-summary');
    }
    expect(wrongPassword.body).toContain(`value="${user.email}"`);
    expect((await browser.get('/evaluations')).statusCode).toBe(302);
  });

  it('keeps a session across a restart of the server, and ends it at sign-out', async () => {
    const user = await addUser(database, 'Restart Person');
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const cookie = browser.cookieHeader();
    const restarted = await buildTestApp(database);
    const again = await restarted.app.inject({ method: 'GET', url: '/evaluations', headers: { cookie } });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Signed in as Restart Person');
    await restarted.app.close();

    const out = await browser.post('/sign-out', {}, '/evaluations');
    expect(out.statusCode).toBe(303);
    const after = await built.app.inject({ method: 'GET', url: '/evaluations', headers: { cookie } });
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/sign-in?next=%2Fevaluations');
  });

  it('follows only local addresses after sign-in', async () => {
    const user = await addUser(database);
    const browser = new TestBrowser(built.app);
    const local = await browser.post('/sign-in', { email: user.email, password: testPassword, next: '/account' });
    expect(local.headers.location).toBe('/account');
    const browser2 = new TestBrowser(built.app);
    const foreign = await browser2.post('/sign-in', { email: user.email, password: testPassword, next: '//evil.example.org/' });
    expect(foreign.headers.location).toBe('/evaluations');
  });

  it('creates an API token shown once, which works until revoked', async () => {
    const user = await addUser(database);
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    const created = await browser.post('/account/tokens', { name: 'R scripts' }, '/account');
    const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toMatch(/^fmt_/);
    expect((await api(built.app, token!, 'GET', '/api/v1/evaluations')).status).toBe(200);
    const account = await browser.get('/account');
    expect(account.body).toContain('R scripts');
    expect(account.body).not.toContain(token!);
    const tokenId = /\/account\/tokens\/([0-9a-f-]{36})\/revoke/.exec(account.body)?.[1];
    expect((await browser.post(`/account/tokens/${tokenId}/revoke`, {}, '/account')).statusCode).toBe(303);
    const refused = await api(built.app, token!, 'GET', '/api/v1/evaluations');
    expect(refused.status).toBe(401);
    expect(refused.body?.code).toBe('unauthorised');
  });

  it('sends security headers with a script nonce on pages', async () => {
    const page = await built.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.body).toContain(`nonce="${nonce}"`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('reports health', async () => {
    const health = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', database: backend.name });
  });

  it('serves the OpenAPI document describing the API routes only', async () => {
    const response = await built.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/evaluations');
    expect(Object.keys(doc.paths)).toContain('/api/v1/evaluations/{evaluation}/members');
    expect(Object.keys(doc.paths).every((path) => path.startsWith('/api/v1/'))).toBe(true);
  });

  it('never logs passwords, session ids or API tokens', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logged = await buildApp({ config: { ...testConfig(), logLevel: 'trace' }, database, logStream: stream });
    const user = await addUser(database);
    const browser = new TestBrowser(logged.app);
    await browser.signIn(user);
    const created = await browser.post('/account/tokens', { name: 'secret test' }, '/account');
    const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1] ?? 'missing';
    await api(logged.app, token, 'GET', '/api/v1/evaluations?token=' + token);
    await logged.app.close();
    const log = lines.join('');
    expect(log).toContain('/api/v1/evaluations');
    expect(log).not.toContain(testPassword);
    expect(log).not.toContain(token);
    expect(log).not.toMatch(/formative_session=[A-Za-z0-9_-]{20}/);
  });
});

describe('sign-in rate limit', () => {
  it('refuses attempts over the limit with 429', async () => {
    const backend = backends[0]!;
    const database = await backend.open();
    const built = await buildApp({ config: { ...testConfig(), signInAttemptsPerMinute: 3 }, database });
    const browser = new TestBrowser(built.app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.post('/sign-in', { email: 'x@example.org', password: 'wrong' })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    await built.app.close();
    await database.close();
  });
});
