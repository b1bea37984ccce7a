import { listFindings } from '../modules/findings/service.ts';
import * as sets from '../modules/casework/learning-sets/service.ts';
import type { DemoStep } from './step.ts';

/**
 * The demo's learning sets, as they turned out: the internal staff set met once, with six members,
 * and tested the first three emerging findings — mostly agreeing, one member disagreeing and
 * several adding nuance — while the front-line practitioners' set was cancelled at the funder's
 * request before it met. Names, roles and notes are fictional and fixed, so every demo is the same.
 */

const staffMembers = [
  { name: 'Alison Marsh', role: 'Programme manager', organisation: 'Mental Health Institute' },
  { name: 'Dev Patel', role: 'Regional development lead', organisation: 'North West region' },
  { name: 'Grace Okoro', role: 'Workforce adviser', organisation: 'Change Agent Team' },
  { name: 'Peter Lund', role: 'Finance officer', organisation: 'Accommodation and servicing' },
  { name: 'Sarah Quinn', role: 'Project officer', organisation: 'Children and families' },
  { name: 'Owen Price', role: 'Communications officer', organisation: 'Corporate' },
];

const practitioners = [
  { name: 'Bea Hollis', role: 'Community psychiatric nurse', organisation: 'Northfield NHS trust' },
  { name: 'Ian Crowe', role: 'Social worker', organisation: 'Westmoor council' },
  { name: 'Mina Shah', role: 'Youth offending officer', organisation: 'Eastdale youth offending service' },
  { name: 'Tom Reyes', role: 'Housing support worker', organisation: 'Southbay housing association' },
];

type Cell = [response: sets.Response, note?: string];

/** Each member's response to each of the three findings presented (rows follow staffMembers). */
const responses: Cell[][] = [
  [['agrees'], ['agrees'], ['adds-nuance', 'True at head office; in the regions the programmes already share staff informally.']],
  [['agrees'], ['adds-nuance', 'It depends on the region: the north had a joint team before the merger.'], ['agrees']],
  [['agrees', 'This is what we hear at every workforce meeting.'], ['agrees'], ['agrees']],
  [['adds-nuance', 'The budget split makes this worse: one programme holds most of the money.'], ['agrees'], ['disagrees', 'Our finance work crosses every programme already; it is simply not written into the plans.']],
  [['agrees'], ['agrees'], ['adds-nuance', 'Cross-cutting work happens, but under whichever programme pays for it.']],
  [['agrees'], ['agrees'], ['agrees']],
];

const funderCancelled = "Cancelled at the funder's request";

export const learningSetsStep: DemoStep = {
  name: 'learning sets',
  async run({ db, evaluationId, leadUserId }) {
    if ((await sets.listSets(db, evaluationId)).length) return { learningSets: 0, learningSetSessions: 0, learningSetResponses: 0 };
    const presented = (await listFindings(db, evaluationId)).slice(0, 3);

    const staff = await sets.createSet(db, leadUserId, evaluationId, { name: 'Internal staff learning set', kind: 'internal-staff', description: 'Staff from head office and the regions, chosen to span the programmes.' });
    const staffIds: string[] = [];
    for (const m of staffMembers) staffIds.push((await sets.addMember(db, leadUserId, evaluationId, staff.id, m)).id);
    const held = await sets.planSession(db, leadUserId, evaluationId, staff.id, { plannedOn: '2007-03-12', place: 'Head office, meeting room 2', facilitator: 'Dr Maya Okafor' });
    await sets.setSessionStatus(db, leadUserId, evaluationId, staff.id, held.id, { status: 'held', reason: 'All six members came' });
    await sets.setAttendance(db, leadUserId, evaluationId, staff.id, held.id, { memberIds: staffIds });
    await sets.setPresentedFindings(db, leadUserId, evaluationId, staff.id, held.id, { findingIds: presented.map((f) => f.id) });
    const cells = staffIds.flatMap((memberId, row) =>
      presented.map((finding, column) => {
        const [response, note = ''] = responses[row]![column]!;
        return { memberId, findingId: finding.id, response, note };
      }),
    );
    const saved = await sets.saveFeedbackGrid(db, leadUserId, evaluationId, staff.id, held.id, { cells });

    const frontLine = await sets.createSet(db, leadUserId, evaluationId, { name: "Front-line practitioners' learning set", kind: 'front-line-practitioners', description: 'Practitioners from partner agencies at the four case-study sites.' });
    for (const m of practitioners) await sets.addMember(db, leadUserId, evaluationId, frontLine.id, m);
    const cancelled = await sets.planSession(db, leadUserId, evaluationId, frontLine.id, { plannedOn: '2007-03-19', place: 'Northfield resource centre', facilitator: 'Tom Hartley' });
    await sets.setSessionStatus(db, leadUserId, evaluationId, frontLine.id, cancelled.id, { status: 'cancelled', reason: funderCancelled });

    return { learningSets: 2, learningSetSessions: 2, learningSetResponses: saved.length };
  },
};
