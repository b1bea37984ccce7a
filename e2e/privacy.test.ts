import { describe, expect, it } from 'vitest';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { seedPrivacyFixture } from '../src/modules/privacy/test-fixture.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { PrivacyScreen } from './support/pages/privacy-pages.ts';

const browser = useBrowser();

describe.each(backends)('privacy in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('records consent from the interview page, then erases a withdrawn person after the confirmation', async () => {
    const lead = await server.addUser('Lena Lead');
    const evaluation = await createEvaluation(server.database.db, lead.id, { title: 'Privacy in the browser', slug: 'privacy-browser', endsOn: '2008-03-31' });
    const f = await seedPrivacyFixture(server.database.db, { evaluationId: evaluation.id, leadId: lead.id });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(lead.email, testPassword);

    const interview = await PrivacyScreen.open(page, `/evaluations/privacy-browser/interviews/${f.people.alice.interviewId}`, 'Interview with SM01', 'interview');
    expect(await interview.warning()).toContain('SM01 has no consent record');
    const form = await interview.follow({ link: 'Record consent' }, 'Record consent for SM01', 'consent-form');
    await form.follow({ button: 'Record consent' }, 'Record consent for SM01', 'consent-form-errors');
    expect((await form.summaryErrors()).map((e) => e.href)).toEqual(['#givenOn']);
    await form.tick('Audio recording of the interview');
    await form.tick('Transcription of the recording');
    await form.fill('Or describe the form signed (optional)', 'Paper form, version 2');
    await form.date('Date consent was given', { day: '10', month: '1', year: '2006' });
    await form.follow({ button: 'Record consent' }, 'Privacy: SM01', 'privacy-subject');
    expect(await page.locator('main').textContent()).toContain('Paper form, version 2');

    await PrivacyScreen.open(page, '/evaluations/privacy-browser/privacy', 'Privacy', 'privacy');
    expect(await page.locator('#without-consent').textContent()).toContain('SM02');
    await PrivacyScreen.open(page, '/evaluations/privacy-browser/privacy/retention', 'Retention of personal data', 'retention');

    const person = await PrivacyScreen.open(page, `/evaluations/privacy-browser/privacy/subjects/person/${f.people.alice.personId}`, `Privacy: ${f.people.alice.name}`, 'privacy-person');
    const withdrawal = await person.follow({ button: 'Record a withdrawal' }, `Record a withdrawal for ${f.people.alice.name}`, 'withdrawal-form');
    await withdrawal.date('Date they withdrew', { day: '1', month: '3', year: '2006' });
    await withdrawal.tick('Erase everything collected from them');
    await withdrawal.fill('Reason for this choice', 'Asked for everything to be erased');
    const confirm = await withdrawal.follow({ button: 'Continue' }, `Erase the data of ${f.people.alice.name}?`, 'withdrawal-confirm');
    expect(await confirm.warning()).toContain('This cannot be undone');
    const done = await confirm.follow({ button: 'Yes, erase their data' }, 'Withdrawn participant 1', 'withdrawal');
    expect(await done.counts('erased')).toEqual(expect.arrayContaining(['Interviews: 1', 'Transcripts: 1', 'Codings: 1', 'Survey responses (confidential or identified surveys): 1']));

    await PrivacyScreen.open(page, `/evaluations/privacy-browser/people?q=Zephyrine`, 'Staff directory', 'people');
    expect(await page.locator('#people-count').textContent()).toContain('0 people match');
  });
});
