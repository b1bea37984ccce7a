import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { addPeriod, listPeriods } from '../service.ts';
import { addStage, listStages } from './stages.ts';
import { progressStatement } from './summaries.ts';
import { listTasks, taskHistory } from './tasks.ts';
import { setUpTeam, type TestTeam } from './test-team.ts';

describe.each(backends)('stages, tasks and the progress statement through the pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'task-pages');
    await addPeriod(database.db, team.lead.user.id, 'phases', team.evaluation.id, { name: 'Phase 2: fieldwork', startsOn: '2006-01-01', endsOn: '2006-12-31' });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const post = (url: string, fields: Record<string, string>, from: string) => team.researcher.browser.post(`${team.base}${url}`, fields, `${team.base}${from}`);
  const taskNamed = async (title: string) => (await listTasks(database.db, team.evaluation.id)).find((t) => t.title === title)!;

  it('adds stages within phases', async () => {
    const [phase] = await listPeriods(database.db, 'phases', team.evaluation.id);
    expect((await post('/stages', { name: '' }, '/stages/new')).statusCode).toBe(400);
    expect((await post('/stages', { name: 'Documentary analysis', phaseId: '' }, '/stages/new')).statusCode).toBe(303);
    expect((await post('/stages', { name: 'Case studies', phaseId: phase!.id }, '/stages/new')).statusCode).toBe(303);
    expect((await listStages(database.db, team.evaluation.id)).map((s) => [s.name, s.phaseName])).toEqual([
      ['Documentary analysis', null],
      ['Case studies', 'Phase 2: fieldwork'],
    ]);
  });

  it('adds tasks with dates and owners, and refuses dates that are not real or end before they start', async () => {
    const [docs, cases] = await listStages(database.db, team.evaluation.id);
    const notReal = await post('/tasks', { title: 'Read the business plans', stageId: docs!.id, status: 'done', 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2006' }, '/tasks/new');
    expect(notReal.statusCode).toBe(400);
    expect(notReal.body).toContain('Start date must be a real date');
    const backwards = await post('/tasks', {
      title: 'Read the business plans', stageId: docs!.id, status: 'done',
      'startsOn-day': '1', 'startsOn-month': '6', 'startsOn-year': '2006', 'endsOn-day': '1', 'endsOn-month': '5', 'endsOn-year': '2006',
    }, '/tasks/new');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('End date must be the same as or after the start date');
    expect(await listTasks(database.db, team.evaluation.id)).toEqual([]);

    const done = await post('/tasks', { title: 'Read the business plans', stageId: docs!.id, status: 'done', ownerUserId: team.researcher.user.id, note: 'Both plans read' }, '/tasks/new');
    expect(done.statusCode).toBe(303);
    expect((await post('/tasks', { title: 'Case-study event', stageId: cases!.id, status: 'planned', ownerName: 'Site liaison', 'startsOn-day': '1', 'startsOn-month': '9', 'startsOn-year': '2006' }, '/tasks/new')).statusCode).toBe(303);
    expect((await post('/tasks', { title: 'Case-file review', stageId: cases!.id, status: 'ongoing' }, '/tasks/new')).statusCode).toBe(303);
    const both = await post('/tasks', { title: 'Two owners', stageId: cases!.id, ownerUserId: team.lead.user.id, ownerName: 'Someone else' }, '/tasks/new');
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Choose a team member or type a name, not both');
    expect((await listTasks(database.db, team.evaluation.id)).map((t) => [t.title, t.owner])).toEqual([
      ['Read the business plans', 'Rita Researcher'],
      ['Case-study event', 'Site liaison'],
      ['Case-file review', ''],
    ]);
  });

  it('asks for a reason before a task is cancelled or deferred, and saves nothing without one', async () => {
    const task = await taskNamed('Case-study event');
    for (const status of ['cancelled', 'deferred']) {
      const response = await post(`/tasks/${task.id}/edit`, { title: task.title, stageId: task.stageId, status, note: '', ownerName: 'Site liaison', 'startsOn-day': '1', 'startsOn-month': '9', 'startsOn-year': '2006' }, `/tasks/${task.id}/edit`);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(`Enter why the task was ${status}`);
      expect(response.body).toContain('href="#note"');
    }
    expect((await taskNamed('Case-study event')).status).toBe('planned');
    expect(await taskHistory(database.db, team.evaluation.id, task.id)).toHaveLength(1);
  });

  it('keeps the history of every change: who, when, old and new, and why', async () => {
    const task = await taskNamed('Case-study event');
    const reason = "Cancelled at the funder's request";
    const cancelled = await post(`/tasks/${task.id}/edit`, {
      title: task.title, stageId: task.stageId, status: 'cancelled', note: reason, ownerName: 'Site liaison',
      'startsOn-day': '1', 'startsOn-month': '9', 'startsOn-year': '2006', 'endsOn-day': '30', 'endsOn-month': '11', 'endsOn-year': '2006',
    }, `/tasks/${task.id}/edit`);
    expect(cancelled.statusCode).toBe(303);
    const owned = await post(`/tasks/${task.id}/edit`, {
      title: task.title, stageId: task.stageId, status: 'cancelled', note: reason, ownerUserId: team.lead.user.id,
      'startsOn-day': '1', 'startsOn-month': '9', 'startsOn-year': '2006', 'endsOn-day': '30', 'endsOn-month': '11', 'endsOn-year': '2006',
      changeReason: 'The lead writes to the sites',
    }, `/tasks/${task.id}/edit`);
    expect(owned.statusCode).toBe(303);

    const history = await taskHistory(database.db, team.evaluation.id, task.id);
    expect(history.map((h) => [h.kind, h.by, h.reason])).toEqual([
      ['created', 'Rita Researcher', ''],
      ['changed', 'Rita Researcher', reason],
      ['changed', 'Rita Researcher', 'The lead writes to the sites'],
    ]);
    expect(history[1]!.changes.map((c) => [c.label, c.from, c.to])).toEqual([
      ['Status', 'Planned', 'Cancelled'],
      ['End date', null, '2006-11-30'],
      ['Note or reason', null, reason],
    ]);
    expect(history[2]!.changes.map((c) => [c.label, c.from, c.to])).toEqual([['Owner', 'Site liaison', 'Lena Lead']]);

    const page = await team.coder.browser.get(`${team.base}/tasks/${task.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Status: Planned → Cancelled');
    expect(page.body).toContain('Owner: Site liaison → Lena Lead');
    expect(page.body).toContain('End date: none → 30 November 2006');
    expect(page.body).toContain('The lead writes to the sites');
    expect(page.body).toContain('Task added');
    expect(page.body.indexOf('Owner: Site liaison → Lena Lead')).toBeLessThan(page.body.indexOf('Status: Planned → Cancelled'));
  });

  it('records nothing when a save changes nothing', async () => {
    const task = await taskNamed('Case-file review');
    await post(`/tasks/${task.id}/edit`, { title: task.title, stageId: task.stageId, status: 'ongoing' }, `/tasks/${task.id}/edit`);
    expect(await taskHistory(database.db, team.evaluation.id, task.id)).toHaveLength(1);
  });

  it('generates the progress statement: ✓ done, × cancelled, … otherwise, with notes and reasons', async () => {
    const statement = await progressStatement(database.db, team.evaluation.id);
    expect(statement.stages.map((s) => [s.name, s.tasks.map((t) => [t.title, t.mark, t.note])])).toEqual([
      ['Documentary analysis', [['Read the business plans', '✓', 'Both plans read']]],
      ['Case studies', [['Case-study event', '×', "Cancelled at the funder's request"], ['Case-file review', '…', '']]],
    ]);
    expect(statement.totals).toEqual({ '✓': 1, '×': 1, '…': 1 });
    const page = await team.coder.browser.get(`${team.base}/progress`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Case-study event<\/a><\/th>\s*<td class="govuk-table__cell"><span aria-hidden="true">×<\/span> Cancelled<\/td>/);
    expect(page.body).toContain('Cancelled at the funder&#39;s request');
    expect(page.body).toContain('1 done, 1 cancelled, 1 not finished.');
  });

  it('refuses a stage of another evaluation for a task, and keeps a stage that holds tasks', async () => {
    const task = await taskNamed('Case-file review');
    const foreignStage = await addStage(database.db, team.outsider.user.id, team.other.id, { name: 'Their stage' });
    const moved = await post(`/tasks/${task.id}/edit`, { title: task.title, stageId: foreignStage.id, status: 'ongoing' }, `/tasks/${task.id}/edit`);
    expect(moved.statusCode).toBe(400);
    expect(moved.body).toContain('Choose the stage the task belongs to');
    expect((await taskNamed('Case-file review')).stageId).toBe(task.stageId);
    const stage = (await listStages(database.db, team.evaluation.id))[1]!;
    const kept = await post(`/stages/${stage.id}/delete`, {}, `/stages/${stage.id}/edit`);
    expect(kept.statusCode).toBe(409);
    expect(kept.body).toContain('The stage Case studies cannot be deleted because 2 tasks are in it');
  });

  it('lets a coder read tasks and the statement but not change them', async () => {
    const task = await taskNamed('Case-file review');
    expect((await team.coder.browser.get(`${team.base}/stages`)).statusCode).toBe(200);
    expect((await team.coder.browser.get(`${team.base}/tasks/${task.id}/edit`)).statusCode).toBe(403);
    expect((await team.viewer.browser.get(`${team.base}/progress`)).statusCode).toBe(403);
    expect((await team.outsider.browser.get(`${team.base}/tasks/${task.id}`)).statusCode).toBe(404);
  });
});
