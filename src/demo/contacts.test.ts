import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { surveyCalendar } from '../modules/fieldwork/calendar/service.ts';
import { surveyRates } from '../modules/fieldwork/rates/service.ts';
import { findPublicShare, tryPassword } from '../modules/surveys/sharing/service.ts';
import { listSurveys } from '../modules/surveys/service.ts';
import { contactsStep, DEMO_SHARE_PASSWORD } from './contacts.ts';
import { surveySteps, useDemo } from './test-fixture.ts';

// The steps the contact log needs; without the invitations step it draws the pilot's 30 itself.
const steps = [...surveySteps, contactsStep];

describe.each(backends)('the demo contact log ($name)', (backend) => {
  const loaded = useDemo(backend, steps);

  it('reproduces the pilot\'s response rates: 57% overall, 55% of those spoken to, 42% of those left a voicemail', async () => {
    const pilot = (await listSurveys(loaded.database.db, loaded.demo.evaluation.id)).find((s) => s.purpose === 'pilot')!;
    expect(pilot.complete).toBe(17);
    const rates = await surveyRates(loaded.database.db, loaded.demo.evaluation.id, pilot.id);
    expect([rates.overall.completed, rates.overall.n, Math.round(rates.overall.rate! * 100)]).toEqual([17, 30, 57]);
    const method = Object.fromEntries(rates.byMethod.map((m) => [m.key, [m.completed, m.n, Math.round(m.rate! * 100)]]));
    expect(method.spoken_to).toEqual([6, 11, 55]);
    expect(method.voicemail).toEqual([5, 12, 42]);
    expect(rates.reasons[0]).toMatchObject({ reason: 'pressure_of_work', count: 3 });
    expect(rates.reasons[1]!.count).toBeLessThan(3);
  });

  it('puts the diversity survey on the calendar with a warning for the first main wave, and shares that wave\'s statistics', async () => {
    const calendar = await surveyCalendar(loaded.database.db, loaded.demo.evaluation.id);
    expect(calendar.entries.map((e) => e.title)).toEqual(['Staff diversity survey', 'Performance framework consultation']);
    expect(calendar.clashes.map((c) => [c.entryTitle, c.surveyTitle])).toContainEqual(['Staff diversity survey', 'Staff survey 2006 (Year 1)']);
    const share = await loaded.database.db.selectFrom('statistics_shares').select('id').executeTakeFirstOrThrow();
    expect(await tryPassword(loaded.database.db, await findPublicShare(loaded.database.db, share.id), DEMO_SHARE_PASSWORD, new Date())).toBe(true);
  });
});
