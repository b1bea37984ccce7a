import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, api, buildTestApp, TestBrowser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createSurvey } from '../../surveys/service.ts';
import { addParticipants, addUnits } from '../contacts/test-fieldwork.ts';
import { findClash, withDescendants } from './overlaps.ts';

describe('findClash', () => {
  const survey = { surveyId: 's', title: 'Main survey', opensOn: '2006-10-02', closesOn: '2006-10-27', participants: [new Set(['team'])] };
  it('counts fieldwork within two weeks either side, and not three weeks away', () => {
    expect(findClash({ entryId: 'e', startsOn: '2006-11-06', endsOn: '2006-11-30', units: 'all' }, survey)).toMatchObject({ gapDays: 10, people: null });
    expect(findClash({ entryId: 'e', startsOn: '2006-11-17', endsOn: '2006-11-30', units: 'all' }, survey)).toBeNull();
    expect(findClash({ entryId: 'e', startsOn: '2006-09-01', endsOn: '2006-10-05', units: 'all' }, survey)).toMatchObject({ gapDays: 0 });
  });
  it('warns about named units only when sampled people are in them or inside them', () => {
    const units = [{ id: 'programme', parentId: null }, { id: 'team', parentId: 'programme' }, { id: 'other', parentId: null }];
    expect(findClash({ entryId: 'e', startsOn: '2006-10-09', endsOn: '2006-10-13', units: withDescendants(['programme'], units) }, survey)).toMatchObject({ people: 1 });
    expect(findClash({ entryId: 'e', startsOn: '2006-10-09', endsOn: '2006-10-13', units: withDescendants(['other'], units) }, survey)).toBeNull();
  });
});

describe.each(backends)('survey calendar on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: TestBrowser;
  let token: string;
  let units: Awaited<ReturnType<typeof addUnits>>;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const db = database.db;
    const user = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(db, user.id, { title: 'Calendar test', slug: 'calendar-test' });
    token = (await createApiToken(db, user.id, 't')).token;
    lead = new TestBrowser(built.app);
    await lead.signIn(user);
    units = await addUnits(db, evaluation.id);
    const survey = await createSurvey(db, user.id, evaluation.id, { title: 'Staff survey 2006', purpose: 'main', anonymity: 'anonymous', opensAt: new Date('2006-10-02T00:00:00Z'), closesAt: new Date('2006-10-28T00:00:00Z') });
    await addParticipants(db, evaluation.id, survey.id, [{ name: 'Ann', unit: units.team }, { name: 'Ben', unit: units.team }]);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('refuses an entry that ends before it starts, or is aimed at no unit, naming the fields', async () => {
    const response = await lead.post('/evaluations/calendar-test/calendar', {
      title: 'Diversity survey', 'startsOn-day': '10', 'startsOn-month': '10', 'startsOn-year': '2006', 'endsOn-day': '1', 'endsOn-month': '10', 'endsOn-year': '2006', audience: 'units',
    }, '/evaluations/calendar-test/calendar/new');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#endsOn"');
    expect(response.body).toContain('href="#unitIds"');
    expect((await lead.get('/evaluations/calendar-test/calendar')).body).not.toContain('Diversity survey');
  });

  it('warns when a consultation for a unit holding sampled people falls in the survey\'s weeks', async () => {
    const added = await lead.post('/evaluations/calendar-test/calendar', {
      title: 'Staff diversity survey', organiser: 'Human resources', 'startsOn-day': '16', 'startsOn-month': '10', 'startsOn-year': '2006', 'endsOn-day': '3', 'endsOn-month': '11', 'endsOn-year': '2006', audience: 'units', unitIds: units.programme.id,
    }, '/evaluations/calendar-test/calendar/new');
    expect(added.statusCode).toBe(303);
    await api(built.app, token, 'POST', '/api/v1/evaluations/calendar-test/calendar', { title: 'Older people review', startsOn: '2006-10-09', endsOn: '2006-10-20', audience: 'units', unitIds: [units.other.id] });
    const page = await lead.get('/evaluations/calendar-test/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('govuk-warning-text');
    expect(page.body).toContain('Staff diversity survey overlaps Staff survey 2006 and is aimed at 2 of its sampled people');
    expect(page.body).not.toContain('Older people review overlaps');
    // In date order: the survey opens first, then the review, then the diversity survey.
    const order = ['Staff survey 2006', 'Older people review', 'Staff diversity survey'].map((t) => page.body.indexOf(t, page.body.indexOf('<table')));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const listed = await api(built.app, token, 'GET', '/api/v1/evaluations/calendar-test/calendar');
    expect((listed.body as { clashes: { entryTitle: string; people: number }[] }).clashes).toEqual([expect.objectContaining({ entryTitle: 'Staff diversity survey', people: 2, gapDays: 0 })]);
  });
});
