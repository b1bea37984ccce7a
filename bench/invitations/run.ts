/**
 * Invitations benchmark (issue 8): 10,000 invitations queued and sent through a local SMTP server
 * (smtp-server in this process, accepting everything) by the real mail worker: from the queue,
 * each message's personal links derived, sent over a pool of SMTP connections, and marked sent.
 *
 *   npm run bench:invitations                          # 10,000 on the embedded database
 *   npm run bench:invitations -- --db postgres         # on PostgreSQL
 *   npm run bench:invitations -- --invitations 2000
 *
 * PostgreSQL is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database formative_bench_invitations is made there and dropped afterwards.
 * Target: 200 or more invitations a second.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { serverSecret } from '../../src/modules/fieldwork/invitations/secret.ts';
import { addParticipants, queueRound } from '../../src/modules/fieldwork/invitations/service.ts';
import { shortQuestionnaire } from '../../src/modules/fieldwork/invitations/test-fixtures.ts';
import { startTestSmtp } from '../../src/modules/fieldwork/mail/test-smtp.ts';
import { smtpSender } from '../../src/modules/fieldwork/mail/transport.ts';
import { MailWorker } from '../../src/modules/fieldwork/mail/worker.ts';
import { createSurvey, setStatus } from '../../src/modules/surveys/service.ts';

const { values: args } = parseArgs({
  options: { invitations: { type: 'string', default: '10000' }, db: { type: 'string', default: 'embedded' } },
});
const count = Number(args.invitations);
if (!Number.isInteger(count) || count < 1) throw new Error('--invitations must be a whole number');
if (args.db !== 'embedded' && args.db !== 'postgres') throw new Error('--db must be embedded or postgres');
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'formative_bench_invitations';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openBenchDatabase(): Promise<Database> {
  if (args.db === 'embedded') {
    const database = await openEmbeddedDatabase('memory');
    await migrate(database);
    return database;
  }
  await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${databaseName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const database = await openPostgresDatabase(url.toString());
  await migrate(database);
  return database;
}

const database = await openBenchDatabase();
const smtp = await startTestSmtp({ keep: false });
try {
  const db = database.db;
  const config = { ...loadConfig({ NODE_ENV: 'test' }), mailPerMinute: 1_000_000 };
  const lead = await createUser(db, { email: 'bench@example.org', name: 'Bench Lead', password: 'a long bench password' });
  const evaluation = await createEvaluation(db, lead.id, { title: 'Invitations benchmark' });
  await sql`INSERT INTO people (evaluation_id, name, email)
    SELECT ${evaluation.id}, 'Person ' || g, 'person' || g || '@example.org' FROM generate_series(1, ${count}::int) AS g`.execute(db);
  const people = await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluation.id).execute();
  const survey = await createSurvey(db, lead.id, evaluation.id, { title: 'Staff survey', purpose: 'main', anonymity: 'anonymous', access: 'personal' }, shortQuestionnaire);
  await setStatus(db, lead.id, evaluation.id, survey.id, 'open');

  const queueStart = performance.now();
  await addParticipants(db, await serverSecret(db, config), lead.id, evaluation.id, survey.id, people.map((p) => p.id));
  const round = await queueRound(db, lead.id, evaluation.id, survey.id, 'invitation', new Date());
  const queueSeconds = (performance.now() - queueStart) / 1000;

  const worker = new MailWorker({ db, config, sender: smtpSender(smtp.url, 'bench@example.org'), batchSize: 200 });
  const cpuBefore = process.cpuUsage();
  const sendStart = performance.now();
  const summary = await worker.runOnce();
  const sendSeconds = (performance.now() - sendStart) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await worker.stop();
  const sent = await db.selectFrom('mail_jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();

  const rate = summary.sent / sendSeconds;
  console.log(`Database: ${database.kind}; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Added ${count} participants and queued ${round.queued} invitations in ${queueSeconds.toFixed(2)} s.`);
  console.log(`Sent ${summary.sent} (the SMTP server received ${smtp.count}; ${Number(sent.n)} marked sent, ${summary.retrying} to retry) in ${sendSeconds.toFixed(2)} s: ${rate.toFixed(0)} invitations/s (target ≥ 200). CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s.`);
  if (smtp.count !== count || Number(sent.n) !== count) throw new Error('Not every invitation was delivered and marked sent');
  process.exitCode = rate >= 200 ? 0 : 1;
} finally {
  await smtp.close();
  await database.close();
  if (args.db === 'postgres') await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
}
