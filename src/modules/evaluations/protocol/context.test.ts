import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { api, buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { addPeriod } from '../service.ts';
import { addMeeting } from './advisory.ts';
import { listContextEvents } from './context-events.ts';
import { contextTimeline } from './context-timeline.ts';
import { addStage } from './stages.ts';
import { addTask } from './tasks.ts';
import { setUpTeam, type TestTeam } from './test-team.ts';

describe.each(backends)('the context timeline on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;
  let context: string;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'context-timeline');
    context = `/evaluations/${team.evaluation.slug}/context`;
    const { db } = database;
    const lead = team.lead.user.id;
    await addPeriod(db, lead, 'phases', team.evaluation.id, { name: 'Phase 1', startsOn: '2005-04-01', endsOn: '2006-03-31' });
    await addPeriod(db, lead, 'waves', team.evaluation.id, { name: 'Year 1', startsOn: '2006-05-01', endsOn: '2006-07-31' });
    const stage = await addStage(db, lead, team.evaluation.id, { name: 'Case studies' });
    await addTask(db, lead, team.evaluation.id, { stageId: stage.id, title: 'Case-study event', status: 'cancelled', note: "Cancelled at the funder's request", endsOn: '2006-11-30' });
    await addMeeting(db, lead, team.evaluation.id, { heldOn: '2006-03-14', agenda: 'The review' });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const post = (url: string, fields: Record<string, string>) => team.researcher.browser.post(url, fields, `${context}/new`);
  const date = (day: string, month: string, year: string) => ({ 'date-day': day, 'date-month': month, 'date-year': year });

  it('records events with a date, or only a month, and refuses dates that are not real', async () => {
    const noKind = await post(context, { title: 'Something happened', ...date('1', '1', '2006') });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.body).toContain('Choose the kind of event');
    const noDate = await post(context, { kind: 'media', title: 'Press coverage' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('Enter the date, or at least the month and year');
    const notReal = await post(context, { kind: 'media', title: 'Press coverage', ...date('31', '4', '2006') });
    expect(notReal.statusCode).toBe(400);
    expect(notReal.body).toContain('The date must be a real date');
    expect(notReal.body).toContain('value="Press coverage"');
    const badMonth = await post(context, { kind: 'media', title: 'Press coverage', ...date('', '13', '2006') });
    expect(badMonth.statusCode).toBe(400);
    expect(await listContextEvents(database.db, team.evaluation.id)).toEqual([]);

    const events: Record<string, string>[] = [
      { kind: 'review', title: "Departmental review of arm's-length bodies announced", ...date('22', '7', '2004'), source: 'https://example.org/review' },
      { kind: 'budget', title: 'Budget reduced by a tenth', ...date('', '3', '2006'), source: 'Departmental letter, March 2006' },
      { kind: 'media', title: 'Trade press asks whether the partnership will survive', ...date('14', '3', '2006'), description: 'A feature on the review' },
      { kind: 'policy', title: 'White paper on community services', ...date('30', '1', '2006') },
    ];
    for (const fields of events) expect((await post(context, fields)).statusCode).toBe(303);
    const stored = await listContextEvents(database.db, team.evaluation.id);
    expect(stored.map((e) => [e.date, e.precision, e.kind])).toEqual([
      ['2004-07-22', 'day', 'review'],
      ['2006-01-30', 'day', 'policy'],
      ['2006-03', 'month', 'budget'],
      ['2006-03-14', 'day', 'media'],
    ]);
    expect(await listContextEvents(database.db, team.evaluation.id, { kinds: ['budget', 'media'] })).toHaveLength(2);
  });

  it("shows events beside the evaluation's milestones, in date order, grouped by year", async () => {
    const years = await contextTimeline(database.db, team.evaluation.id);
    expect(years.map((y) => y.year)).toEqual(['2004', '2005', '2006']);
    expect(years[2]!.items.map((i) => `${i.date} ${i.side} ${i.title}`)).toEqual([
      '2006-01-30 context White paper on community services',
      '2006-03-01 context Budget reduced by a tenth',
      '2006-03-14 context Trade press asks whether the partnership will survive',
      '2006-03-14 evaluation Advisory group meeting',
      '2006-03-31 evaluation Phase 1 ends',
      '2006-05-01 evaluation Year 1 opens',
      '2006-07-31 evaluation Year 1 closes',
      '2006-11-30 evaluation Case-study event ends',
    ]);

    const page = await team.coder.browser.get(context);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<caption[^>]*>2004<\/caption>[\s\S]*<caption[^>]*>2005<\/caption>[\s\S]*<caption[^>]*>2006<\/caption>/);
    expect(page.body).toContain('<time datetime="2006-03">March 2006</time>');
    expect(page.body).toContain('<time datetime="2006-03-14">14 March 2006</time>');
    expect(page.body).toContain('<a class="govuk-link" href="https://example.org/review" rel="noreferrer noopener">');
    expect(page.body.indexOf('Budget reduced by a tenth')).toBeLessThan(page.body.indexOf('Phase 1 ends'));
    const [review] = await listContextEvents(database.db, team.evaluation.id);
    expect(page.body).toContain(`id="event-${review!.id}"`);
  });

  it('filters by kind and can hide the milestones', async () => {
    const filtered = await team.coder.browser.get(`${context}?kind=budget&kind=media&milestones=hide`);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Budget reduced by a tenth');
    expect(filtered.body).toContain('Trade press asks');
    expect(filtered.body).not.toContain('White paper');
    expect(filtered.body).not.toContain('Phase 1 ends');
    expect(filtered.body).toMatch(/value="budget" checked/);
    const one = await team.coder.browser.get(`${context}?kind=policy`);
    expect(one.body).toContain('White paper');
    expect(one.body).toContain('Phase 1 ends');
    expect(one.body).not.toContain('Budget reduced');
  });

  it('changes an event keeping its id, and gives the timeline as JSON', async () => {
    const [review] = await listContextEvents(database.db, team.evaluation.id);
    const edit = `${context}/${review!.id}/edit`;
    const form = await team.researcher.browser.get(edit);
    expect(form.body).toContain('name="date-day" type="text" value="22"');
    const changed = await team.researcher.browser.post(edit, { kind: 'review', title: 'Review of arm’s-length bodies announced', ...date('', '7', '2004'), source: review!.source }, edit);
    expect(changed.statusCode).toBe(303);
    const [after] = await listContextEvents(database.db, team.evaluation.id);
    expect(after).toMatchObject({ id: review!.id, date: '2004-07', precision: 'month' });

    const timeline = await api(built.app, team.coder.token, 'GET', `/api/v1/evaluations/${team.evaluation.slug}/context-timeline?kind=budget&milestones=hide`);
    expect(timeline.status).toBe(200);
    expect(timeline.body).toEqual({ years: [{ year: '2006', items: [expect.objectContaining({ side: 'context', title: 'Budget reduced by a tenth', date: '2006-03-01' })] }] });
  });

  it('lets coders read the timeline, researchers change it, and no one else', async () => {
    expect((await team.coder.browser.get(`${context}/new`)).statusCode).toBe(403);
    expect((await team.viewer.browser.get(context)).statusCode).toBe(403);
    expect((await team.outsider.browser.get(context)).statusCode).toBe(404);
    const [event] = await listContextEvents(database.db, team.evaluation.id);
    expect((await team.outsider.browser.get(`/evaluations/${team.other.slug}/context/${event!.id}/edit`)).statusCode).toBe(404);
  });
});
