import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';
import { createTestSurvey } from '../../surveys/exports/test-survey.ts';
import { strongestContact } from './kinds.ts';
import { recordContact } from './service.ts';
import { addParticipants, addUnits } from './test-fieldwork.ts';

describe('strongestContact', () => {
  it('ranks spoken to directly over voicemail over a reminder over the e-mail only', () => {
    const invited = { invitedAt: new Date(), remindersSent: 0 };
    expect(strongestContact(new Set(['email_sent', 'voicemail', 'spoken_to']), invited)).toBe('spoken_to');
    expect(strongestContact(new Set(['voicemail', 'reminder_sent']), invited)).toBe('voicemail');
    expect(strongestContact(new Set(), { invitedAt: new Date(), remindersSent: 2 })).toBe('reminder');
    expect(strongestContact(new Set(['declined']), invited)).toBe('email_only');
    expect(strongestContact(new Set(), { invitedAt: null, remindersSent: 0 })).toBe('none');
  });
});

describe.each(backends)('contact log and response rates on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: TestBrowser;
  let coder: TestBrowser;
  let researcherToken: string;
  let coderToken: string;
  let evaluationId: string;
  let surveyId: string;
  let ids: string[];
  const base = () => `/evaluations/contacts-test/surveys/${surveyId}`;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const db = database.db;
    const lead = await addUser(database, 'Lead');
    const evaluation = await createEvaluation(db, lead.id, { title: 'Contacts test', slug: 'contacts-test' });
    evaluationId = evaluation.id;
    const rita = await addUser(database, 'Rita Researcher');
    const colin = await addUser(database, 'Colin Coder');
    await setMember(db, lead.id, evaluation.id, { email: rita.email, role: 'researcher' });
    await setMember(db, lead.id, evaluation.id, { email: colin.email, role: 'coder' });
    researcherToken = (await createApiToken(db, rita.id, 't')).token;
    coderToken = (await createApiToken(db, colin.id, 't')).token;
    researcher = new TestBrowser(built.app);
    coder = new TestBrowser(built.app);
    await researcher.signIn(rita);
    await coder.signIn(colin);
    const units = await addUnits(db, evaluation.id);
    const survey = await createTestSurvey(db, lead.id, evaluation.id);
    surveyId = survey.id;
    const done = '2006-04-10';
    ids = await addParticipants(db, evaluation.id, survey.id, [
      { name: 'Ann', unit: units.programme, completedOn: done },
      { name: 'Ben', unit: units.programme, completedOn: done },
      { name: 'Cat', unit: units.other, reminders: 1, completedOn: done },
      { name: '=Dan', unit: units.other, reminders: 1, phone: '+44 1 234' },
      { name: 'Eve', unit: units.team, reminders: 1, completedOn: done },
      { name: 'Fay', unit: units.team, reminders: 1 },
      { name: 'Gus', region: units.region, reminders: 1, completedOn: done },
      { name: 'Hal', region: units.region, reminders: 1 },
      { name: 'Ian', unit: units.programme },
      { name: 'Jo', unit: units.programme },
    ]);
    const [, , , , eve, , gus, , ian, jo] = ids;
    await recordContact(db, { evaluationId, participantId: eve!, kind: 'voicemail', occurredOn: '2006-04-12' });
    await recordContact(db, { evaluationId, participantId: eve!, kind: 'spoken_to', occurredOn: '2006-04-13' });
    await recordContact(db, { evaluationId, participantId: gus!, kind: 'voicemail', occurredOn: '2006-04-12' });
    await recordContact(db, { evaluationId, participantId: ian!, kind: 'opted_out', occurredOn: '2006-04-05' });
    await recordContact(db, { evaluationId, participantId: jo!, kind: 'bounced', occurredOn: '2006-04-03' });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('refuses a refusal without its reason, naming the field, and records nothing', async () => {
    const fay = ids[5]!;
    const form = `${base()}/contacts/${fay}`;
    const page = await researcher.get(form);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pressure of work');
    const response = await researcher.post(form, { kind: 'declined', 'occurredOn-day': '14', 'occurredOn-month': '4', 'occurredOn-year': '2006' }, form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#reason"');
    expect(response.body).toContain('Choose the reason they gave for not taking part');
    expect(response.body).toContain('No contact recorded yet.');
  });

  it('records a call with a refusal and a voicemail from the form, and lists them in the history', async () => {
    const [, , , , , fay, , hal] = ids;
    const fayForm = `${base()}/contacts/${fay}`;
    expect((await researcher.post(fayForm, { kind: 'spoken_to', 'occurredOn-day': '13', 'occurredOn-month': '4', 'occurredOn-year': '2006' }, fayForm)).statusCode).toBe(303);
    const declined = await researcher.post(fayForm, { kind: 'declined', reason: 'pressure_of_work', note: 'Busy until June', 'occurredOn-day': '13', 'occurredOn-month': '4', 'occurredOn-year': '2006' }, fayForm);
    expect(declined.statusCode).toBe(303);
    const halForm = `${base()}/contacts/${hal}`;
    expect((await researcher.post(halForm, { kind: 'voicemail', 'occurredOn-day': '12', 'occurredOn-month': '4', 'occurredOn-year': '2006' }, halForm)).statusCode).toBe(303);
    const history = await researcher.get(fayForm);
    expect(history.body).toContain('Declined to take part');
    expect(history.body).toContain('Busy until June');
    expect(history.body).toContain('Rita Researcher');
    const list = await researcher.get(`${base()}/contacts`);
    expect(list.body).toContain('Opted out');
  });

  it('keeps the contact log from coders', async () => {
    expect((await coder.get(`${base()}/contacts`)).statusCode).toBe(403);
    expect((await coder.get(`${base()}/non-respondents.csv`)).statusCode).toBe(403);
  });

  it('gives rates overall and by strongest contact with Wilson intervals', async () => {
    const { status, body } = await api(built.app, coderToken, 'GET', `/api/v1/evaluations/contacts-test/surveys/${surveyId}/response-rates`);
    expect(status).toBe(200);
    const rates = body as unknown as { overall: { n: number; completed: number; lower: number; upper: number }; byMethod: { key: string; n: number; completed: number }[]; byUnit: { label: string; n: number }[]; reasons: { reason: string; count: number }[]; optedOut: number; bounced: number };
    expect(rates.overall).toMatchObject({ n: 10, completed: 5 });
    // Wilson 95% for 5 of 10: 0.2366 to 0.7634.
    expect(rates.overall.lower).toBeCloseTo(0.2366, 4);
    expect(rates.overall.upper).toBeCloseTo(0.7634, 4);
    const method = Object.fromEntries(rates.byMethod.map((m) => [m.key, `${m.completed}/${m.n}`]));
    // Eve had a voicemail and then a call: she counts once, as spoken to.
    expect(method).toEqual({ spoken_to: '1/2', voicemail: '1/2', reminder: '1/2', email_only: '2/4' });
    expect(rates.reasons[0]).toEqual({ reason: 'pressure_of_work', label: 'Pressure of work', count: 1 });
    expect(rates.optedOut).toBe(2);
    expect(rates.bounced).toBe(1);
    expect(rates.byUnit.map((u) => `${u.label} ${u.n}`)).toEqual(['Crisis team 2', 'Mental health 4', 'Older people 2', 'No unit in the directory 2']);
  });

  it('shows the rates page to the team, saying how opted-out and bounced people count', async () => {
    const page = await coder.get(`${base()}/response-rates`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('5 of 10 participants answered: 50% (95% interval 24% to 76%)');
    expect(page.body).toContain('People who opted out (2) and whose e-mail bounced (1) stay in the number invited');
    expect(page.body).toContain('Spoken to directly');
    expect(page.body).not.toContain('non-respondents.csv');
  });

  it('downloads the non-respondents to follow up, without those who completed or opted out', async () => {
    const response = await researcher.get(`${base()}/non-respondents.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,email,phone,unit,region,last_contact,last_contact_on');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(["'=Dan", 'Hal', 'Jo']);
    expect(lines[2]).toContain('Voicemail left,2006-04-12');
    const listed = await api(built.app, researcherToken, 'GET', `/api/v1/evaluations/contacts-test/surveys/${surveyId}/non-respondents`);
    expect((listed.body as { people: unknown[] }).people).toHaveLength(3);
  });

  it('records a contact through the API and refuses one for a participant of another survey', async () => {
    const recorded = await api(built.app, researcherToken, 'POST', `/api/v1/evaluations/contacts-test/surveys/${surveyId}/participants/${ids[3]}/contacts`, { kind: 'spoken_to', occurredOn: '2006-04-20' });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ kind: 'spoken_to', occurredOn: '2006-04-20', recordedByName: 'Rita Researcher' });
    const bad = await api(built.app, researcherToken, 'POST', `/api/v1/evaluations/contacts-test/surveys/${surveyId}/participants/${ids[3]}/contacts`, { kind: 'declined', occurredOn: '2006-04-20' });
    expect(bad.status).toBe(400);
    const elsewhere = await api(built.app, researcherToken, 'POST', `/api/v1/evaluations/contacts-test/surveys/${surveyId}/participants/00000000-0000-4000-8000-000000000000/contacts`, { kind: 'spoken_to', occurredOn: '2006-04-20' });
    expect(elsewhere.status).toBe(404);
  });

  it('lists each survey in a wave by the wave\'s rates page, and none without a wave', async () => {
    const page = await coder.get('/evaluations/contacts-test/response-rates');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No survey in a wave has participants yet.');
  });
});
