import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { addParticipants, addUnits } from '../src/modules/fieldwork/contacts/test-fieldwork.ts';
import { createTestSurvey, storeResponses } from '../src/modules/surveys/exports/test-survey.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { expectAccessible } from './support/axe.ts';
import { useBrowser } from './support/browser.ts';
import { followNavigation } from './support/navigation.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

const agree = { type: 'likert' as const, points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'] };

/** Arrives on a page: checks its one h1 and runs axe on it. */
async function arrived(page: Page, heading: string): Promise<void> {
  await page.waitForLoadState('load');
  expect((await page.locator('h1').textContent())?.replace(/\s+/g, ' ').trim()).toBe(heading);
  await expectAccessible(page, `${heading} (${page.url()})`);
}

const click = (page: Page, name: string, role: 'button' | 'link' = 'button') => followNavigation(page, () => page.getByRole(role, { name, exact: true }).click());

describe.each(backends)('contact log, response rates and a shared statistics link in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('records a voicemail and a refusal, shows the rates, and opens the statistics with their password', async () => {
    const db = server.database.db;
    const user = await server.addUser('Lena Lead');
    const evaluation = await createEvaluation(db, user.id, { title: 'Partnership evaluation', slug: 'partnership' });
    const units = await addUnits(db, evaluation.id);
    const survey = await createTestSurvey(db, user.id, evaluation.id, 'anonymous', {
      pages: [{ id: 'p1', title: 'The change', questions: [{ id: 'need', text: 'Staff here see a clear need for this change.', format: agree }] }],
    });
    await addParticipants(db, evaluation.id, survey.id, [
      { name: 'Ann Answered', unit: units.programme, completedOn: '2006-04-05' },
      { name: 'Fay Busy', unit: units.programme, reminders: 1 },
      { name: 'Hal Away', unit: units.other, reminders: 1 },
    ]);
    await storeResponses(db, survey, Array.from({ length: 10 }, (_, i) => ({ answers: { need: i < 5 ? 4 : 5 } })));
    const base = `/evaluations/partnership/surveys/${survey.id}`;

    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);

    await page.goto(`${base}/contacts`);
    await arrived(page, 'Contact log');
    await click(page, 'Record outcome for Hal Away', 'link');
    await arrived(page, 'Hal Away');
    await page.getByLabel('Voicemail left', { exact: true }).check();
    await page.getByLabel('Day').fill('18');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2006');
    await click(page, 'Record outcome');
    await arrived(page, 'Contact log');
    expect(await page.locator('tr', { hasText: 'Hal Away' }).textContent()).toContain('Voicemail left, 18 April 2006');

    await click(page, 'Record outcome for Fay Busy', 'link');
    await arrived(page, 'Fay Busy');
    await page.getByLabel('Declined to take part', { exact: true }).check();
    // The reasons appear under the choice that needs them.
    await page.getByLabel('Pressure of work', { exact: true }).check();
    await page.getByLabel('Day').fill('19');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('2006');
    await click(page, 'Record outcome');
    await arrived(page, 'Contact log');

    await page.goto(`${base}/response-rates`);
    await arrived(page, 'Response rates');
    expect(await page.locator('#overall-rate').textContent()).toContain('1 of 3 participants answered: 33%');
    const reasons = page.getByRole('table', { name: 'Reasons for not taking part' });
    expect(await reasons.getByRole('row', { name: /Pressure of work/ }).textContent()).toContain('1');
    const byMethod = page.getByRole('table', { name: 'By contact method' });
    expect(await byMethod.getByRole('row', { name: /Voicemail left/ }).textContent()).toMatch(/Voicemail left\s*1\s*0\s*0%/);

    await page.goto(`${base}/sharing`);
    await arrived(page, 'Shared statistics');
    await page.getByLabel('Who it is for').fill('Funder');
    await page.getByLabel('Password', { exact: true }).fill('a password for the funder');
    await click(page, 'Create shared page');
    await arrived(page, 'Shared statistics');
    const link = (await page.locator('code', { hasText: '/shared/' }).first().textContent())!;
    const sharedPath = new URL(link).pathname;

    const funder = await browser.newPage({ baseURL: server.baseUrl });
    await funder.goto(sharedPath);
    await arrived(funder, 'Enter the password');
    await funder.getByLabel('Password', { exact: true }).fill('a wrong password');
    await click(funder, 'Continue');
    await arrived(funder, 'Enter the password');
    expect(await funder.locator('.govuk-error-summary').textContent()).toContain('The password is not correct');
    await funder.getByLabel('Password', { exact: true }).fill('a password for the funder');
    await click(funder, 'Continue');
    await arrived(funder, `${survey.title}: results`);
    const need = funder.getByRole('table', { name: /Staff here see a clear need/ });
    expect(await need.getByRole('row', { name: /^Strongly agree/ }).textContent()).toMatch(/5\s*50\.0%/);
  });
});
