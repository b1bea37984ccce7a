import { digest, newSecret } from '../modules/accounts/service.ts';
import { recordContact, surveyParticipants } from '../modules/fieldwork/contacts/service.ts';
import { insertParticipants, setPastFieldwork } from '../modules/fieldwork/contacts/store.ts';
import type { DeclineReason } from '../modules/fieldwork/contacts/kinds.ts';
import { addEntry } from '../modules/fieldwork/calendar/service.ts';
import { listUnits, searchPeople, type Person } from '../modules/organisation/service.ts';
import { responseSummary } from '../modules/surveys/exports/service.ts';
import { createShare } from '../modules/surveys/sharing/service.ts';
import { listSurveys } from '../modules/surveys/service.ts';
import type { DemoStep } from './step.ts';

/**
 * The pilot's contact log, as the real pilot went: a random sample of 30 invited by e-mail on
 * 3 April 2006, a reminder a week later to those who had not answered, then phone calls in the
 * third week, speaking to some and leaving voicemails for the rest. 17 of 30 answered (57%):
 * 6 of the 11 spoken to directly (55%) and 5 of the 12 left a voicemail (42%); pressure of work
 * was the reason most gave for not taking part. Also the survey calendar (the organisation's
 * diversity survey during the first main wave, a performance consultation later) and a shared
 * statistics page of the first main wave for the funder, whose password is the demo password.
 */

export const DEMO_SHARE_PASSWORD = 'formative-demo-2005';

const PILOT_SIZE = 30;

/**
 * How the 30 were reached at best, and how many of each answered. The completion day of each
 * group follows the contact that brought the answer in.
 */
const pilotGroups = [
  { method: 'email_only', size: 4, completed: 4, completedOn: ['2006-04-04', '2006-04-05', '2006-04-05', '2006-04-07'] },
  { method: 'reminder', size: 3, completed: 2, completedOn: ['2006-04-11', '2006-04-13'] },
  { method: 'spoken_to', size: 11, completed: 6, completedOn: ['2006-04-19', '2006-04-19', '2006-04-20', '2006-04-21', '2006-04-24', '2006-04-26'] },
  { method: 'voicemail', size: 12, completed: 5, completedOn: ['2006-04-20', '2006-04-21', '2006-04-24', '2006-04-25', '2006-04-27'] },
] as const;

/** The reasons the five spoken to who did not answer gave. */
const spokenRefusals: DeclineReason[] = ['pressure_of_work', 'pressure_of_work', 'pressure_of_work', 'not_interested', 'confidentiality'];

const INVITED = '2006-04-03';
const REMINDED = '2006-04-10';
const PHONED = ['2006-04-18', '2006-04-19'];

async function inPost(db: Parameters<DemoStep['run']>[0]['db'], evaluationId: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let page = 1; ; page++) {
    const result = await searchPeople(db, evaluationId, { page });
    people.push(...result.people.filter((p) => !p.leftOn && p.email));
    if (page >= result.pages) return people;
  }
}

export const contactsStep: DemoStep = {
  name: 'contact log',
  async run({ db, evaluationId, leadUserId, random }) {
    const surveys = await listSurveys(db, evaluationId);
    const pilot = surveys.find((s) => s.purpose === 'pilot');
    const firstMain = surveys.filter((s) => s.purpose === 'main' && s.opensAt).sort((a, b) => a.opensAt!.getTime() - b.opensAt!.getTime())[0];
    if (!pilot || !firstMain) throw new Error('The contact log step needs the demo surveys: run the surveys step first');

    // The invitations step adds the pilot's participants; without it, they are drawn here the same way.
    if (!(await surveyParticipants(db, pilot.id)).length) {
      const pool = [...(await inPost(db, evaluationId))];
      const chosen: Person[] = [];
      while (chosen.length < PILOT_SIZE && pool.length) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
      await insertParticipants(db, chosen.map((p) => ({ evaluationId, surveyId: pilot.id, personId: p.id, tokenHash: digest(newSecret()), invitedAt: new Date(`${INVITED}T08:30:00Z`) })));
    }
    const participants = await surveyParticipants(db, pilot.id);
    const expected = pilotGroups.reduce((a, g) => a + g.size, 0);
    if (participants.length !== expected) throw new Error(`The pilot has ${participants.length} participants, not ${expected}`);
    const answered = (await responseSummary(db, pilot.id)).complete;
    const completing = pilotGroups.reduce((a, g) => a + g.completed, 0);
    if (answered !== completing) throw new Error(`The pilot has ${answered} complete responses, not the ${completing} its contact log records`);

    let at = 0;
    let refusals = 0;
    let events = 0;
    const record = async (participantId: string, kind: Parameters<typeof recordContact>[1]['kind'], occurredOn: string, reason?: DeclineReason) => {
      await recordContact(db, { evaluationId, participantId, kind, occurredOn, reason: reason ?? null, recordedBy: kind === 'email_sent' || kind === 'reminder_sent' ? null : leadUserId });
      events += 1;
    };
    for (const group of pilotGroups) {
      for (let i = 0; i < group.size; i++) {
        const participant = participants[at++]!;
        const completedOn = i < group.completed ? group.completedOn[i]! : null;
        const reminded = group.method !== 'email_only';
        await setPastFieldwork(db, participant.id, { completedOn, remindersSent: reminded ? 1 : 0, lastRemindedAt: reminded ? new Date(`${REMINDED}T08:30:00Z`) : null });
        await record(participant.id, 'email_sent', INVITED);
        if (reminded) await record(participant.id, 'reminder_sent', REMINDED);
        const phoned = PHONED[i % PHONED.length]!;
        if (group.method === 'spoken_to') {
          await record(participant.id, 'spoken_to', phoned);
          if (!completedOn) await record(participant.id, 'declined', phoned, spokenRefusals[refusals++]);
        }
        if (group.method === 'voicemail') await record(participant.id, 'voicemail', phoned);
        // The one reminded who neither answered nor was phoned replied to say they had left.
        if (group.method === 'reminder' && !completedOn) await record(participant.id, 'declined', '2006-04-11', 'left_organisation');
      }
    }

    const opens = firstMain.opensAt!;
    const day = (offset: number) => new Date(opens.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const programmes = (await listUnits(db, evaluationId)).filter((u) => u.kind === 'programme');
    await addEntry(db, leadUserId, evaluationId, { title: 'Staff diversity survey', organiser: 'Human resources', startsOn: day(7), endsOn: day(35), audience: 'all', unitIds: [], notes: 'The organisation\'s own yearly survey, sent to all staff.' });
    await addEntry(db, leadUserId, evaluationId, {
      title: 'Performance framework consultation',
      organiser: 'Chief executive\'s office',
      startsOn: day(120),
      endsOn: day(141),
      audience: 'units',
      unitIds: programmes.slice(0, 2).map((u) => u.id),
      notes: 'Programme staff are asked for their views on the new performance measures.',
    });
    await createShare(db, leadUserId, evaluationId, firstMain.id, { label: 'Funder: Year 1 results', password: DEMO_SHARE_PASSWORD, threshold: 5 });
    return { pilotContactEvents: events, calendarEntries: 2, statisticsShares: 1 };
  },
};
