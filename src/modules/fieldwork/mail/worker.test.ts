import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { loadConfig } from '../../../config.ts';
import type { Database } from '../../../db/database.ts';
import { createUser, type User } from '../../accounts/service.ts';
import { serverSecret } from '../invitations/secret.ts';
import { addParticipants, queueRound } from '../invitations/service.ts';
import { fieldworkFixture, type FieldworkFixture } from '../invitations/test-fixtures.ts';
import { claimJobs } from './queue-store.ts';
import { startTestSmtp, type TestSmtpServer } from './test-smtp.ts';
import { smtpSender } from './transport.ts';
import { MailWorker, retryDelay } from './worker.ts';

// The app's test config without the app (test/app.ts would load every module's routes).
const testConfig = () => loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('back-off', () => {
  it('waits 30 seconds after the first failure, doubling each time up to an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelay(n) / 1000)).toEqual([30, 60, 120, 240, 1920, 3600, 3600]);
  });
});

describe.each(backends)('the mail queue on $name', (backend) => {
  let database: Database;
  let lead: User;
  let now = new Date('2030-06-01T08:00:00Z');
  const clock = () => now;
  const servers: TestSmtpServer[] = [];

  async function queued(count: number): Promise<FieldworkFixture> {
    const f = await fieldworkFixture(database, lead, { count });
    await addParticipants(database.db, await serverSecret(database.db, testConfig()), lead.id, f.evaluation.id, f.survey.id, f.people.map((p) => p.id));
    await queueRound(database.db, lead.id, f.evaluation.id, f.survey.id, 'invitation', now);
    return f;
  }
  const jobs = (f: FieldworkFixture) => database.db.selectFrom('mail_jobs').selectAll().where('survey_id', '=', f.survey.id).orderBy('to_address').execute();
  const participants = (f: FieldworkFixture) =>
    database.db.selectFrom('participants').innerJoin('people', 'people.id', 'participants.person_id').select(['people.email', 'participants.invited_at', 'participants.bounced_at', 'people.email_bounced_at']).where('survey_id', '=', f.survey.id).orderBy('people.email').execute();
  const smtp = async (port?: number) => {
    const server = await startTestSmtp(port ? { port } : {});
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await backend.open();
    lead = await createUser(database.db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await database.close();
  });

  it('keeps mail queued while the SMTP server is down and sends each message once when it is back', async () => {
    const f = await queued(3);
    const port = await freePort();
    const worker = new MailWorker({ db: database.db, config: testConfig(), sender: smtpSender(`smtp://127.0.0.1:${port}`, 'team@example.org'), clock });
    expect(await worker.runOnce()).toMatchObject({ sent: 0, retrying: 3 });
    for (const job of await jobs(f)) {
      expect(job).toMatchObject({ status: 'queued', attempts: 1, sent_at: null });
      expect(job.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(job.next_attempt_at.getTime()).toBe(now.getTime() + 30_000);
    }
    expect((await participants(f)).filter((p) => p.email).every((p) => p.invited_at === null)).toBe(true);
    // Not due yet: nothing is tried.
    expect(await worker.runOnce()).toMatchObject({ sent: 0, retrying: 0 });
    const server = await smtp(port);
    now = new Date(now.getTime() + 31_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 3, retrying: 0 });
    expect(server.received.map((m) => m.to[0]).sort()).toEqual(['person1@example.org', 'person2@example.org', 'person3@example.org']);
    expect((await jobs(f)).map((j) => j.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    expect(server.received).toHaveLength(3);
    await worker.stop();
  });

  it('sends no more in a minute than MAIL_PER_MINUTE', async () => {
    const f = await queued(5);
    const server = await smtp();
    const worker = new MailWorker({ db: database.db, config: { ...testConfig(), mailPerMinute: 3 }, sender: smtpSender(server.url, 'team@example.org'), clock });
    now = new Date(now.getTime() + 3_600_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 3, rateLimited: true });
    now = new Date(now.getTime() + 30_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 0, rateLimited: true });
    now = new Date(now.getTime() + 31_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 2 });
    expect(server.received).toHaveLength(5);
    expect((await jobs(f)).every((j) => j.status === 'sent')).toBe(true);
    await worker.stop();
  });

  it('tries again a message left in sending by a worker that stopped mid-send', async () => {
    const f = await queued(1);
    now = new Date(now.getTime() + 3_600_000);
    // A worker claims the message and dies before the server answers.
    expect(await claimJobs(database.db, now, new Date(0), 10)).toHaveLength(1);
    const server = await smtp();
    const worker = new MailWorker({ db: database.db, config: testConfig(), sender: smtpSender(server.url, 'team@example.org'), clock });
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    now = new Date(now.getTime() + 11 * 60_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(await jobs(f)).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(server.received).toHaveLength(1);
    await worker.stop();
  });

  it('records an address the server refuses for good as a bounce, and sends the rest', async () => {
    const f = await queued(2);
    const server = await smtp();
    server.refuse.add('person2@example.org');
    const worker = new MailWorker({ db: database.db, config: testConfig(), sender: smtpSender(server.url, 'team@example.org'), clock });
    now = new Date(now.getTime() + 3_600_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 1, bounced: 1, retrying: 0 });
    const [first, second] = await jobs(f);
    expect(first).toMatchObject({ status: 'sent' });
    expect(second).toMatchObject({ status: 'failed', sent_at: null });
    expect(second!.last_error).toContain('550');
    const [, bounced] = await participants(f);
    expect(bounced!.bounced_at).toEqual(now);
    expect(bounced!.email_bounced_at).toEqual(now);
    await worker.stop();
  });
});
