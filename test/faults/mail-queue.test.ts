import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { serverSecret } from '../../src/modules/fieldwork/invitations/secret.ts';
import { addParticipants, queueRound } from '../../src/modules/fieldwork/invitations/service.ts';
import { fieldworkFixture } from '../../src/modules/fieldwork/invitations/test-fixtures.ts';
import { sendingLanes } from '../../src/modules/fieldwork/mail/worker.ts';
import { formativeBin, stopped } from '../processes.ts';
import { startSmtpRecorder, type SmtpRecorder } from './smtp-recorder.ts';
import { faultSeed, faultTargets, seededRandom, type FaultTarget } from './targets.ts';

/**
 * The mail queue under SIGKILL: invitations are queued, and `formative mail work` runs as a child
 * process against a real SMTP server in this process. The worker is killed again and again, half
 * the time at the worst moment (just after the SMTP server accepted a message, before the worker
 * could record it) and half the time at a random moment, then started again until the queue drains.
 *
 * The guarantee checked is the one documented in src/modules/fieldwork/mail/worker.ts:
 * - nothing lost: every message is delivered at least once, and ends marked sent;
 * - nothing marked sent that was not delivered, at any moment;
 * - a message delivered more than once was in flight (claimed, status 'sending') at a kill, at most
 *   once more per such kill; no more than `sendingLanes` (ten) repeats per kill; and every copy
 *   carries the same Message-ID, derived from the job, so receiving systems that de-duplicate by
 *   Message-ID show it once.
 * Between kills the test moves the claims of the killed worker back past the stuck-claim timeout
 * (ten minutes), as if that time had passed, so the next worker takes them up.
 */

const messages = Number(process.env.FAULT_MAILS ?? 300);
const secret = 'a fixed secret for the mail fault test, 32+ characters';
const stuckClaimMs = 10 * 60_000;

interface Job {
  id: string;
  status: string;
  to_address: string;
}

async function queueInvitations(target: FaultTarget): Promise<void> {
  const database = await target.open();
  try {
    await migrate(database);
    const lead = await createUser(database.db, { email: 'mail-lead@example.org', name: 'Mail Lead', password: 'a long test password' });
    const fixture = await fieldworkFixture(database, lead, { count: messages });
    const config = loadConfig({ NODE_ENV: 'test', FORMATIVE_SECRET: secret });
    // The fixture lists only the first page of its directory; every person with an address is invited.
    const rows = await database.db.selectFrom('people').select('id').where('evaluation_id', '=', fixture.evaluation.id).where('email', 'is not', null).execute();
    const people = rows.map((p) => p.id);
    await addParticipants(database.db, await serverSecret(database.db, config), lead.id, fixture.evaluation.id, fixture.survey.id, people);
    const round = await queueRound(database.db, lead.id, fixture.evaluation.id, fixture.survey.id, 'invitation', new Date());
    expect(round.queued).toBe(messages);
  } finally {
    await database.close();
  }
}

