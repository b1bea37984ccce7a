import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, testConfig, testPassword, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { createApiToken, type User } from './service.ts';
import { beginEnrolment, confirmEnrolment, secondFactorOn } from './second-factor.ts';
import { codeAt } from './totp.ts';

const secret = 'a server secret that is long enough to be a real one';

describe.each(backends)('second factor pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  // Real time, moved on by whole steps where a test needs a code not used before.
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);
  const nextStep = () => {
    offset += 30_000;
  };

  beforeAll(async () => {
    database = await backend.open();
    built = await buildApp({ config: testConfig({ secret }), database, clock });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function withFactor(name = 'Two Step'): Promise<{ user: User; key: string; codes: string[] }> {
    const user = await addUser(database, name);
    const { secret: key } = await beginEnrolment(database.db, secret, user);
    const codes = await confirmEnrolment(database.db, secret, user, codeAt(key, clock()), clock());
    nextStep();
    return { user, key, codes };
  }

  const wrongCode = (key: string) => (codeAt(key, clock()) === '123456' ? '654321' : '123456');

  it('sets up a second factor from the account page, showing the key, a QR code and ten recovery codes once', async () => {
    const user = await addUser(database, 'Set Up');
    const browser = new TestBrowser(built.app);
    await browser.signIn(user);
    expect((await browser.get('/account')).body).toContain('Set up two-step sign-in');
    const page = await browser.get('/account/second-factor');
    expect(page.statusCode).toBe(200);
    const key = /<code id="secret-key">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1]?.replaceAll(' ', '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.body).toContain('src="data:image/svg+xml;base64,');
    expect(page.body).toContain('alt="QR code for adding Formative to an authenticator app"');

    const wrong = await browser.post('/account/second-factor', { code: wrongCode(key!) }, '/account');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Enter the 6-digit code your app shows now');
    expect(wrong.body).toContain('govuk-error-summary');
    expect(await secondFactorOn(database.db, user.id)).toBe(false);

    const done = await browser.post('/account/second-factor', { code: codeAt(key!, clock()) }, '/account');
    expect(done.statusCode).toBe(200);
    const codes = [...done.body.matchAll(/<li><code>([a-z2-9-]{19})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(await secondFactorOn(database.db, user.id)).toBe(true);
    const status = await browser.get('/account/second-factor');
    expect(status.body).toContain('Recovery codes left');
    expect(status.body).not.toContain(codes[0]!);
    expect((await browser.get('/account')).body).toContain('Manage two-step sign-in');
  });

  it('asks for the code after the password, and starts a session only when it is right', async () => {
    const { user, key } = await withFactor();
    const browser = new TestBrowser(built.app);
    const password = await browser.post('/sign-in', { email: user.email, password: testPassword, next: '/account' });
    expect(password.statusCode).toBe(303);
    expect(password.headers.location).toBe('/sign-in/second-factor');
    expect(browser.cookieHeader()).not.toContain('formative_session=');
    expect((await browser.get('/evaluations')).statusCode).toBe(302);
    expect((await browser.get('/account')).statusCode).toBe(302);
    const page = await browser.get('/sign-in/second-factor');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enter the code from your app');

    const wrong = await browser.post('/sign-in/second-factor', { code: wrongCode(key) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Enter the code your app shows now, or one of your recovery codes');
    expect(browser.cookieHeader()).not.toContain('formative_session=');
    expect((await browser.get('/evaluations')).statusCode).toBe(302);

    const right = await browser.post('/sign-in/second-factor', { code: codeAt(key, clock()) });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/account');
    expect(browser.cookieHeader()).toContain('formative_session=');
    expect(browser.cookieHeader()).not.toContain('formative_pending_sign_in=');
    const signedIn = await browser.get('/evaluations');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('Signed in as Two Step');
  });

  it('shows the code page only to a browser holding a waiting sign-in', async () => {
    const browser = new TestBrowser(built.app);
    const none = await browser.get('/sign-in/second-factor');
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe('/sign-in');
    const forged = await built.app.inject({ method: 'GET', url: '/sign-in/second-factor', cookies: { formative_pending_sign_in: 'made-up-token' } });
    expect(forged.headers.location).toBe('/sign-in');
    const posted = await browser.post('/sign-in/second-factor', { code: '123456' });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('Sign in again');
  });

  it('ends an earlier session when the code is right, and leaves API tokens working without a code', async () => {
    const { user, key } = await withFactor('Token Keeper');
    const other = await addUser(database, 'Earlier');
    const browser = new TestBrowser(built.app);
    await browser.signIn(other);
    const earlier = browser.cookieHeader();
    await browser.post('/sign-in', { email: user.email, password: testPassword });
    await browser.post('/sign-in/second-factor', { code: codeAt(key, clock()) });
    expect((await built.app.inject({ method: 'GET', url: '/evaluations', headers: { cookie: earlier } })).statusCode).toBe(302);
    expect((await browser.get('/evaluations')).body).toContain('Signed in as Token Keeper');
    const { token } = await createApiToken(database.db, user.id, 'scripts');
    expect((await api(built.app, token, 'GET', '/api/v1/evaluations')).status).toBe(200);
  });

  it('turns off only for oneself, with the password and a current code', async () => {
    const owner = await withFactor('Owner');
    const lead = await addUser(database, 'Lead');
    const leadBrowser = new TestBrowser(built.app);
    await leadBrowser.signIn(lead);
    // The form acts on the signed-in account only: another's code does nothing to theirs.
    const attempt = await leadBrowser.post('/account/second-factor/turn-off', { password: testPassword, code: codeAt(owner.key, clock()) }, '/account');
    expect(attempt.statusCode).toBe(303);
    expect(await secondFactorOn(database.db, owner.user.id)).toBe(true);

    const browser = new TestBrowser(built.app);
    await browser.post('/sign-in', { email: owner.user.email, password: testPassword });
    await browser.post('/sign-in/second-factor', { code: owner.codes[0]! });
    expect((await browser.get('/account')).statusCode).toBe(200);
    nextStep();
    const noPassword = await browser.post('/account/second-factor/turn-off', { password: 'not it', code: codeAt(owner.key, clock()) }, '/account');
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.body).toContain('Enter your correct password');
    const off = await browser.post('/account/second-factor/turn-off', { password: testPassword, code: codeAt(owner.key, clock()) }, '/account');
    expect(off.statusCode).toBe(303);
    expect(await secondFactorOn(database.db, owner.user.id)).toBe(false);
    const again = await new TestBrowser(built.app).post('/sign-in', { email: owner.user.email, password: testPassword });
    expect(again.headers.location).toBe('/evaluations');
  });

  it('refuses to start without FORMATIVE_SECRET once an account has a second factor', async () => {
    await withFactor();
    await expect(buildApp({ config: testConfig(), database })).rejects.toThrow(/second factor, but FORMATIVE_SECRET is not set.*formative user second-factor reset EMAIL/);
  });
});

describe('second factor rate limit', () => {
  it('limits code attempts per address as sign-in does', async () => {
    const database = await backends[0]!.open();
    const built = await buildApp({ config: { ...testConfig({ secret }), signInAttemptsPerMinute: 3 }, database });
    const user = await addUser(database);
    const { secret: key } = await beginEnrolment(database.db, secret, user);
    await confirmEnrolment(database.db, secret, user, codeAt(key, new Date()), new Date());
    const browser = new TestBrowser(built.app);
    expect((await browser.post('/sign-in', { email: user.email, password: testPassword })).headers.location).toBe('/sign-in/second-factor');
    const wrong = codeAt(key, new Date()) === '123456' ? '654321' : '123456';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.post('/sign-in/second-factor', { code: wrong })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    await built.app.close();
    await database.close();
  });
});
