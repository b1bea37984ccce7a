import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { User } from '../src/modules/accounts/service.ts';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { horizontalOverflow } from './support/reflow.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { EvaluationsPage } from './support/pages/evaluations-page.ts';
import { EvaluationOverviewPage } from './support/pages/evaluation-overview-page.ts';

const browser = useBrowser();

const seededDetails = {
  commissioner: 'Department of Health',
  organisationName: 'Care Services Improvement Partnership',
  summary: 'A formative evaluation of the merged improvement programmes.',
  startsOn: '2005-04-01',
  endsOn: '2008-03-31',
};

describe.each(backends)('the foundation pages in a browser, on $name', (backend) => {
  const server = useServer(backend);

  /** A new account signed in through the form, in a context of its own, leading `evaluation` if one is named. */
  async function signedIn(
    { evaluation, ...options }: BrowserContextOptions & { evaluation?: string } = {},
  ): Promise<{ page: Page; evaluations: EvaluationsPage; user: User }> {
    const user = await server.addUser('Ann Evaluator');
    // Made directly, where the form is not what is being tested.
    if (evaluation) await createEvaluation(server.database.db, user.id, { ...seededDetails, title: evaluation });
    const page = await browser.newPage({ baseURL: server.baseUrl, ...options });
    const signIn = await SignInPage.open(page);
    return { page, user, evaluations: await signIn.signIn(user.email, testPassword) };
  }

  it('refuses a wrong password without saying whether the account exists, then signs in', async () => {
    const user = await server.addUser('Ann Evaluator');
    const page = await browser.newPage({ baseURL: server.baseUrl });
    const signIn = await SignInPage.open(page);

    const wrongPassword = await signIn.submitExpectingErrors(user.email, 'not the password');
    const refusal = await wrongPassword.summaryErrors();
    expect(refusal).toEqual([{ text: 'Enter a correct e-mail address and password', href: '#email' }]);
    expect(await wrongPassword.fieldError(wrongPassword.email)).toBe('Enter a correct e-mail address and password');
    expect(await wrongPassword.email.inputValue()).toBe(user.email);
    expect(await wrongPassword.password.inputValue(), 'the password is never sent back').toBe('');
    // GOV.UK Frontend moves focus to the summary, and its link to the field it names.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await wrongPassword.errorSummary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');

    const unknownAccount = await wrongPassword.submitExpectingErrors('nobody-here@example.org', 'not the password');
    expect(await unknownAccount.summaryErrors(), 'an unknown e-mail gets the very same answer').toEqual(refusal);
    expect(await unknownAccount.fieldError(unknownAccount.email)).toBe(refusal[0]!.text);

    const evaluations = await unknownAccount.signIn(user.email, testPassword);
    expect(await evaluations.current()).toEqual([]);
  });

  it('creates an evaluation after showing what to fix, keeping what was typed, and lists it', async () => {
    const { evaluations } = await signedIn();
    const form = await evaluations.startNewEvaluation();
    const details = {
      title: '',
      commissioner: 'Department of Health',
      organisationName: 'Care Services Improvement Partnership',
      summary: 'A formative evaluation of the merged programmes.',
      startsOn: { day: '1', month: '4', year: '2005' },
      endsOn: { day: '31', month: '3', year: '2008' },
    };
    await form.fill(details);
    const withErrors = await form.submitExpectingErrors();
    const errors = await withErrors.summaryErrors();
    expect(errors.map((e) => e.href)).toEqual(['#title']);
    expect(errors[0]!.text).toMatch(/title/i);
    expect(await withErrors.fieldError(withErrors.title)).toBe(errors[0]!.text);
    expect(await withErrors.values()).toEqual({ ...details, slug: '' });
    await withErrors.errorSummary.getByRole('link', { name: errors[0]!.text }).click();
    expect(await withErrors.page.evaluate(() => document.activeElement?.id)).toBe('title');

    const overview = await withErrors.create({ title: 'Evaluation of the Partnership' });
    expect(overview.slug()).toBe('evaluation-of-the-partnership');
    expect(await overview.detail('Commissioner')).toBe('Department of Health');
    expect(await overview.detail('Organisation evaluated')).toBe('Care Services Improvement Partnership');
    expect(await overview.detail('Dates')).toBe('1 April 2005 to 31 March 2008');

    const list = await EvaluationsPage.open(overview.page);
    expect(await list.current()).toEqual([
      {
        Evaluation: 'Evaluation of the Partnership',
        'Organisation evaluated': 'Care Services Improvement Partnership',
        Dates: '1 April 2005 to 31 March 2008',
        'Your role': 'Lead',
      },
    ]);
    await list.openEvaluation('Evaluation of the Partnership');
  });

  it('adds a programme and a person in it, lists both and finds the person by searching', async () => {
    const { evaluations } = await signedIn({ evaluation: 'Directory evaluation' });
    const overview = await evaluations.openEvaluation('Directory evaluation');

    const units = await overview.navigation.organisation();
    expect(await units.navigation.current()).toBe('Organisation');
    expect(await units.units('Programmes')).toEqual([]);
    const withProgramme = await (await units.startNewUnit()).add({ kind: 'Programme', name: 'Mental health', shortName: 'MHI' });
    expect(await withProgramme.units('Programmes')).toEqual([
      expect.objectContaining({ Name: 'Mental health', 'Short name': 'MHI', 'Part of': 'Top level' }),
    ]);

    const directory = await withProgramme.navigation.staffDirectory();
    expect(await directory.navigation.current()).toBe('Staff directory');
    expect(await directory.count()).toBe('0 people in the directory.');
    const grace = await (await directory.startNewPerson()).add({
      name: 'Grace Hopkins',
      jobTitle: 'Programme lead',
      email: 'grace.hopkins@example.org',
      phone: '020 7946 0000',
      unit: 'Mental health (programme)',
      startedOn: { day: '1', month: '4', year: '2005' },
    });
    expect(await grace.people()).toEqual([
      expect.objectContaining({ Name: 'Grace Hopkins', 'Job title': 'Programme lead', Unit: 'Mental health', 'E-mail': 'grace.hopkins@example.org' }),
    ]);
    const oliver = await (await grace.startNewPerson()).add({ name: 'Oliver Twist', jobTitle: 'Analyst' });

    const nobody = await oliver.search('nobody by this name');
    expect(await nobody.count()).toBe('0 people match your search.');
    expect(await nobody.people()).toEqual([]);

    const found = await nobody.search('programme lead');
    expect(await found.count()).toBe('1 person matches your search.');
    expect((await found.people()).map((p) => p.Name)).toEqual(['Grace Hopkins']);
    expect(await found.searchBox.inputValue()).toBe('programme lead');

    const everyone = await found.showEveryone();
    expect(await everyone.count()).toBe('2 people in the directory.');
    expect((await everyone.people()).map((p) => p.Name).sort()).toEqual(['Grace Hopkins', 'Oliver Twist']);
  });

  it('works with JavaScript turned off: signing in and creating an evaluation', async () => {
    const user = await server.addUser('Nora Script');
    const page = await browser.newPage({ baseURL: server.baseUrl, javaScriptEnabled: false });
    const signIn = await SignInPage.open(page);
    const refused = await signIn.submitExpectingErrors(user.email, 'wrong password');
    expect((await refused.summaryErrors()).map((e) => e.href)).toEqual(['#email']);
    const evaluations = await refused.signIn(user.email, testPassword);
    const form = await evaluations.startNewEvaluation();
    await form.fill({ title: '', commissioner: 'Kept without scripts' });
    const withErrors = await form.submitExpectingErrors();
    expect((await withErrors.summaryErrors()).map((e) => e.href)).toEqual(['#title']);
    expect(await withErrors.commissioner.inputValue()).toBe('Kept without scripts');
    const overview = await withErrors.create({ title: 'Evaluation without scripts' });
    expect(await overview.detail('Commissioner')).toBe('Kept without scripts');
    expect((await (await EvaluationsPage.open(page)).current()).map((e) => e.Evaluation)).toEqual(['Evaluation without scripts']);
  });

  it('fits a 320-pixel-wide screen without scrolling sideways', async () => {
    const fits = { excess: 0, culprits: [] };
    const user = await server.addUser('Ann Evaluator');
    const page = await browser.newPage({ baseURL: server.baseUrl, viewport: { width: 320, height: 640 } });
    const signIn = await SignInPage.open(page);
    expect(await horizontalOverflow(page)).toEqual(fits);

    const form = await (await signIn.signIn(user.email, testPassword)).startNewEvaluation();
    expect(await horizontalOverflow(page)).toEqual(fits);
    await form.create({
      title: 'Evaluation of the Care Services Improvement Partnership',
      slug: 'csip-formative-evaluation-2005-to-2008',
      commissioner: 'Department of Health',
      organisationName: 'Care Services Improvement Partnership',
      startsOn: { day: '1', month: '4', year: '2005' },
      endsOn: { day: '31', month: '3', year: '2008' },
    });
    expect(await horizontalOverflow(page)).toEqual(fits);
  });

  it('signs out to the sign-in page, after which evaluation pages ask to sign in again', async () => {
    const { page, user, evaluations } = await signedIn({ evaluation: 'Signed out evaluation' });
    expect((await evaluations.current()).map((e) => e.Evaluation)).toEqual(['Signed out evaluation']);
    const overview = await evaluations.openEvaluation('Signed out evaluation');
    const slug = overview.slug();
    await overview.signOut();
    await new SignInPage(page).expectLoaded();
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    for (const path of [`/evaluations/${slug}`, `/evaluations/${slug}/units`, '/evaluations']) {
      await page.goto(path);
      await new SignInPage(page).expectLoaded();
      const address = new URL(page.url());
      expect(address.pathname).toBe('/sign-in');
      expect(address.searchParams.get('next')).toBe(path);
    }
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    // Signing in again from there goes back to the page that was asked for.
    await page.goto(`/evaluations/${slug}`);
    await new SignInPage(page).submit(user.email, testPassword);
    await new EvaluationOverviewPage(page, 'Signed out evaluation').expectLoaded();
  });
});
