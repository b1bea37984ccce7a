import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, testConfig, TestBrowser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { buildApp, type BuiltApp } from '../../../http/app.ts';
import { createApiToken, type User } from '../../accounts/service.ts';
import { outboxMessages } from '../mail/outbox.ts';
import { outboxSender } from '../mail/transport.ts';
import { MailWorker } from '../mail/worker.ts';
import { participantToken, responseKeyForToken, tokenDigest } from './personal-link.ts';
import { serverSecret } from './secret.ts';
import { addMember, answerThroughLink, fieldworkFixture, linkIn, type FieldworkFixture } from './test-fixtures.ts';

/**
 * The promise of an anonymous survey, tested the way someone holding the database, the logs and
 * the exports would try to break it: by looking for any value, time or order that joins a
 * participant to a response. And the other modes: confidential links them for the lead only.
 */

type Row = Record<string, unknown>;

function values(row: Row, leaveOut: readonly string[] = []): string[] {
  return Object.entries(row)
    .filter(([column, value]) => !leaveOut.includes(column) && value !== null && value !== undefined)
    .map(([, value]) => (value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value)));
}

describe.each(backends)('anonymity through personal links on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let lead: User;
  let researcher: User;
  let leadToken: string;
  let researcherToken: string;
  const logLines: string[] = [];
  let now = new Date('2030-09-01T08:00:00Z');

  beforeAll(async () => {
    database = await backend.open();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    built = await buildApp({ config: { ...testConfig(), logLevel: 'info' }, database, clock: () => now, logStream });
    lead = await addUser(database, 'Lead');
    researcher = await addUser(database, 'Researcher');
    leadToken = (await createApiToken(database.db, lead.id, 'lead')).token;
    researcherToken = (await createApiToken(database.db, researcher.id, 'researcher')).token;
  });

  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  /** A survey whose first `answering` participants answer through their links, an hour apart; the keys they got. */
  async function answered(anonymity: 'anonymous' | 'confidential', answering: number, count = 6): Promise<{ f: FieldworkFixture; keys: string[] }> {
    const f = await fieldworkFixture(database, lead, { count, settings: { anonymity } });
    await addMember(database, f.evaluation.id, researcher, 'researcher');
    const base = `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}`;
    expect((await api(built.app, leadToken, 'POST', `${base}/participants`, { personIds: f.people.map((p) => p.id) })).status).toBe(201);
    await api(built.app, leadToken, 'POST', `${base}/participants/invitations`);
    await new MailWorker({ db: database.db, config: testConfig(), sender: outboxSender, clock: () => now }).runOnce();
    const messages = await outboxMessages(database.db, testConfig(), f.survey.id);
    const byAddress = new Map(messages.map((m) => [m.to, m]));
    const keys: string[] = [];
    for (let i = 1; i <= answering; i++) {
      now = new Date(now.getTime() + 3_600_000);
      keys.push(await answerThroughLink(new TestBrowser(built.app), linkIn(byAddress.get(`person${i}@example.org`)!.body), String((i % 5) + 1)));
    }
    return { f, keys };
  }

  /** The personal link mailed to the `i`th person of a fixture. */
  async function linkOf(f: FieldworkFixture, i: number): Promise<string> {
    const messages = await outboxMessages(database.db, testConfig(), f.survey.id);
    return linkIn(messages.find((m) => m.to === `person${i}@example.org`)!.body);
  }

  it('leaves nothing stored, logged or exported that links an anonymous response to its participant', async () => {
    logLines.length = 0;
    const { f, keys } = await answered('anonymous', 4);
    const db = database.db;
    // Four completions wait (see completions.ts) until a group of five can be marked; they count at once.
    await new MailWorker({ db, config: testConfig(), sender: outboxSender, clock: () => now }).runOnce();
    expect(await db.selectFrom('participants').select('id').where('survey_id', '=', f.survey.id).where('completed_on', 'is not', null).execute()).toEqual([]);
    const waiting = await api(built.app, leadToken, 'GET', `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants`);
    expect((waiting.body!.items as Row[]).filter((p) => p.status === 'completed')).toHaveLength(4);
    keys.push(await answerThroughLink(new TestBrowser(built.app), await linkOf(f, 5), '3'));
    await new MailWorker({ db, config: testConfig(), sender: outboxSender, clock: () => now }).runOnce();
    const responses = (await db.selectFrom('responses').selectAll().where('survey_id', '=', f.survey.id).execute()) as unknown as Row[];
    const participants = (await db.selectFrom('participants').selectAll().where('survey_id', '=', f.survey.id).execute()) as unknown as Row[];
    const jobs = (await db.selectFrom('mail_jobs').selectAll().where('survey_id', '=', f.survey.id).execute()) as unknown as Row[];
    expect(responses).toHaveLength(5);
    expect(participants.filter((p) => p.completed_on)).toHaveLength(5);

    // No reference either way, and no time but the day.
    for (const r of responses) {
      expect(r).toMatchObject({ participant_id: null, started_at: null, completed_at: null, status: 'complete' });
      // Random (version 4) ids: they say nothing of the order responses came in.
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const p of participants) expect(p.response_id).toBeNull();
    expect(new Set(participants.map((p) => p.completed_on).filter(Boolean)).size).toBe(1);

    // Every stored value of a response, against every stored value of participants and their mail.
    const shared = ['survey_id', 'evaluation_id', 'purpose', 'status', 'pages_saved', 'version_id', 'answers', 'kind', 'round', 'attempts'];
    const responseValues = responses.flatMap((r) => values(r, shared));
    const participantValues = [...participants, ...jobs].flatMap((row) => values(row, shared));
    for (const value of responseValues) {
      for (const other of participantValues) {
        if (value.length >= 8 && other.length >= 8) expect(other.includes(value) || value.includes(other), `${value} / ${other}`).toBe(false);
      }
    }

    // The audit log records that mail was queued, never a response.
    const audit = await db.selectFrom('audit_log').select('detail').where('evaluation_id', '=', f.evaluation.id).execute();
    const auditText = JSON.stringify(audit);
    for (const r of responses) expect(auditText).not.toContain(String(r.id));

    // The export: no participant, person, time or link in it.
    const lead_ = new TestBrowser(built.app);
    await lead_.signIn(lead);
    const csv = await lead_.get(`/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/export/download?format=csv&partial=true`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n').filter(Boolean)).toHaveLength(6);
    const secret = await serverSecret(db, testConfig());
    const tokens = participants.map((p) => participantToken(secret, String(p.id)));
    const people = await db.selectFrom('people').select(['name', 'email']).where('evaluation_id', '=', f.evaluation.id).execute();
    const secrets = [...participants.map((p) => String(p.id)), ...participants.map((p) => String(p.token_hash)), ...tokens, ...keys, ...people.flatMap((p) => [p.name, p.email ?? 'no e-mail'])];
    for (const secretValue of secrets) expect(csv.body).not.toContain(secretValue);
    expect(csv.body.split('\n')[0]).not.toMatch(/participant|started|completed|time/i);

    // The logs: requests for links and response pages are logged with their secrets masked.
    const log = logLines.join('\n');
    expect(log).toContain('/p/[token]');
    expect(log).toContain('/r/[key]');
    for (const secretValue of [...secrets, ...responses.map((r) => String(r.id)), ...tokens.map(tokenDigest), ...tokens.map((t) => responseKeyForToken(t).key)]) {
      expect(log).not.toContain(secretValue);
    }

    // The participants page and API say who completed, never which response is whose.
    const listed = await api(built.app, leadToken, 'GET', `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants`);
    expect((listed.body!.items as Row[]).every((p) => !('responseId' in p))).toBe(true);
  });

  it('leaves no order in PostgreSQL’s system columns (xmin, ctid) that pairs participants with responses', async () => {
    const { f } = await answered('anonymous', 8, 9);
    const db = database.db;
    // Waiting completions are not reminded, though no participant is marked yet.
    now = new Date(now.getTime() + 3 * 86_400_000);
    const reminders = await api(built.app, leadToken, 'POST', `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants/reminders`, { days: 1 });
    expect(reminders.body).toMatchObject({ queued: 1 });
    await new MailWorker({ db, config: testConfig(), sender: outboxSender, clock: () => now }).runOnce();

    type SystemRow = { id: string; xmin: string; ctid: string; email?: string | null };
    const position = (ctid: string) => ctid.slice(1, -1).split(',').map(Number) as [number, number];
    const byPlace = (a: SystemRow, b: SystemRow) => Number(a.xmin) - Number(b.xmin) || position(a.ctid)[0] - position(b.ctid)[0] || position(a.ctid)[1] - position(b.ctid)[1];
    const responses = (await sql<SystemRow>`SELECT id, xmin::text AS xmin, ctid::text AS ctid FROM responses WHERE survey_id = ${f.survey.id}`.execute(db)).rows;
    const participants = (
      await sql<SystemRow>`SELECT p.id, p.xmin::text AS xmin, p.ctid::text AS ctid, pe.email FROM participants p JOIN people pe ON pe.id = p.person_id WHERE p.survey_id = ${f.survey.id} AND p.completed_on IS NOT NULL`.execute(db)
    ).rows;
    expect(responses).toHaveLength(8);
    expect(participants).toHaveLength(8);
    // No participant was written by a response's transaction.
    const responseXmins = new Set(responses.map((r) => r.xmin));
    for (const p of participants) expect(responseXmins.has(p.xmin), `participant xmin ${p.xmin}`).toBe(false);
    // All eight were written by one transaction, so xmin says nothing of who finished first…
    expect(new Set(participants.map((p) => p.xmin)).size).toBe(1);
    // …and their physical order is not the order they answered in (person1 first, person8 last).
    const answeredOrder = participants.map((p) => p.email).sort((a, b) => Number(/\d+/.exec(a!)![0]) - Number(/\d+/.exec(b!)![0]));
    expect([...participants].sort(byPlace).map((p) => p.email)).not.toEqual(answeredOrder);
    expect(await db.selectFrom('pending_completions').selectAll().execute()).toEqual([]);
  });

  it('links a confidential survey’s responses to participants, for the lead’s eyes only', async () => {
    const { f } = await answered('confidential', 2);
    const db = database.db;
    const responses = await db.selectFrom('responses').select(['id', 'participant_id', 'completed_at']).where('survey_id', '=', f.survey.id).execute();
    const participants = await db.selectFrom('participants').select(['id', 'response_id']).where('survey_id', '=', f.survey.id).where('response_id', 'is not', null).execute();
    expect(responses).toHaveLength(2);
    expect(participants).toHaveLength(2);
    for (const r of responses) {
      expect(participants.find((p) => p.id === r.participant_id)?.response_id).toBe(r.id);
      expect(r.completed_at).not.toBeNull();
    }
    const path = `/api/v1/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants`;
    const forLead = (await api(built.app, leadToken, 'GET', path)).body!.items as Row[];
    expect(forLead.filter((p) => p.responseId).map((p) => p.responseId).sort()).toEqual(responses.map((r) => r.id).sort());
    const forResearcher = (await api(built.app, researcherToken, 'GET', path)).body!.items as Row[];
    expect(forResearcher).toHaveLength(7);
    // Nor the participant ids the survey's export carries, which would lead there too.
    expect(forResearcher.every((p) => !('responseId' in p) && !('id' in p))).toBe(true);
    const researcher_ = new TestBrowser(built.app);
    await researcher_.signIn(researcher);
    const page = await researcher_.get(`/evaluations/${f.evaluation.slug}/surveys/${f.survey.id}/participants`);
    expect(page.statusCode).toBe(200);
    for (const r of responses) expect(page.body).not.toContain(r.id);
  });
});
