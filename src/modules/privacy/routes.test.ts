import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { seedPrivacyFixture, type PrivacyFixture } from './test-fixture.ts';

describe.each(backends)('privacy pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: TestBrowser;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let token: string;
  let f: PrivacyFixture;
  const logs: string[] = [];
  const base = '/evaluations/privacy-pages';
  const clock = () => new Date('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    database = await backend.open();
    // Logs at "info" into memory, so a test can check they hold no personal data.
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    built = await buildApp({ config: testConfig({ logLevel: 'info' }), database, clock, logStream });
    const leadUser = await addUser(database, 'Lena Lead');
    const researcherUser = await addUser(database, 'Rita Researcher');
    const coderUser = await addUser(database, 'Colin Coder');
    const evaluationId = (await createEvaluation(database.db, leadUser.id, { title: 'Privacy pages', slug: 'privacy-pages', endsOn: '2008-03-31' })).id;
    await setMember(database.db, leadUser.id, evaluationId, { email: researcherUser.email, role: 'researcher' });
    await setMember(database.db, leadUser.id, evaluationId, { email: coderUser.email, role: 'coder' });
    f = await seedPrivacyFixture(database.db, { evaluationId, leadId: leadUser.id });
    lead = new TestBrowser(built.app);
    await lead.signIn(leadUser);
    researcher = new TestBrowser(built.app);
    await researcher.signIn(researcherUser);
    coder = new TestBrowser(built.app);
    await coder.signIn(coderUser);
    token = (await createApiToken(database.db, researcherUser.id, 'test')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('warns on the interview page until consent is recorded, and records it from the form', async () => {
    const interviewPage = `${base}/interviews/${f.people.alice.interviewId}`;
    expect((await researcher.get(interviewPage)).body).toContain('SM01 has no consent record');
    const coderView = await coder.get(interviewPage);
    expect(coderView.body).toContain('SM01 has no consent record');
    expect(coderView.body).not.toContain('Record consent</a>');
    expect((await researcher.get(`${base}/privacy`)).body).toContain('Record consent for SM01');

    const form = `${base}/privacy/subjects/interviewee/${f.people.alice.intervieweeId}/consent`;
    const bad = await researcher.post(form, { formNote: '', 'givenOn-day': '10', 'givenOn-month': '1', 'givenOn-year': '2006' }, form);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#agreed"');
    expect(bad.body).toContain('href="#formVersionId"');
    const good = await researcher.post(form, { agreed: 'takingPart', formNote: 'Paper form v2', 'givenOn-day': '10', 'givenOn-month': '1', 'givenOn-year': '2006' }, form);
    expect(good.statusCode).toBe(303);
    const subjectPage = await researcher.get(String(good.headers.location));
    expect(subjectPage.body).toContain('10 January 2006');
    expect(subjectPage.body).toContain('Paper form v2');
    expect((await researcher.get(interviewPage)).body).not.toContain('has no consent record');
    expect((await coder.get(`${base}/privacy`)).statusCode).toBe(403);
  });

  it('records consent through the API and lists it', async () => {
    const created = await api(built.app, token, 'POST', `/api/v1/evaluations/privacy-pages/consent-records`, { personId: f.people.bob.personId, takingPart: true, futureResearch: true, formNote: 'Online form', givenOn: '2006-02-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subject: { kind: 'person', id: f.people.bob.personId }, agreed: { futureResearch: true, audioRecording: false } });
    const refused = await api(built.app, token, 'POST', `/api/v1/evaluations/privacy-pages/consent-records`, { personId: f.people.bob.personId, takingPart: true, formNote: 'x', givenOn: '2099-01-01' });
    expect(refused.status).toBe(400);
    const list = await api(built.app, token, 'GET', `/api/v1/evaluations/privacy-pages/consent-records`);
    expect((list.body?.items as unknown[]).length).toBe(2);
  });

  it('erases a withdrawn person only after the lead confirms, and keeps names out of the logs', async () => {
    const subject = `${base}/privacy/subjects/person/${f.people.alice.personId}`;
    expect((await researcher.get(`${subject}/withdraw`)).statusCode).toBe(403);
    const fields = { 'withdrawnOn-day': '1', 'withdrawnOn-month': '3', 'withdrawnOn-year': '2006', choice: 'erase', reason: 'Asked for everything to go' };
    const missing = await lead.post(`${subject}/withdraw`, { ...fields, choice: '' }, `${subject}/withdraw`);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#choice"');

    const confirm = await lead.post(`${subject}/withdraw`, fields, `${subject}/withdraw`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('This cannot be undone');
    expect(confirm.body).toContain('Yes, erase their data');
    // Nothing has changed yet.
    expect(await database.db.selectFrom('interviews').select('id').where('id', '=', f.people.alice.interviewId).executeTakeFirst()).toBeDefined();

    const done = await lead.post(`${subject}/withdraw/confirm`, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked for everything to go' }, `${subject}/withdraw`);
    expect(done.statusCode).toBe(303);
    const result = await researcher.get(String(done.headers.location));
    expect(result.body).toContain('Withdrawn participant 1');
    expect(result.body).toMatch(/Interviews<\/th>\s*<td[^>]*>1</);
    expect(await database.db.selectFrom('interviews').select('id').where('id', '=', f.people.alice.interviewId).executeTakeFirst()).toBeUndefined();
    expect(await database.db.selectFrom('interviews').select('id').where('id', '=', f.people.bob.interviewId).executeTakeFirst()).toBeDefined();
    expect((await researcher.get(`${base}/people/${f.people.alice.personId}/edit`)).body).toContain('Withdrawn participant 1');

    const audit = await lead.get(`${base}/audit`);
    expect(audit.body).not.toContain(f.people.alice.name);
    const logText = logs.join('');
    expect(logText.length).toBeGreaterThan(0);
    for (const secret of [f.people.alice.name, f.people.alice.email, f.people.alice.words]) expect(logText).not.toContain(secret);
  });

  it('shows what retention would delete and lets the lead set the period', async () => {
    const page = await researcher.get(`${base}/privacy/retention`);
    expect(page.body).toContain('No retention period is set');
    expect(page.body).not.toContain('Save retention period');
    expect(page.body).toMatch(/Directory entries with an e-mail address or telephone number<\/th>\s*<td[^>]*>1</);
    const bad = await lead.post(`${base}/privacy/retention`, { basis: 'months', monthsAfterEnd: 'six' }, `${base}/privacy/retention`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#monthsAfterEnd"');
    expect((await researcher.post(`${base}/privacy/retention`, { basis: 'months', monthsAfterEnd: '6' }, `${base}/privacy/retention`)).statusCode).toBe(403);
    expect((await lead.post(`${base}/privacy/retention`, { basis: 'months', monthsAfterEnd: '6' }, `${base}/privacy/retention`)).statusCode).toBe(303);
    expect((await researcher.get(`${base}/privacy/retention`)).body).toContain('due for deletion on 30 September 2008, which has passed');
  });

  it('gives the lead every record held about a person, as a page and as JSON', async () => {
    expect((await researcher.get(`${base}/privacy/subject-access?email=${f.people.bob.email}`)).statusCode).toBe(403);
    const unknown = await lead.get(`${base}/privacy/subject-access?email=nobody%40example.org`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No one in the staff directory has that e-mail address');
    const found = await lead.get(`${base}/privacy/subject-access?email=${encodeURIComponent(f.people.bob.email)}`);
    expect(found.statusCode).toBe(303);
    const page = await lead.get(String(found.headers.location));
    expect(page.body).toContain(f.people.bob.name);
    expect(page.body).toContain(f.people.bob.words);
    expect(page.body).toContain('Responses to anonymous surveys are not included');
    expect(page.body).not.toContain(f.people.alice.words);
    const json = await lead.get(`${String(found.headers.location)}.json`);
    expect(json.headers['content-disposition']).toContain('attachment');
    const parsed = JSON.parse(json.body) as { directoryEntry: { email: string }; interviews: unknown[] };
    expect(parsed.directoryEntry.email).toBe(f.people.bob.email);
    expect(parsed.interviews).toHaveLength(1);
  });
});
