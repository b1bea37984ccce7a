import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { listMeetings } from './advisory.ts';
import { addQuestion, addAim } from './aims.ts';
import { listPlan } from './plan.ts';
import { addStage } from './stages.ts';
import { addTask, type Task } from './tasks.ts';
import { postFields, setUpTeam, type TestTeam } from './test-team.ts';
import { listVariations } from './variations.ts';

describe.each(backends)('contract variations, the plan and the advisory group through the pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;
  let interviews: Task;
  let foreignTask: Task;

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'plan-pages');
    const stage = await addStage(database.db, team.lead.user.id, team.evaluation.id, { name: 'Interviews' });
    interviews = await addTask(database.db, team.lead.user.id, team.evaluation.id, { stageId: stage.id, title: 'Interviews with external stakeholders' });
    const theirStage = await addStage(database.db, team.outsider.user.id, team.other.id, { name: 'Theirs' });
    foreignTask = await addTask(database.db, team.outsider.user.id, team.other.id, { stageId: theirStage.id, title: 'Their task' });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const post = (url: string, fields: Record<string, string>, from: string) => team.researcher.browser.post(`${team.base}${url}`, fields, `${team.base}${from}`);
  const agreed = { 'agreedOn-day': '12', 'agreedOn-month': '10', 'agreedOn-year': '2006' };

  it('records a contract variation with the tasks it added, refusing tasks of another evaluation', async () => {
    const noDate = await post('/variations', { description: 'Adds interviews with external stakeholders' }, '/variations/new');
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('Enter the date it was agreed');
    const foreign = await post('/variations', { ...agreed, description: 'Links a task of another evaluation', taskIds: foreignTask.id }, '/variations/new');
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('Choose tasks of this evaluation');
    expect(await listVariations(database.db, team.evaluation.id)).toEqual([]);

    const saved = await post('/variations', {
      ...agreed, reference: 'CV-2', description: 'Adds interviews with external stakeholders',
      added: 'Twelve interviews with external stakeholders', removed: 'The case-file review', taskIds: interviews.id,
    }, '/variations/new');
    expect(saved.statusCode).toBe(303);
    const [variation] = await listVariations(database.db, team.evaluation.id);
    expect(variation).toMatchObject({ agreedOn: '2006-10-12', reference: 'CV-2', tasks: [{ id: interviews.id, title: 'Interviews with external stakeholders' }] });
    const page = await team.coder.browser.get(`${team.base}/variations`);
    expect(page.body).toContain('12 October 2006: CV-2');
    expect(page.body).toContain('Twelve interviews with external stakeholders');
  });

  it('shows the week-by-week plan by month, with owners from the team and outside it', async () => {
    const entries: [string, string, [string, string][]][] = [
      ['2006-10-23', 'Draft the stakeholder interview schedule', [['ownerUserIds', team.lead.user.id], ['ownerUserIds', team.researcher.user.id]]],
      ['2006-11-06', 'Book interviews', [['otherOwners', 'Project administrator'], ['taskId', interviews.id]]],
      ['2006-10-30', 'Pilot the schedule', [['ownerUserIds', team.researcher.user.id], ['otherOwners', 'Advisory group chair, Site liaison']]],
    ];
    for (const [week, activity, extra] of entries) {
      const [year, month, day] = week.split('-') as [string, string, string];
      const response = await postFields(built, team.researcher, `${team.base}/plan`, [['weekStarting-day', day], ['weekStarting-month', month], ['weekStarting-year', year], ['activity', activity], ...extra], `${team.base}/plan/new`);
      expect(response.statusCode).toBe(303);
    }
    const plan = await listPlan(database.db, team.evaluation.id);
    expect(plan.map((e) => [e.weekStarting, e.owners.map((o) => o.name)])).toEqual([
      ['2006-10-23', ['Lena Lead', 'Rita Researcher']],
      ['2006-10-30', ['Rita Researcher', 'Advisory group chair', 'Site liaison']],
      ['2006-11-06', ['Project administrator']],
    ]);
    const page = await team.coder.browser.get(`${team.base}/plan`);
    expect(page.body).toMatch(/<caption[^>]*>October 2006<\/caption>[\s\S]*23 October 2006[\s\S]*30 October 2006[\s\S]*<caption[^>]*>November 2006<\/caption>[\s\S]*6 November 2006/);
    expect(page.body).toContain('Lena Lead, Rita Researcher');
    expect(page.body).toContain(`/tasks/${interviews.id}">Interviews with external stakeholders</a>`);

    const stranger = await postFields(built, team.researcher, `${team.base}/plan`, [['weekStarting-day', '6'], ['weekStarting-month', '11'], ['weekStarting-year', '2006'], ['activity', 'Owned by an outsider'], ['ownerUserIds', team.outsider.user.id]], `${team.base}/plan/new`);
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('Choose members of this evaluation’s team');
    expect(await listPlan(database.db, team.evaluation.id)).toHaveLength(3);
  });

  it('records the advisory group, a meeting and a decision linked to a task and a question', async () => {
    expect((await post('/advisory/members', { name: 'Prof. Alex Morgan', organisation: 'University of Northtown', role: 'Chair' }, '/advisory/members/new')).statusCode).toBe(303);
    const meeting = await post('/advisory/meetings', { 'heldOn-day': '14', 'heldOn-month': '11', 'heldOn-year': '2006', agenda: 'Interim findings\nThe variation', minutesSummary: 'The group welcomed the variation.' }, '/advisory/meetings/new');
    expect(meeting.statusCode).toBe(303);
    const [stored] = await listMeetings(database.db, team.evaluation.id);
    expect(meeting.headers.location).toBe(`${team.base}/advisory/meetings/${stored!.id}`);

    const aim = await addAim(database.db, team.lead.user.id, team.evaluation.id, { text: 'Understand the outer context' });
    const question = await addQuestion(database.db, team.lead.user.id, team.evaluation.id, { text: 'How do stakeholders see the partnership?', aimIds: [aim.id] });
    const where = `/advisory/meetings/${stored!.id}`;
    const empty = await post(`${where}/decisions`, { text: '' }, where);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the decision');
    const foreign = await post(`${where}/decisions`, { text: 'Linked to another evaluation', taskId: foreignTask.id }, where);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('Choose one of the tasks of this evaluation, or none');
    expect((await post(`${where}/decisions`, { text: 'Go ahead with stakeholder interviews', taskId: interviews.id, questionId: question.id }, where)).statusCode).toBe(303);

    const [withDecision] = await listMeetings(database.db, team.evaluation.id);
    expect(withDecision!.decisions.map((d) => [d.text, d.taskTitle, d.questionText])).toEqual([['Go ahead with stakeholder interviews', 'Interviews with external stakeholders', 'How do stakeholders see the partnership?']]);
    const page = await team.coder.browser.get(`${team.base}${where}`);
    expect(page.body).toContain('Interim findings<br>The variation');
    expect(page.body).toContain('Go ahead with stakeholder interviews');
    const group = await team.coder.browser.get(`${team.base}/advisory`);
    expect(group.body).toContain('Prof. Alex Morgan');
    expect(group.body).toContain('University of Northtown');
  });
});
