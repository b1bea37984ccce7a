import { describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { participantsOverview } from '../modules/fieldwork/invitations/service.ts';
import { outboxMessages } from '../modules/fieldwork/mail/outbox.ts';
import { loadConfig } from '../config.ts';
import { listSurveys } from '../modules/surveys/service.ts';
import { invitationsStep } from './invitations.ts';
import { surveySteps, useDemo } from './test-fixture.ts';

// The steps the invitations need; without the sampling step the participants are drawn from the directory.
const steps = [...surveySteps, invitationsStep];

describe.each(backends)('the demo invitations ($name)', (backend) => {
  const loaded = useDemo(backend, steps);

  it('invited the pilot’s 30, 17 of whom completed, in April 2006', async () => {
    const pilot = (await listSurveys(loaded.database.db, loaded.demo.evaluation.id)).find((s) => s.purpose === 'pilot')!;
    const { counts, participants } = await participantsOverview(loaded.database.db, loaded.demo.evaluation.id, pilot.id, 'lead');
    expect([counts.total, counts.invited, counts.completed]).toEqual([30, 30, 17]);
    expect(participants.every((p) => p.invitedAt?.toISOString().startsWith('2006-04-03'))).toBe(true);
    expect(participants.filter((p) => p.completedOn).every((p) => p.completedOn! >= '2006-04-04' && p.completedOn! <= '2006-04-26')).toBe(true);
  });

  it('put the open survey’s invitations in the outbox, with working personal links', async () => {
    const open = (await listSurveys(loaded.database.db, loaded.demo.evaluation.id)).find((s) => s.purpose === 'main' && s.status === 'open')!;
    const { counts, mail } = await participantsOverview(loaded.database.db, loaded.demo.evaluation.id, open.id, 'lead');
    expect(counts.total).toBe(400);
    expect(mail.outbox).toBe(counts.withEmail);
    expect(mail.queued ?? 0).toBe(0);
    const [first] = await outboxMessages(loaded.database.db, loadConfig({ NODE_ENV: 'test' }), open.id);
    expect(first!.subject).toBe(`Please take part: ${open.title}`);
    expect(first!.body).toMatch(/\/p\/[a-z2-7]{32}\n/);
    expect(loaded.demo.counts).toMatchObject({ pilotParticipants: 30, mainParticipants: 400, invitationsInOutbox: counts.withEmail });
  });
});
