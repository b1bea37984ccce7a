import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp, testConfig, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken, type User } from '../../accounts/service.ts';
import { setStatus } from '../../surveys/service.ts';
import { outboxSender, smtpSender } from '../mail/transport.ts';
import { startTestSmtp, type TestSmtpServer } from '../mail/test-smtp.ts';
import { MailWorker } from '../mail/worker.ts';
import { participantCookie } from './personal-link.ts';
import { participantsOverview } from './service.ts';
import { answerThroughLink, fieldworkFixture, linkIn, type FieldworkFixture } from './test-fixtures.ts';

describe.each(backends)('invitations on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let smtp: TestSmtpServer;
  let now = new Date('2030-05-01T09:00:00Z');
  const clock = () => now;
  let lead: User;
  let token: string;
  let lead_: TestBrowser;

  const worker = () => new MailWorker({ db: database.db, config: testConfig(), sender: smtpSender(smtp.url, 'Evaluation team <team@example.org>'), clock });
  const paths = (f: FieldworkFixture) => {
    const survey = `/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}`;
    return { survey, participants: `${survey}/participants`, api: `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}` };
  };
  const statusOf = async (f: FieldworkFixture, name: string) =>
    (await participantsOverview(database.db, f.evaluation.id, f.survey.id, 'lead')).participants.find((p) => p.name === name)!;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database, clock);
    smtp = await startTestSmtp();
    lead = await addUser(database, 'Lead');
    token = (await createApiToken(database.db, lead.id, 'tests')).token;
    lead_ = new TestBrowser(built.app);
    await lead_.signIn(lead);
  });

  afterAll(async () => {
    await built.app.close();
    await smtp.close();
    await database.close();
  });

  it('sends invitations through SMTP whose links work, marks completion, and reminds only those still due', async () => {
    const f = await fieldworkFixture(database, lead);
    const p = paths(f);
    const added = await api(built.app, token, 'POST', `${p.api}/participants`, { personIds: f.people.map((x) => x.id) });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ added: 5, alreadyParticipants: 0 });

    const queued = await lead_.post(`${p.participants}/invitations`, {}, p.participants);
    expect(queued.statusCode).toBe(303);
    const again = await lead_.post(`${p.participants}/invitations`, {}, p.participants);
    expect((await lead_.get(String(again.headers.location))).body).toContain('0 invitations queued');
    const before = smtp.received.length;
    const summary = await worker().runOnce();
    expect(summary).toMatchObject({ sent: 4, retrying: 0, bounced: 0 });
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['person1@example.org', 'person2@example.org', 'person3@example.org', 'person4@example.org']);
    const mailTo = (address: string) => mails.find((m) => m.to[0] === address)!;
    expect(mailTo('person1@example.org').subject).toBe('Please take part: Staff survey 2030');
    expect(mailTo('person1@example.org').text).toContain('Dear Person 001,');
    expect(mailTo('person1@example.org').text).toContain('/opt-out');
    // The phone-only participant gets no mail and is listed for a call.
    expect((await statusOf(f, 'Zed Phoneonly')).status).toBe('no-email');
    expect((await statusOf(f, 'Person 001')).status).toBe('invited');

    // Person 1 answers through the link in their mail.
    const respondent = new TestBrowser(built.app);
    const link1 = linkIn(mailTo('person1@example.org').text);
    const start = await respondent.get(link1);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Staff survey 2030');
    const key = await answerThroughLink(respondent, link1);
    // Completed at once; in this anonymous survey the day is written later, with a group (completions.ts).
    expect((await statusOf(f, 'Person 001'))).toMatchObject({ status: 'completed', completedOn: null });
    // The same link finds the same, finished response.
    const reopened = await respondent.get(link1);
    expect(reopened.statusCode).toBe(303);
    expect(reopened.headers.location).toBe(`/r/${key}/done`);

    // Person 2 opts out; mail to person 3 bounces.
    const link2 = linkIn(mailTo('person2@example.org').text);
    const optOut = await respondent.get(`${link2}/opt-out`);
    expect(optOut.body).toContain('Do not take part in this survey');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(optOut.body)![1]!;
    expect((await respondent.post(`${link2}/opt-out`, { _csrf: csrf })).body).toContain('You said you do not want to take part');
    expect((await statusOf(f, 'Person 002')).status).toBe('opted-out');
    const bounce = await lead_.post(`${p.participants}/bounces`, { email: 'PERSON3@example.org' }, p.participants);
    expect(bounce.statusCode).toBe(303);
    expect((await statusOf(f, 'Person 003')).status).toBe('bounced');

    // Too soon for a reminder; then eight days on, only person 4 is due one, and a second press sends nothing more.
    const early = await api(built.app, token, 'POST', `${p.api}/participants/reminders`, { days: 7 });
    expect(early.body).toMatchObject({ queued: 0 });
    now = new Date('2030-05-09T09:00:00Z');
    const reminders = await lead_.post(`${p.participants}/reminders`, { days: '7' }, p.participants);
    expect(reminders.statusCode).toBe(303);
    expect((await lead_.post(`${p.participants}/reminders`, { days: '7' }, p.participants)).statusCode).toBe(303);
    const beforeReminders = smtp.received.length;
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    const reminded = smtp.received.slice(beforeReminders);
    expect(reminded.map((m) => [m.to[0], m.subject])).toEqual([['person4@example.org', 'Reminder: Staff survey 2030']]);
    expect(linkIn(reminded[0]!.text)).toBe(linkIn(mailTo('person4@example.org').text));
    expect(await statusOf(f, 'Person 004')).toMatchObject({ remindersSent: 1 });
  });

  it('sets the completion cookie only for the response’s own pages, sent by this site alone', async () => {
    const f = await fieldworkFixture(database, lead, { count: 1 });
    await api(built.app, token, 'POST', `${paths(f).api}/participants`, { personIds: [f.people[0]!.id] });
    await api(built.app, token, 'POST', `${paths(f).api}/participants/invitations`);
    const before = smtp.received.length;
    await worker().runOnce();
    const link = linkIn(smtp.received.slice(before)[0]!.text);
    const browser = new TestBrowser(built.app);
    const page = await browser.get(link);
    const started = await browser.post(link, { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! });
    const key = String(started.headers.location).split('/')[2]!;
    const cookie = started.cookies.find((c) => c.name === participantCookie)!;
    expect(cookie).toMatchObject({ path: `/r/${key}`, httpOnly: true, sameSite: 'Strict' });
  });

  it('says what to do with a mistyped link, a closed survey, and an opted-out participant', async () => {
    const f = await fieldworkFixture(database, lead, { count: 1 });
    const browser = new TestBrowser(built.app);
    for (const wrong of ['/p/abc', '/p/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']) {
      const page = await browser.get(wrong);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('This link does not work');
      expect(page.body).toContain('contact the evaluation team');
    }
    await api(built.app, token, 'POST', `${paths(f).api}/participants`, { personIds: [f.people[0]!.id] });
    await api(built.app, token, 'POST', `${paths(f).api}/participants/invitations`);
    const before = smtp.received.length;
    await worker().runOnce();
    const link = linkIn(smtp.received.slice(before)[0]!.text);
    // Opting out, then back in.
    const confirm = await browser.get(`${link}/opt-out`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    await browser.post(`${link}/opt-out`, { _csrf: csrf });
    const optedOut = await browser.get(link);
    expect(optedOut.statusCode).toBe(403);
    expect(optedOut.body).toContain('Take part after all');
    const optIn = await browser.post(`${link}/opt-in`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(optedOut.body)![1]! });
    expect(optIn.headers.location).toBe(link);
    expect((await browser.get(link)).statusCode).toBe(200);
    // A closed survey says so, with its date.
    await setStatus(database.db, lead.id, f.evaluation.id, f.survey.id, 'closed');
    const closed = await browser.get(link);
    expect(closed.statusCode).toBe(410);
    expect(closed.body).toContain('This survey has closed');
    // Nor can the invitation-only survey be started from its public link.
    expect((await browser.get(`/s/${f.survey.publicCode}`)).body).toContain('by invitation only');
    // Sending to a closed survey is refused with a reason.
    const refused = await api(built.app, token, 'POST', `${paths(f).api}/participants/invitations`);
    expect(refused.status).toBe(400);
    expect(String(refused.body?.detail)).toContain('closed');
  });

  it('refuses a template with unknown placeholders, naming them, and uses a saved one with a preview', async () => {
    const f = await fieldworkFixture(database, lead, { count: 1 });
    const templates = `${paths(f).participants}/templates/invitation`;
    const form = await lead_.get(templates);
    expect(form.body).toContain('Sam Example');
    const refused = await lead_.post(templates, { subject: 'Hello ((nmae))', body: 'Go to ((link)) by ((closing_date))' }, templates);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('((nmae))');
    expect(refused.body).toContain('((closing_date))');
    expect(refused.body).toContain('govuk-error-summary');
    const noLink = await api(built.app, token, 'PUT', `${paths(f).api}/mail-templates/invitation`, { subject: 'Hello', body: 'No link here' });
    expect(noLink.status).toBe(400);
    const saved = await lead_.post(templates, { subject: 'Your say, ((name))', body: 'Dear ((name)), please answer ((survey_title)) at ((link)).' }, templates);
    expect(saved.statusCode).toBe(303);
    await api(built.app, token, 'POST', `${paths(f).api}/participants`, { personIds: [f.people[0]!.id] });
    await api(built.app, token, 'POST', `${paths(f).api}/participants/invitations`);
    const before = smtp.received.length;
    await worker().runOnce();
    const mail = smtp.received.slice(before)[0]!;
    expect(mail.subject).toBe('Your say, Person 001');
    expect(mail.text).toMatch(/^Dear Person 001, please answer Staff survey 2030 at http:\/\/localhost:\d+\/p\/[a-z2-7]{32}\.\n?$/);
  });

  it('keeps mail in the outbox when no mail server is set, with links that work', async () => {
    const f = await fieldworkFixture(database, lead, { count: 2 });
    await api(built.app, token, 'POST', `${paths(f).api}/participants`, { personIds: f.people.map((x) => x.id) });
    await lead_.post(`${paths(f).participants}/invitations`, {}, paths(f).participants);
    expect(await new MailWorker({ db: database.db, config: testConfig(), sender: outboxSender, clock }).runOnce()).toMatchObject({ outbox: 2, sent: 0 });
    const outbox = await lead_.get(`${paths(f).survey}/outbox`);
    expect(outbox.statusCode).toBe(200);
    expect(outbox.body).toContain('Invitation to person1@example.org');
    const link = linkIn(outbox.body);
    expect((await new TestBrowser(built.app).get(link)).statusCode).toBe(200);
    const jobs = await database.db.selectFrom('mail_jobs').select(['status', 'sent_at', 'body']).where('survey_id', '=', f.survey.id).execute();
    // Kept, not sent; and the queue never holds a link.
    expect(jobs.every((j) => j.status === 'outbox' && j.sent_at === null && j.body.includes('((link))') && !j.body.includes('/p/'))).toBe(true);
    const listed = await api(built.app, token, 'GET', `${paths(f).api}/outbox`);
    expect((listed.body!.items as { body: string }[])[0]!.body).toMatch(/\/p\/[a-z2-7]{32}/);
  });

  it('adds everyone drawn in a sample, recording the sample', async () => {
    const f = await fieldworkFixture(database, lead, { count: 3 });
    const db = database.db;
    const frame = await sql<{ id: string }>`INSERT INTO sampling_frames (evaluation_id, name, as_of) VALUES (${f.evaluation.id}, 'Frame', '2030-01-01') RETURNING id`.execute(db);
    const sample = await sql<{ id: string }>`INSERT INTO samples (evaluation_id, frame_id, name, purpose, method, requested_size, seed)
      VALUES (${f.evaluation.id}, ${frame.rows[0]!.id}, 'Pilot sample', 'pilot', 'simple', 2, 7) RETURNING id`.execute(db);
    const sampleId = sample.rows[0]!.id;
    for (const [i, person] of f.people.slice(0, 2).entries()) {
      await sql`INSERT INTO sample_members (sample_id, frame_position, person_id, stratum) VALUES (${sampleId}, ${i + 1}, ${person.id}, 'all')`.execute(db);
    }
    const page = await lead_.get(paths(f).participants);
    expect(page.body).toContain('Pilot sample (2 people)');
    const refused = await lead_.post(`${paths(f).participants}/add-sample`, {}, paths(f).participants);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose a sample');
    const added = await lead_.post(`${paths(f).participants}/add-sample`, { sampleId }, paths(f).participants);
    expect(added.statusCode).toBe(303);
    const rows = await db.selectFrom('participants').select(['person_id', 'sample_id']).where('survey_id', '=', f.survey.id).execute();
    expect(rows.map((r) => r.person_id).sort()).toEqual(f.people.slice(0, 2).map((p) => p.id).sort());
    expect(rows.every((r) => r.sample_id === sampleId)).toBe(true);
  });

  it('adds people from the page and from nowhere else: an id outside the directory adds nobody', async () => {
    const f = await fieldworkFixture(database, lead, { count: 2 });
    const add = `${paths(f).participants}/add`;
    const page = await lead_.get(`${add}?q=Person 002`);
    expect(page.body).toContain('Person 002');
    expect(page.body).not.toContain('Person 001');
    const response = await lead_.post(add, { personIds: f.people[1]!.id }, add);
    expect(response.statusCode).toBe(303);
    const wrong = await api(built.app, token, 'POST', `${paths(f).api}/participants`, { personIds: [f.people[0]!.id, '00000000-0000-4000-8000-000000000000'] });
    expect(wrong.status).toBe(400);
    expect(String(wrong.body?.detail)).toContain('00000000-0000-4000-8000-000000000000');
    const list = await api(built.app, token, 'GET', `${paths(f).api}/participants`);
    expect((list.body?.items as { name: string }[]).map((p) => p.name)).toEqual(['Person 002']);
    // Nobody chosen is a GOV.UK error on the page.
    const none = await lead_.post(add, {}, add);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one person');
  });
});
