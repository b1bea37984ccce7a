import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../../test/app.ts';
import { backends } from '../../../../test/databases.ts';
import type { Database } from '../../../db/database.ts';
import { HttpError } from '../../../http/errors.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createFinding } from '../../findings/service.ts';
import { addPerson } from '../../organisation/service.ts';
import * as sets from './service.ts';

async function rejection(promise: Promise<unknown>): Promise<{ status: number; fields: { field: string; message: string }[] }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof HttpError) return { status: error.status, fields: error.fields };
  if (error && typeof error === 'object' && 'issues' in error) return { status: 400, fields: (error as { issues: { path: string[]; message: string }[] }).issues.map((i) => ({ field: i.path.join('-'), message: i.message })) };
  throw new Error(`expected a rejection, got ${String(error)}`);
}

describe.each(backends)('learning sets on $name', (backend) => {
  let database: Database;
  let userId: string;
  let evaluationId: string;
  let findingIds: string[];
  beforeAll(async () => {
    database = await backend.open();
    const user = await addUser(database, 'Rhea Researcher');
    userId = user.id;
    evaluationId = (await createEvaluation(database.db, user.id, { title: 'Sets', slug: 'sets' })).id;
    findingIds = [];
    for (const statement of ['Programmes multiply each year', 'Staff trust the new board', 'Front-line work is rarely cross-cutting']) {
      findingIds.push((await createFinding(database.db, user.id, evaluationId, { statement, valence: 'mixed' })).id);
    }
  });
  afterAll(async () => {
    await database.close();
  });

  async function heldSession(memberNames: string[]) {
    const set = await sets.createSet(database.db, userId, evaluationId, { name: `Set ${memberNames.join('')}`, kind: 'internal-staff' });
    const members = [];
    for (const name of memberNames) members.push(await sets.addMember(database.db, userId, evaluationId, set.id, { name, role: `${name}'s role` }));
    const session = await sets.planSession(database.db, userId, evaluationId, set.id, { plannedOn: '2006-06-12', place: 'Room 2', facilitator: 'Rhea' });
    await sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'held' });
    return { set, members, session };
  }

  it('asks why a session was cancelled or postponed, and keeps the history of every change', async () => {
    const set = await sets.createSet(database.db, userId, evaluationId, { name: 'Front line', kind: 'front-line-practitioners' });
    const session = await sets.planSession(database.db, userId, evaluationId, set.id, { plannedOn: '2006-09-04' });
    const missing = await rejection(sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'cancelled', reason: '  ' }));
    expect(missing.status).toBe(400);
    expect(missing.fields[0]).toMatchObject({ field: 'reason', message: expect.stringContaining('Enter why the session was cancelled') });
    await sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'postponed', reason: 'Room unavailable' });
    const cancelled = await sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'cancelled', reason: 'Cancelled at the funder’s request' });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusLabel: 'Cancelled', reason: 'Cancelled at the funder’s request' });
    const full = await sets.getSession(database.db, evaluationId, set.id, session.id);
    expect(full.history.map((h) => [h.from, h.to, h.reason, h.by])).toEqual([
      [null, 'planned', '', 'Rhea Researcher'],
      ['planned', 'postponed', 'Room unavailable', 'Rhea Researcher'],
      ['postponed', 'cancelled', 'Cancelled at the funder’s request', 'Rhea Researcher'],
    ]);
    const replanned = await sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'planned' });
    expect(replanned.reason).toBe('');
  });

  it('takes feedback only from members who came, on findings that were presented', async () => {
    const { set, members, session } = await heldSession(['Ann', 'Ben', 'Cy']);
    await sets.setAttendance(database.db, userId, evaluationId, set.id, session.id, { memberIds: [members[0]!.id, members[1]!.id] });
    await sets.setPresentedFindings(database.db, userId, evaluationId, set.id, session.id, { findingIds: [findingIds[1]!, findingIds[0]!] });
    const full = await sets.getSession(database.db, evaluationId, set.id, session.id);
    expect(full.findings.map((f) => f.number)).toEqual([1, 2]);
    expect(full.members.map((m) => m.attended)).toEqual([true, true, false]);

    const absent = await rejection(sets.saveFeedbackGrid(database.db, userId, evaluationId, set.id, session.id, { cells: [{ memberId: members[2]!.id, findingId: findingIds[0]!, response: 'agrees' }] }));
    expect(absent.fields[0]!.message).toBe('Feedback can only come from members who attended the session');
    const notShown = await rejection(sets.saveFeedbackGrid(database.db, userId, evaluationId, set.id, session.id, { cells: [{ memberId: members[0]!.id, findingId: findingIds[2]!, response: 'agrees' }] }));
    expect(notShown.fields[0]!.message).toBe('Feedback can only be on findings presented at the session');
    const stranger = await rejection(sets.setAttendance(database.db, userId, evaluationId, set.id, session.id, { memberIds: [findingIds[0]!] }));
    expect(stranger.fields[0]!.message).toBe('Choose members of this learning set');
  });

  it('saves the grid all or nothing, and counts responses per finding across sessions', async () => {
    const { set, members, session } = await heldSession(['Dee', 'Eli']);
    await sets.setAttendance(database.db, userId, evaluationId, set.id, session.id, { memberIds: members.map((m) => m.id) });
    await sets.setPresentedFindings(database.db, userId, evaluationId, set.id, session.id, { findingIds: [findingIds[2]!] });
    const [dee, eli] = members;
    const grid = (eliResponse: 'disagrees' | '') => ({
      cells: [
        { memberId: dee!.id, findingId: findingIds[2]!, response: 'agrees' as const, note: '' },
        { memberId: eli!.id, findingId: findingIds[2]!, response: eliResponse, note: 'Only in the north' },
      ],
    });
    const broken = await rejection(sets.saveFeedbackGrid(database.db, userId, evaluationId, set.id, session.id, grid('')));
    expect(broken.fields).toEqual([{ field: `response-${eli!.id}-${findingIds[2]}`, message: 'Choose Eli’s response to finding 3, or clear the note' }]);
    expect(await sets.listFeedback(database.db, session.id)).toEqual([]);

    await sets.saveFeedbackGrid(database.db, userId, evaluationId, set.id, session.id, grid('disagrees'));
    const summary = (await sets.feedbackOnFindings(database.db, evaluationId)).get(findingIds[2]!);
    expect(summary).toEqual({
      findingId: findingIds[2],
      sessions: 1,
      agrees: 1,
      disagrees: 1,
      nuances: 0,
      notes: [{ session: `${set.name}, 2006-06-12`, memberRole: "Eli's role", response: 'disagrees', note: 'Only in the north' }],
    });

    // A second session adds to the same finding's counts.
    const second = await heldSession(['Fay']);
    await sets.setAttendance(database.db, userId, evaluationId, second.set.id, second.session.id, { memberIds: [second.members[0]!.id] });
    await sets.setPresentedFindings(database.db, userId, evaluationId, second.set.id, second.session.id, { findingIds: [findingIds[2]!] });
    await sets.saveFeedbackGrid(database.db, userId, evaluationId, second.set.id, second.session.id, { cells: [{ memberId: second.members[0]!.id, findingId: findingIds[2]!, response: 'adds-nuance', note: 'True for adults' }] });
    expect((await sets.feedbackOnFindings(database.db, evaluationId)).get(findingIds[2]!)).toMatchObject({ sessions: 2, agrees: 1, disagrees: 1, nuances: 1 });

    // Marking someone as absent takes their feedback with them.
    await sets.setAttendance(database.db, userId, evaluationId, set.id, session.id, { memberIds: [dee!.id] });
    expect((await sets.listFeedback(database.db, session.id)).map((c) => c.response)).toEqual(['agrees']);
  });

  it('needs a held session for attendance and feedback, and no findings at a cancelled one', async () => {
    const set = await sets.createSet(database.db, userId, evaluationId, { name: 'Not yet', kind: 'internal-staff' });
    const member = await sets.addMember(database.db, userId, evaluationId, set.id, { name: 'Gil' });
    const session = await sets.planSession(database.db, userId, evaluationId, set.id, { plannedOn: '2007-01-10' });
    expect((await rejection(sets.setAttendance(database.db, userId, evaluationId, set.id, session.id, { memberIds: [member.id] }))).fields[0]!.message).toBe('Mark the session as held before saying who came');
    expect((await rejection(sets.saveFeedbackGrid(database.db, userId, evaluationId, set.id, session.id, { cells: [] }))).fields[0]!.message).toBe('Mark the session as held before recording feedback');
    await sets.setSessionStatus(database.db, userId, evaluationId, set.id, session.id, { status: 'cancelled', reason: 'Nobody could come' });
    expect((await rejection(sets.setPresentedFindings(database.db, userId, evaluationId, set.id, session.id, { findingIds: [findingIds[0]!] }))).fields[0]!.message).toBe('A cancelled session cannot present findings');
  });

  it('fills a member from the staff directory, and says when learning sets have data', async () => {
    const other = await createEvaluation(database.db, userId, { title: 'Other', slug: 'other-sets' });
    expect(await sets.learningSetsHaveData(database.db, other.id)).toBe(false);
    const set = await sets.createSet(database.db, userId, other.id, { name: 'Directory', kind: 'internal-staff' });
    const person = await addPerson(database.db, userId, other.id, { name: 'Hana Holt', jobTitle: 'Ward manager' });
    const member = await sets.addMember(database.db, userId, other.id, set.id, { personId: person.id });
    expect(member).toMatchObject({ name: 'Hana Holt', role: 'Ward manager', personId: person.id });
    const nameless = await rejection(sets.addMember(database.db, userId, other.id, set.id, { name: '' }));
    expect(nameless.fields[0]!.field).toBe('name');
    expect(await sets.learningSetsHaveData(database.db, evaluationId)).toBe(true);
    const overview = await sets.learningSetsOverview(database.db, other.id);
    expect(overview).toMatchObject([{ name: 'Directory', kindLabel: 'Internal staff set', members: 1, sessions: [], feedback: 0 }]);
  });
});
