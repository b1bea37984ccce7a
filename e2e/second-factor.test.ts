import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { backends } from '../test/databases.ts';
import { addUser, testConfig, testPassword } from '../test/app.ts';
import type { Database } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { useBrowser } from './support/browser.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { EvaluationsPage } from './support/pages/evaluations-page.ts';
import { AccountPage, SignInCodePage } from './support/pages/second-factor-pages.ts';

const browser = useBrowser();

/** What an authenticator app would show for the key at a time, computed here as the app would. */
function appCode(key: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
}

describe.each(backends)('two-step sign-in in a browser, on $name', (backend) => {
  // The server's own FORMATIVE_SECRET, and a clock the test moves on by a step so that each
  // sign-in has a code not used before, without waiting for the phone's next one.
  let server: { app: FastifyInstance; database: Database; baseUrl: string };
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    const database = await backend.open();
    const { app } = await buildApp({ config: testConfig({ secret: 'a server secret that is long enough to be a real one' }), database, clock: now });
    server = { app, database, baseUrl: (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '') };
  });
  afterAll(async () => {
    await server.app.close();
    await server.database.close();
  });

  async function signInWithCode(page: Page, email: string, code: string): Promise<EvaluationsPage> {
    await (await SignInPage.open(page)).submit(email, testPassword);
    const codePage = await new SignInCodePage(page).expectLoaded();
    const wrong = await codePage.submitExpectingErrors(code === '123456' ? '654321' : '123456');
    expect(await wrong.summaryErrors()).toEqual([{ text: 'Enter the code your app shows now, or one of your recovery codes', href: '#code' }]);
    expect(await wrong.fieldError(wrong.code)).toBe('Enter the code your app shows now, or one of your recovery codes');
    await wrong.submit(code);
    return new EvaluationsPage(page).expectLoaded();
  }

  it('sets up the second factor from the key shown, then signs in with a code from the app', async () => {
    const user = await addUser(server.database, 'Sam Second');
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);
    const account = await AccountPage.open(page);
    expect(await account.secondFactorStatus()).toBe('Off: your password alone signs you in. Set up two-step sign-in');

    const setUp = await account.setUpSecondFactor();
    expect(await setUp.qrCode.isVisible()).toBe(true);
    const key = await setUp.key();
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const empty = await setUp.submitExpectingErrors('12');
    expect(await empty.summaryErrors()).toEqual([{ text: 'Enter the 6-digit code your app shows now', href: '#code' }]);
    expect(await empty.key()).toBe(key);

    const codes = await empty.turnOn(appCode(key, now()));
    expect(await codes.codes()).toHaveLength(10);
    const after = await codes.continueToAccount();
    expect(await after.secondFactorStatus()).toBe('On: Formative asks for a code from your app after your password. Manage two-step sign-in');
    await after.signOut();
    await new SignInPage(page).expectLoaded();

    offset += 30_000;
    const signedIn = await signInWithCode(page, user.email, appCode(key, now()));
    expect(await signedIn.page.getByText('Signed in as Sam Second').isVisible()).toBe(true);

    offset += 30_000;
    const manage = await (await AccountPage.open(page)).manageSecondFactor();
    expect(await manage.recoveryCodesLeft()).toBe('10');
    const refused = await manage.turnOffExpectingErrors('not my password', appCode(key, now()));
    expect(await refused.summaryErrors()).toEqual([{ text: 'Enter your correct password', href: '#password' }]);
    const off = await refused.turnOff(testPassword, appCode(key, now()));
    expect(await off.secondFactorStatus()).toBe('Off: your password alone signs you in. Set up two-step sign-in');
  });

  it('signs in with a code, and with a recovery code, without JavaScript', async () => {
    const user = await addUser(server.database, 'No Script');
    const withScripts = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(withScripts)).signIn(user.email, testPassword);
    const setUp = await (await AccountPage.open(withScripts)).setUpSecondFactor();
    const key = await setUp.key();
    const recovery = await (await setUp.turnOn(appCode(key, now()))).codes();

    offset += 30_000;
    const page = await browser.newPage({ baseURL: server.baseUrl, javaScriptEnabled: false });
    await signInWithCode(page, user.email, appCode(key, now()));
    await new EvaluationsPage(page).signOut();

    const other = await browser.newPage({ baseURL: server.baseUrl, javaScriptEnabled: false });
    await (await SignInPage.open(other)).submit(user.email, testPassword);
    await (await new SignInCodePage(other).expectLoaded()).submit(recovery[0]!);
    await new EvaluationsPage(other).expectLoaded();
  });
});
