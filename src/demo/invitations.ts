import type { Db } from '../db/database.ts';
import { loadConfig } from '../config.ts';
import { searchPeople, type Person } from '../modules/organisation/service.ts';
import { addParticipants, listSamples, participantsOverview, queueRound } from '../modules/fieldwork/invitations/service.ts';
import { serverSecret } from '../modules/fieldwork/invitations/secret.ts';
import { recordPastFieldwork, sampleMembers } from '../modules/fieldwork/invitations/store.ts';
import { outboxSender } from '../modules/fieldwork/mail/transport.ts';
import { MailWorker } from '../modules/fieldwork/mail/worker.ts';
import { listSurveys } from '../modules/surveys/service.ts';
import type { Random } from './random.ts';
import type { DemoStep } from './step.ts';

/**
 * Invitations: the pilot's 30 participants (the pilot sample where the sampling step drew one),
 * invited in April 2006, 17 of whom completed; and the open Year 3 survey's participants (the main
 * sample, else 400 people from the directory) with their invitations in the outbox, since the demo
 * has no mail server. The pilot's responses are anonymous, so which 17 completed says nothing
 * about which response is whose.
 */

const PILOT_SIZE = 30;
const PILOT_COMPLETED = 17;
const MAIN_SIZE = 400;

async function wholeDirectory(db: Db, evaluationId: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let page = 1; ; page++) {
    const result = await searchPeople(db, evaluationId, { page });
    people.push(...result.people);
    if (page >= result.pages) return people;
  }
}

function draw<T>(random: Random, items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

export const invitationsStep: DemoStep = {
  name: 'invitations',
  async run({ db, evaluationId, leadUserId, random }) {
    // The settings the server will run with, so the links derived here are the ones it accepts.
    const config = loadConfig();
    const secret = await serverSecret(db, config);
    const surveys = await listSurveys(db, evaluationId);
    const pilot = surveys.find((s) => s.purpose === 'pilot');
    const open = surveys.filter((s) => s.purpose === 'main' && s.status === 'open').at(-1);
    if (!pilot || !open) throw new Error('The invitations step needs the demo surveys: run the surveys step first');
    const samples = await listSamples(db, evaluationId);
    const inPost = (await wholeDirectory(db, evaluationId)).filter((p) => !p.leftOn);

    const pilotSample = samples.find((s) => s.purpose === 'pilot');
    const pilotAdded = pilotSample
      ? await addParticipants(db, secret, leadUserId, evaluationId, pilot.id, await sampleIds(db, evaluationId, pilotSample.id))
      : await addParticipants(db, secret, leadUserId, evaluationId, pilot.id, draw(random, inPost, PILOT_SIZE).map((p) => p.id));
    // The pilot ran in April 2006: everyone was invited on its first day; 17 completed over the next three weeks.
    const pilotParticipants = draw(random, (await participantsOverview(db, evaluationId, pilot.id, 'lead')).participants, PILOT_SIZE);
    for (const [i, participant] of pilotParticipants.entries()) {
      const completedOn = i < PILOT_COMPLETED ? random.date('2006-04-04', '2006-04-26') : null;
      await recordPastFieldwork(db, participant.id!, { invitedAt: new Date('2006-04-03T08:30:00Z'), completedOn });
    }

    const mainSample = samples.find((s) => s.purpose === 'main');
    const mainAdded = mainSample
      ? await addParticipants(db, secret, leadUserId, evaluationId, open.id, await sampleIds(db, evaluationId, mainSample.id))
      : await addParticipants(db, secret, leadUserId, evaluationId, open.id, draw(random, inPost, MAIN_SIZE).map((p) => p.id));
    const round = await queueRound(db, leadUserId, evaluationId, open.id, 'invitation', new Date());
    const kept = await new MailWorker({ db, config, sender: outboxSender }).runOnce();
    return { pilotParticipants: pilotAdded.added, pilotCompleted: Math.min(PILOT_COMPLETED, pilotParticipants.length), mainParticipants: mainAdded.added, invitationsQueued: round.queued, invitationsInOutbox: kept.outbox };
  },
};

async function sampleIds(db: Db, evaluationId: string, sampleId: string): Promise<string[]> {
  return (await sampleMembers(db, evaluationId, sampleId)) ?? [];
}
