import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { api, buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { addDocument } from '../../documents/service.ts';
import { setUpTeam, type TestTeam } from './test-team.ts';

type Json = Record<string, unknown>;
const items = (body: Json | undefined) => (body?.items ?? []) as Json[];

describe.each(backends)('the protocol API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;
  let path: string;
  let otherPath: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'protocol-api');
    path = `/api/v1/evaluations/${team.evaluation.slug}/protocol`;
    otherPath = `/api/v1/evaluations/${team.other.slug}/protocol`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  const call = (method: string, url: string, body?: unknown) => api(built.app, team.researcher.token, method, url, body);
  const created = async (url: string, body: unknown): Promise<Json> => {
    const response = await call('POST', url, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body!;
  };

  it('round-trips aims, questions, methods, the matrix and coverage', async () => {
    ids.aim1 = String((await created(`${path}/aims`, { text: 'Describe the merger' })).id);
    ids.aim2 = String((await created(`${path}/aims`, { text: 'Learn from the sites' })).id);
    const question = await created(`${path}/questions`, { text: 'How far has the merger gone?', aimIds: [ids.aim1] });
    expect(question).toMatchObject({ number: 1, aimIds: [ids.aim1], override: null });
    ids.q1 = String(question.id);
    ids.q2 = String((await created(`${path}/questions`, { text: 'What helped at the sites?', aimIds: [ids.aim2, ids.aim1] })).id);
    ids.docs = String((await created(`${path}/methods`, { name: 'Documentary analysis', kind: 'documentary-analysis', hasData: true })).id);
    ids.cases = String((await created(`${path}/methods`, { name: 'Case studies', kind: 'case-studies' })).id);

    const matrix = await call('PUT', `${path}/matrix`, { cells: [{ methodId: ids.docs, questionId: ids.q1 }, { methodId: ids.cases, questionId: ids.q2 }] });
    expect(matrix.status).toBe(200);
    expect((matrix.body?.cells as unknown[]).length).toBe(2);

    // Documentary analysis has data once a document is in the register, not because the team ticked it.
    const unticked = await call('GET', `${path}/coverage`);
    expect((unticked.body?.questions as Json[])[0]).toMatchObject({ id: ids.q1, addressed: false });
    await addDocument(database.db, team.researcher.user.id, team.evaluation.id, { kind: 'minutes', title: 'Merger board minutes', text: 'The board agreed the merger.' });

    const coverage = await call('GET', `${path}/coverage`);
    expect(coverage.body?.questions).toEqual([
      expect.objectContaining({ id: ids.q1, addressed: true, reason: 'Answered by Documentary analysis, which has data' }),
      expect.objectContaining({ id: ids.q2, addressed: false, reason: 'No method that answers it has data yet (Case studies)' }),
    ]);
    expect((coverage.body?.aims as Json[]).map((a) => a.status)).toEqual(['partly-addressed', 'not-addressed']);

    const noReason = await call('PUT', `${path}/questions/${ids.q2}/override`, { override: 'not-addressed' });
    expect(noReason.status).toBe(400);
    expect(noReason.response.headers['content-type']).toContain('application/problem+json');
    expect(noReason.body?.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const reason = "The case-study event was cancelled at the funder's request";
    expect((await call('PUT', `${path}/questions/${ids.q2}/override`, { override: 'not-addressed', reason })).body?.override).toEqual({ addressed: false, reason, by: 'Rita Researcher', at: expect.any(String) });

    // Case studies' data is worked out from the case-study module: the team's mark is kept but does not count.
    const patched = await call('PATCH', `${path}/methods/${ids.cases}`, { hasData: true });
    expect(patched.body).toMatchObject({ name: 'Case studies', hasData: false, markedHasData: true, dataDerived: true });
    const after = await call('GET', `${path}/coverage`);
    expect((after.body?.questions as Json[])[1]).toMatchObject({ addressed: false, derivedAddressed: false, overridden: true, reason, override: { by: expect.any(String) } });

    const renamed = await call('PATCH', `${path}/questions/${ids.q1}`, { text: 'How far has the merger really gone?' });
    expect(renamed.body).toMatchObject({ text: 'How far has the merger really gone?', aimIds: [ids.aim1] });
    const moved = await call('POST', `${path}/aims/${ids.aim2}/move`, { direction: 'up' });
    expect(items(moved.body).map((a) => a.id)).toEqual([ids.aim2, ids.aim1]);
  });

  it('round-trips stages, tasks with their history, and the progress statement', async () => {
    ids.stage = String((await created(`${path}/stages`, { name: 'Case studies' })).id);
    const task = await created(`${path}/tasks`, { stageId: ids.stage, title: 'Case-study event', startsOn: '2006-09-01', ownerUserId: team.lead.user.id });
    expect(task).toMatchObject({ status: 'planned', owner: 'Lena Lead' });
    ids.task = String(task.id);

    const noReason = await call('PATCH', `${path}/tasks/${ids.task}`, { status: 'cancelled' });
    expect(noReason.status).toBe(400);
    expect(String(noReason.body?.detail)).toContain('Enter why the task was cancelled');
    expect((await call('GET', `${path}/tasks/${ids.task}`)).body?.status).toBe('planned');

    const backwards = await call('PATCH', `${path}/tasks/${ids.task}`, { endsOn: '2006-08-01' });
    expect(backwards.status).toBe(400);
    const notReal = await call('PATCH', `${path}/tasks/${ids.task}`, { endsOn: '2006-02-30' });
    expect(notReal.status).toBe(400);
    expect(String(notReal.body?.detail)).toContain('End date must be a real date');

    const cancelled = await call('PATCH', `${path}/tasks/${ids.task}`, { status: 'cancelled', note: "Cancelled at the funder's request", ownerName: 'Site liaison' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', ownerUserId: null, owner: 'Site liaison', startsOn: '2006-09-01' });
    await created(`${path}/tasks`, { stageId: ids.stage, title: 'Site visits', status: 'done' });

    const history = await call('GET', `${path}/tasks/${ids.task}/history`);
    expect(items(history.body).map((h) => [h.kind, h.by, h.reason])).toEqual([
      ['created', 'Rita Researcher', ''],
      ['changed', 'Rita Researcher', "Cancelled at the funder's request"],
    ]);
    expect((items(history.body)[1]!.changes as Json[]).map((c) => c.field)).toEqual(['status', 'owner', 'note']);
    expect(typeof items(history.body)[0]!.at).toBe('string');

    const progress = await call('GET', `${path}/progress`);
    expect(progress.body).toEqual({
      stages: [{ id: ids.stage, name: 'Case studies', phaseName: null, tasks: [
        { id: ids.task, title: 'Case-study event', status: 'cancelled', mark: '×', note: "Cancelled at the funder's request" },
        expect.objectContaining({ title: 'Site visits', mark: '✓' }),
      ] }],
      totals: { '✓': 1, '×': 1, '…': 0 },
    });
  });

  it('round-trips variations, the plan, the advisory group, ethics and documents', async () => {
    const variation = await created(`${path}/variations`, { agreedOn: '2006-10-12', description: 'Adds stakeholder interviews', taskIds: [ids.task] });
    expect(variation.tasks).toEqual([{ id: ids.task, title: 'Case-study event' }]);
    expect((await call('PATCH', `${path}/variations/${String(variation.id)}`, { reference: 'CV-2' })).body).toMatchObject({ reference: 'CV-2', tasks: [{ id: ids.task }] });

    const entry = await created(`${path}/plan`, { weekStarting: '2006-10-23', activity: 'Book interviews', ownerUserIds: [team.coder.user.id], otherOwners: ['Administrator'], taskId: ids.task });
    expect(entry.owners).toEqual([{ userId: team.coder.user.id, name: 'Colin Coder' }, { userId: null, name: 'Administrator' }]);
    expect((await call('PATCH', `${path}/plan/${String(entry.id)}`, { activity: 'Book the interviews' })).body).toMatchObject({ activity: 'Book the interviews', owners: entry.owners });
    expect((await call('DELETE', `${path}/plan/${String(entry.id)}`)).status).toBe(204);
    expect(items((await call('GET', `${path}/plan`)).body)).toEqual([]);

    await created(`${path}/advisory/members`, { name: 'Sam Chair', organisation: 'Northtown University', role: 'Chair' });
    const meeting = await created(`${path}/advisory/meetings`, { heldOn: '2006-11-14', agenda: 'Interim findings' });
    const decision = await created(`${path}/advisory/meetings/${String(meeting.id)}/decisions`, { text: 'Accept the variation', taskId: ids.task, questionId: ids.q2 });
    expect(decision).toMatchObject({ taskTitle: 'Case-study event', questionText: 'What helped at the sites?' });
    expect(items((await call('GET', `${path}/advisory/decisions`)).body)).toHaveLength(1);

    const approval = await created(`${path}/ethics`, { committee: 'University ethics committee', status: 'approved', decidedOn: '2006-06-20' });
    expect((await call('PATCH', `${path}/ethics/${String(approval.id)}`, { status: 'approved-with-conditions' })).status).toBe(400);
    expect((await call('PATCH', `${path}/ethics/${String(approval.id)}`, { status: 'approved-with-conditions', conditions: 'Encrypt recordings' })).body).toMatchObject({ conditions: 'Encrypt recordings' });

    const document = await created(`${path}/documents`, { kind: 'consent-form', title: 'Consent form', body: '[ ] I agree to take part' });
    expect(document).toMatchObject({ latestVersion: 1, kindLabel: 'Consent form' });
    const v2 = await created(`${path}/documents/${String(document.id)}/versions`, { title: 'Consent form', body: '[ ] I agree to take part\n[ ] I agree to be recorded', changeNote: 'Recording' });
    expect(v2.latestVersion).toBe(2);
    const versions = await call('GET', `${path}/documents/${String(document.id)}/versions`);
    expect(items(versions.body).map((v) => [v.number, v.changeNote])).toEqual([[1, ''], [2, 'Recording']]);
    expect((await call('GET', `${path}/documents/${String(document.id)}/versions/1`)).body).toMatchObject({ number: 1, body: '[ ] I agree to take part' });
  });

  it('round-trips context events with stable ids', async () => {
    const events = `/api/v1/evaluations/${team.evaluation.slug}/context-events`;
    const event = await created(events, { kind: 'budget', title: 'Budget cut', date: '2006-03' });
    expect(event).toMatchObject({ date: '2006-03', precision: 'month' });
    const changed = await call('PATCH', `${events}/${String(event.id)}`, { date: '2006-03-15' });
    expect(changed.body).toMatchObject({ id: event.id, date: '2006-03-15', precision: 'day' });
    expect((await call('POST', events, { kind: 'budget', title: 'Bad date', date: '2006-13' })).status).toBe(400);
    expect(items((await call('GET', `${events}?kind=media`)).body)).toEqual([]);
    expect(items((await call('GET', `${events}?kind=budget`)).body)).toHaveLength(1);
    expect((await call('DELETE', `${events}/${String(event.id)}`)).status).toBe(204);
    expect((await call('GET', `${events}/${String(event.id)}`)).status).toBe(404);
  });

  it("refuses ids of another evaluation's protocol, linking nothing", async () => {
    const outsider = (method: string, url: string, body?: unknown) => api(built.app, team.outsider.token, method, url, body);
    const theirAim = (await outsider('POST', `${otherPath}/aims`, { text: 'Their aim' })).body!;
    const theirQuestion = (await outsider('POST', `${otherPath}/questions`, { text: 'Their question', aimIds: [theirAim.id] })).body!;
    const theirStage = (await outsider('POST', `${otherPath}/stages`, { name: 'Their stage' })).body!;
    const theirTask = (await outsider('POST', `${otherPath}/tasks`, { stageId: theirStage.id, title: 'Their task' })).body!;

    expect((await call('POST', `${path}/questions`, { text: 'Borrowed aim', aimIds: [theirAim.id] })).status).toBe(400);
    expect((await call('PUT', `${path}/matrix`, { cells: [{ methodId: ids.docs, questionId: theirQuestion.id }] })).status).toBe(400);
    expect((await call('GET', `${path}/matrix`)).body?.cells).toHaveLength(2);
    expect((await call('POST', `${path}/tasks`, { stageId: theirStage.id, title: 'Borrowed stage' })).status).toBe(400);
    expect((await call('POST', `${path}/variations`, { agreedOn: '2006-01-01', description: 'Borrowed task', taskIds: [theirTask.id] })).status).toBe(400);
    expect((await call('POST', `${path}/plan`, { weekStarting: '2006-01-02', activity: 'Borrowed', taskId: theirTask.id })).status).toBe(400);
    expect((await call('POST', `${path}/tasks`, { stageId: ids.stage, title: 'Outsider owns it', ownerUserId: team.outsider.user.id })).status).toBe(400);

    // Another evaluation's rows named in this evaluation's addresses do not exist here.
    expect((await call('GET', `${path}/questions/${String(theirQuestion.id)}`)).status).toBe(404);
    expect((await call('PATCH', `${path}/tasks/${String(theirTask.id)}`, { title: 'Taken over' })).status).toBe(404);
    expect((await call('DELETE', `${path}/aims/${String(theirAim.id)}`)).status).toBe(404);
    expect((await call('GET', `${path}/tasks/not-an-id/history`)).status).toBe(404);
    expect((await outsider('GET', `${otherPath}/tasks/${String(theirTask.id)}`)).body?.title).toBe('Their task');
  });

  it('lets coders read, not change; refuses viewers; hides everything from non-members', async () => {
    const as = (token: string, method: string, url: string, body?: unknown) => api(built.app, token, method, url, body);
    for (const url of ['aims', 'questions', 'methods', 'matrix', 'coverage', 'stages', 'tasks', 'progress', 'variations', 'plan', 'advisory/members', 'advisory/meetings', 'ethics', 'documents']) {
      expect((await as(team.coder.token, 'GET', `${path}/${url}`)).status, url).toBe(200);
      expect((await as(team.viewer.token, 'GET', `${path}/${url}`)).status, url).toBe(403);
      expect((await as(team.outsider.token, 'GET', `${path}/${url}`)).status, url).toBe(404);
    }
    expect((await as(team.coder.token, 'POST', `${path}/aims`, { text: 'A coder’s aim' })).status).toBe(403);
    expect((await as(team.coder.token, 'PATCH', `${path}/tasks/${ids.task}`, { status: 'done' })).status).toBe(403);
    expect((await as(team.coder.token, 'GET', `/api/v1/evaluations/${team.evaluation.slug}/context-events`)).status).toBe(200);
    expect((await as(team.viewer.token, 'GET', `/api/v1/evaluations/${team.evaluation.slug}/context-timeline`)).status).toBe(403);
    expect((await as(team.outsider.token, 'POST', `/api/v1/evaluations/${team.evaluation.slug}/context-events`, { kind: 'media', title: 'x', date: '2006-01-01' })).status).toBe(404);
  });

  it('describes the protocol in the OpenAPI document', async () => {
    const spec = await built.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const paths = Object.keys((JSON.parse(spec.body) as { paths: Json }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/evaluations/{evaluation}/protocol/progress', '/api/v1/evaluations/{evaluation}/context-events']));
  });
});
