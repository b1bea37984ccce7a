import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../test/databases.ts';
import { testConfig, testPassword } from '../test/app.ts';
import { fieldworkFixture, linkIn } from '../src/modules/fieldwork/invitations/test-fixtures.ts';
import { startTestSmtp, type TestSmtpServer } from '../src/modules/fieldwork/mail/test-smtp.ts';
import { smtpSender } from '../src/modules/fieldwork/mail/transport.ts';
import { MailWorker } from '../src/modules/fieldwork/mail/worker.ts';
import { expectAccessible } from './support/axe.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';

const browser = useBrowser();

// One journey through a dozen pages, each checked by axe.
const journey = 240_000;

describe.each(backends)('invitations in a browser, on $name', (backend) => {
  const server = useServer(backend);
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startTestSmtp();
  });

  afterAll(async () => {
    await smtp.close();
  });

  it('adds participants, edits the invitation, sends it through SMTP, and sees the participant who answered as completed', async () => {
    const lead = await server.addUser('Lena Lead');
    const f = await fieldworkFixture(server.database, lead, { count: 3 });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(lead.email, testPassword);
    const participants = `/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants`;

    await page.goto(participants);
    await expect(page.getByRole('heading', { level: 1, name: 'Participants' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // Add two people from the directory.
    await page.getByRole('link', { name: 'Add people from the staff directory' }).click();
    await expectAccessible(page);
    await page.getByLabel('Person 001').check();
    await page.getByLabel('Person 002').check();
    await page.getByRole('button', { name: 'Add the people chosen' }).click();
    expect(await page.getByRole('alert').or(page.locator('.govuk-notification-banner')).first().innerText()).toContain('2 people added as participants');

    // Change the invitation: a misspelt placeholder is named, then the fixed text is saved.
    await page.getByRole('link', { name: 'Change the invitation' }).click();
    await expectAccessible(page);
    await page.getByLabel('Subject').fill('Your views, ((nmae))');
    await page.getByRole('button', { name: 'Save the invitation' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('((nmae))');
    await expectAccessible(page, 'the invitation with an error');
    await page.getByLabel('Subject').fill('Your views, ((name))');
    await page.getByRole('button', { name: 'Save the invitation' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The invitation is saved');
    expect(await page.locator('.govuk-inset-text').innerText()).toContain('Your views, Sam Example');

    // Send: the queue's worker delivers through a real SMTP server.
    await page.getByRole('link', { name: 'Back to the participants' }).click();
    await page.getByRole('button', { name: 'Send invitations' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('2 invitations queued');
    const before = smtp.received.length;
    await new MailWorker({ db: server.database.db, config: testConfig(), sender: smtpSender(smtp.url, 'team@example.org') }).runOnce();
    const mail = smtp.received.slice(before).find((m) => m.to[0] === 'person1@example.org')!;
    expect(mail.subject).toBe('Your views, Person 001');

    // The participant follows the link in the mail (on this test server's address) and answers.
    const respondent = await browser.newPage({ baseURL: server.baseUrl });
    await respondent.goto(linkIn(mail.text));
    await expectAccessible(respondent);
    await respondent.getByRole('button', { name: 'Start now' }).click();
    await expectAccessible(respondent);
    await respondent.getByLabel('Agree', { exact: true }).check();
    await respondent.getByRole('button', { name: 'Continue' }).click();
    await respondent.getByRole('button', { name: 'Send answers' }).click();
    expect(await respondent.locator('h1').innerText()).toBe('Your answers have been sent');

    // The lead sees them completed; the other is still invited.
    await page.goto(participants);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.find((r) => r.includes('Person 001'))).toContain('Completed');
    expect(rows.find((r) => r.includes('Person 002'))).toContain('Invited');
    await expectAccessible(page, 'the participants after one answered');
  }, journey);
});
