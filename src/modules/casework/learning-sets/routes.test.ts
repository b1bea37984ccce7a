import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { postFields, setUpTeam, type TestTeam } from '../../evaluations/protocol/test-team.ts';
import { createFinding } from '../../findings/service.ts';
import * as service from './service.ts';

describe.each(backends)('learning-set pages and API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let team: TestTeam;
  let base: string;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    team = await setUpTeam(database, built, 'sets-pages');
    base = `/evaluations/${team.evaluation.slug}/learning-sets`;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('lets a researcher set up a set and a session, and record the feedback grid all or nothing', async () => {
    const researcher = team.researcher.browser;
    const missing = await researcher.post(base, { name: '', kind: '' }, `${base}/new`);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the name of the learning set');
    const created = await researcher.post(base, { name: 'Ward managers', kind: 'internal-staff' }, `${base}/new`);
    expect(created.statusCode).toBe(303);
    const setUrl = created.headers.location as string;
    for (const [name, role] of [['Ann Ash', 'Ward manager'], ['Ben Birch', 'Team leader']]) {
      expect((await researcher.post(`${setUrl}/members`, { name: name!, role: role!, organisation: '' }, setUrl)).statusCode).toBe(303);
    }
    const badDate = await researcher.post(`${setUrl}/sessions`, { 'plannedOn-day': '31', 'plannedOn-month': '2', 'plannedOn-year': '2007' }, setUrl);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('The planned date must be a real date');
    const planned = await researcher.post(`${setUrl}/sessions`, { 'plannedOn-day': '12', 'plannedOn-month': '3', 'plannedOn-year': '2007', place: 'Room 4' }, setUrl);
    const sessionUrl = planned.headers.location as string;
    expect((await researcher.post(`${sessionUrl}/status`, { status: 'held', reason: '' }, sessionUrl)).statusCode).toBe(303);

    const finding = await createFinding(database.db, team.lead.user.id, team.evaluation.id, { statement: 'Programmes multiply', valence: 'inhibiting' });
    const [setId, , sessionId] = sessionUrl.split('/').slice(-3);
    const members = await service.listMembers(database.db, setId!);
    const attended = await postFields(built, team.researcher, `${sessionUrl}/attendance`, members.map((m) => ['memberIds', m.id]), sessionUrl);
    expect(attended.statusCode).toBe(303);
    expect((await postFields(built, team.researcher, `${sessionUrl}/findings`, [['findingIds', finding.id]], sessionUrl)).statusCode).toBe(303);

    const grid = `${sessionUrl}/feedback`;
    const [ann, ben] = members;
    const cell = (m: { id: string }) => `response-${m.id}-${finding.id}`;
    const note = (m: { id: string }) => `note-${m.id}-${finding.id}`;
    const wrong = await researcher.post(grid, { [cell(ann!)]: 'agrees', [note(ben!)]: 'Only in the north' }, grid);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Choose Ben Birch’s response to finding 1, or clear the note');
    expect(wrong.body).toContain('value="Only in the north"');
    expect(await service.listFeedback(database.db, sessionId!)).toEqual([]);
    const saved = await researcher.post(grid, { [cell(ann!)]: 'agrees', [cell(ben!)]: 'disagrees', [note(ben!)]: 'Only in the north' }, grid);
    expect(saved.statusCode).toBe(303);

    const summary = await team.coder.browser.get(`${base}/reality-check`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toMatch(/Programmes multiply<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>/);
    expect(summary.body).toContain('Disagrees, Team leader (Ward managers, 2007-03-12): Only in the north');

    // A coder reads the grid but gets no form, and cannot post one.
    const coderGrid = await team.coder.browser.get(grid);
    expect(coderGrid.body).not.toContain('Save feedback');
    expect((await team.coder.browser.post(grid, { [cell(ann!)]: 'disagrees' }, grid)).statusCode).toBe(403);
  });

  it('asks why a session was cancelled, and keeps the reason and history', async () => {
    const set = await service.createSet(database.db, team.lead.user.id, team.evaluation.id, { name: 'Front line', kind: 'front-line-practitioners' });
    const session = await service.planSession(database.db, team.lead.user.id, team.evaluation.id, set.id, { plannedOn: '2007-03-19' });
    const url = `${base}/${set.id}/sessions/${session.id}`;
    const noReason = await team.researcher.browser.post(`${url}/status`, { status: 'cancelled', reason: '' }, url);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter why the session was cancelled');
    await team.researcher.browser.post(`${url}/status`, { status: 'cancelled', reason: 'Cancelled at the funder’s request' }, url);
    const page = await team.viewer.browser.get(url);
    expect(page.statusCode).toBe(403);
    const seen = await team.coder.browser.get(url);
    expect(seen.body).toContain('Cancelled: Cancelled at the funder’s request');
    expect(seen.body).toContain('Rita Researcher');
    const list = await team.coder.browser.get(base);
    expect(list.body).toContain('19 March 2007: Cancelled (Cancelled at the funder’s request)');
  });

  it('answers the JSON API, with a problem for a cancellation without a reason', async () => {
    const api = `/api/v1/evaluations/${team.evaluation.slug}/learning-sets`;
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) =>
      built.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
    const created = await call('POST', api, team.researcher.token, { name: 'API set', kind: 'internal-staff' });
    expect(created.statusCode).toBe(201);
    const setId = created.json().id as string;
    const session = await call('POST', `${api}/${setId}/sessions`, team.researcher.token, { plannedOn: '2007-04-02' });
    const refused = await call('POST', `${api}/${setId}/sessions/${session.json().id}/status`, team.researcher.token, { status: 'postponed' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Enter why the session was postponed');
    expect((await call('POST', api, team.coder.token, { name: 'No', kind: 'internal-staff' })).statusCode).toBe(403);
    const listed = await call('GET', api, team.coder.token);
    expect(listed.json().items.find((s: { id: string }) => s.id === setId)).toMatchObject({ name: 'API set', sessions: [{ status: 'planned', plannedOn: '2007-04-02' }] });
  });
});