function startWorker(target: FaultTarget, smtpUrl: string, log: string[]): ChildProcess {
  const child = spawn(formativeBin, ['mail', 'work', ...target.args], {
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', SMTP_URL: smtpUrl, MAIL_PER_MINUTE: '100000', FORMATIVE_SECRET: secret, ...target.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job a delivered message belongs to, from its Message-ID `<job id@host>`. */
const jobOf = (messageId: string) => /^<([0-9a-f-]{36})@[^>]+>$/.exec(messageId.trim())?.[1] ?? `unrecognised ${messageId}`;

function deliveriesByJob(recorder: SmtpRecorder): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of recorder.delivered) counts.set(jobOf(d.messageId), (counts.get(jobOf(d.messageId)) ?? 0) + 1);
  return counts;
}

async function withDatabase<T>(target: FaultTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const listJobs = (database: Database): Promise<Job[]> => database.db.selectFrom('mail_jobs').select(['id', 'status', 'to_address']).execute();

describe.each(faultTargets)('the mail queue with its worker killed, on $name', ({ name, make }) => {
  const cleanUps: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanUp of cleanUps) await cleanUp();
  });

  const cycles = Number(process.env.FAULT_CYCLES ?? (name === 'embedded' ? 6 : 10));

  it('loses no message, marks none sent that was not delivered, and repeats only in-flight ones under the same Message-ID', { timeout: 900_000 }, async () => {
    const target = await make();
    cleanUps.push(target.cleanUp);
    const recorder = await startSmtpRecorder();
    cleanUps.push(recorder.close);
    await queueInvitations(target);
    const random = seededRandom(faultSeed);
    const log: string[] = [];
    /** How many kills found each job in flight. */
    const inFlightAtKills = new Map<string, number>();
    let killsInTheWindow = 0;
    let markedWithoutDelivery = 0;

    for (let cycle = 0; cycle < cycles; cycle++) {
      const child = startWorker(target, recorder.url, log);
      const died = stopped(child);
      const before = recorder.delivered.length;
      if (cycle % 2 === 0) {
        // Just after the SMTP server's acceptance of the n-th message of this run.
        const n = 1 + Math.floor(random() * 40);
        recorder.onAccepted = () => {
          if (recorder.delivered.length - before < n) return;
          recorder.onAccepted = undefined;
          child.kill('SIGKILL');
          killsInTheWindow++;
        };
        // A slow start (opening the database on a busy machine can take a minute) is waited for;
        // should the queue run dry first, the worker is killed while it waits.
        let exited = false;
        void died.then(() => (exited = true));
        const waitFrom = Date.now();
        while (!exited && Date.now() - waitFrom < 240_000) {
          await sleep(250);
          if (deliveriesByJob(recorder).size >= messages && Date.now() - waitFrom > 15_000) break;
        }
      } else {
        await sleep(500 + random() * 7000);
      }
      recorder.onAccepted = undefined;
      child.kill('SIGKILL');
      await died;

      await withDatabase(target, async (database) => {
        const jobs = await listJobs(database);
        const delivered = deliveriesByJob(recorder);
        markedWithoutDelivery += jobs.filter((j) => j.status === 'sent' && !delivered.has(j.id)).length;
        const inFlight = jobs.filter((j) => j.status === 'sending').map((j) => j.id);
        for (const id of inFlight) inFlightAtKills.set(id, (inFlightAtKills.get(id) ?? 0) + 1);
        // Ten minutes pass: the dead worker's claims count as stuck and the next worker takes them.
        if (inFlight.length) await database.db.updateTable('mail_jobs').set({ claimed_at: new Date(Date.now() - stuckClaimMs - 60_000) }).where('status', '=', 'sending').execute();
      });
    }

    // A last run, left alone until every message is out, then stopped as an operator would.
    const child = startWorker(target, recorder.url, log);
    const died = stopped(child);
    const started = Date.now();
    let lastCount = -1;
    for (;;) {
      await sleep(1500);
      const delivered = deliveriesByJob(recorder);
      if (delivered.size >= messages && recorder.delivered.length === lastCount) break;
      lastCount = recorder.delivered.length;
      if (Date.now() - started > 300_000) throw new Error(`The queue did not drain: ${delivered.size} of ${messages} delivered.\n${log.join('')}`);
    }
    child.kill('SIGTERM');
    await died;
    expect(child.exitCode, log.join('')).toBe(0);

    await withDatabase(target, async (database) => {
      const jobs = await listJobs(database);
      const delivered = deliveriesByJob(recorder);
      expect(markedWithoutDelivery, 'jobs marked sent at a kill without having been delivered').toBe(0);
      expect(jobs).toHaveLength(messages);
      expect(jobs.filter((j) => j.status !== 'sent'), 'every job ends marked sent').toEqual([]);
      expect(jobs.filter((j) => !delivered.has(j.id)), 'every job delivered').toEqual([]);
      expect([...delivered.keys()].filter((id) => id.startsWith('unrecognised')), 'every message carries its job as Message-ID').toEqual([]);
      // One Message-ID per recipient: a repeated message is recognisably the same message.
      const idsByRecipient = new Map<string, Set<string>>();
      for (const d of recorder.delivered) idsByRecipient.set(d.to, (idsByRecipient.get(d.to) ?? new Set()).add(d.messageId));
      expect([...idsByRecipient.values()].filter((ids) => ids.size > 1), 'recipients sent differing Message-IDs').toEqual([]);
      const addressOf = new Map(jobs.map((j) => [j.id, j.to_address]));
      expect(recorder.delivered.filter((d) => addressOf.get(jobOf(d.messageId)) !== d.to), 'messages that went to another job’s address').toEqual([]);
      // Repeats only of jobs in flight at a kill, at most one more copy per such kill.
      const overRepeated = [...delivered].filter(([id, count]) => count - 1 > (inFlightAtKills.get(id) ?? 0));
      expect(overRepeated, 'jobs delivered more often than the kills that caught them in flight allow').toEqual([]);
      const invited = await database.db.selectFrom('participants').select('id').where('invited_at', 'is not', null).execute();
      expect(invited).toHaveLength(messages);
      const repeats = [...delivered.values()].reduce((sum, count) => sum + count - 1, 0);
      // Recorded one by one in lanes, a kill repeats at most the messages on their way in each lane, not a batch.
      expect(repeats, 'messages delivered twice').toBeLessThanOrEqual(sendingLanes * cycles);
      expect(killsInTheWindow, 'some kills landed between acceptance and record').toBeGreaterThan(0);
      console.info(
        `${target.name}: ${cycles} SIGKILL cycles (seed ${faultSeed}), ${killsInTheWindow} just after an SMTP acceptance; ${messages} messages, 0 lost, ` +
          `${markedWithoutDelivery} marked sent undelivered, ${repeats} delivered again under the same Message-ID (of ${[...inFlightAtKills.values()].reduce((a, b) => a + b, 0)} in flight at kills)`,
      );
    });
  });
});
