import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import { backends } from '../../../test/databases.ts';
import { runJobOnce } from '../../jobs/periodic.ts';
import { serverJobs } from '../../jobs/server-jobs.ts';
import { recordConsent } from './consents.ts';
import { runRetention, setRetentionPolicy } from './retention.ts';
import { retentionJob } from './retention-job.ts';
import { subjectAccessExport } from './subject-access.ts';
import { seedPrivacyFixture, type PrivacyFixture } from './test-fixture.ts';
import { withdraw } from './withdrawal.ts';

const today = '2026-11-26';

/**
 * Beyond the privacy fixture, every other kind of row that can name one of its two people: earlier
 * audit entries, an uploaded directory file, cleaning findings and a decision, a staff number, a
 * pseudonymisation term, case study stakeholders, learning set members with attendance and
 * feedback, and findings citing their coded words.
 */
async function seedTraces(db: Db, f: PrivacyFixture): Promise<void> {
  const { alice, bob } = f.people;
  const e = f.evaluationId;
  await db.insertInto('audit_log').values([
    { evaluation_id: e, user_id: f.leadId, action: 'create', entity: 'person', entity_id: alice.personId, detail: JSON.stringify({ name: alice.name, email: alice.email, note: `Added ${alice.name} from HR` }) },
    { evaluation_id: e, user_id: f.leadId, action: 'create', entity: 'interviewee', entity_id: alice.intervieweeId, detail: JSON.stringify({ label: 'SM01' }) },
    { evaluation_id: e, user_id: f.leadId, action: 'create', entity: 'person', entity_id: bob.personId, detail: JSON.stringify({ name: bob.name, email: bob.email }) },
  ]).execute();
  const [aliceFirst, aliceLast] = alice.name.split(' ');
  const [bobFirst, bobLast] = bob.name.split(' ');
  await db.insertInto('directory_import_stagings').values({
    evaluation_id: e, user_id: f.leadId, filename: 'staff.csv', file_format: 'csv', encoding: 'utf-8',
    columns: JSON.stringify(['First', 'Last', 'E-mail']),
    rows: JSON.stringify([[aliceFirst, aliceLast, alice.email.toUpperCase()], [bobFirst, bobLast, bob.email]]),
    line_numbers: JSON.stringify([2, 3]),
  }).execute();
  await db.insertInto('directory_external_ids').values([{ person_id: alice.personId, evaluation_id: e, external_id: 'E-1' }, { person_id: bob.personId, evaluation_id: e, external_id: 'E-2' }]).execute();
  const double = await db.insertInto('directory_findings').values({
    evaluation_id: e, kind: 'double', person_id: alice.personId, other_person_id: bob.personId, subject: `double:${alice.personId}:${bob.personId}`, score: '0.50',
    reasons: JSON.stringify([`initial A. fits ${aliceFirst}`]), fingerprint: 'f1', status: 'kept',
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('directory_decisions').values({ evaluation_id: e, finding_id: double.id, decision: 'keep', reason: `${alice.name} is not ${bob.name}`, decided_by: f.leadId }).execute();
  await db.insertInto('directory_findings').values({ evaluation_id: e, kind: 'missing', person_id: bob.personId, other_person_id: null, subject: `missing:${bob.personId}`, reasons: JSON.stringify(['no unit']), fingerprint: 'f2' }).execute();
  await db.insertInto('pseudonym_terms').values([
    { evaluation_id: e, kind: 'person', term: alice.name, variants: [aliceFirst!], replacement: '[name]', seeded_from: 'directory' },
    { evaluation_id: e, kind: 'person', term: bob.name, variants: [], replacement: '[name]', seeded_from: 'directory' },
  ]).execute();

  const site = await db.insertInto('case_study_sites').values({ evaluation_id: e, name: 'Fenland', site_type: 'Rural' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('case_study_stakeholders').values([
    // Known by a description, but linked to her interview.
    { site_id: site.id, category: 'senior-manager', name: 'Director of the pilot', role: 'Director', organisation: 'Fenland Trust', interview_id: alice.interviewId },
    { site_id: site.id, category: 'practitioner', name: alice.name, role: 'Nurse', organisation: 'Fenland Trust' },
    { site_id: site.id, category: 'practitioner', name: bob.name, role: 'Nurse', organisation: 'Fenland Trust', interview_id: bob.interviewId },
  ]).execute();

  const set = await db.insertInto('learning_sets').values({ evaluation_id: e, kind: 'internal-staff', name: 'North set' }).returning('id').executeTakeFirstOrThrow();
  const aliceMember = await db.insertInto('learning_set_members').values({ learning_set_id: set.id, name: 'A. Zephyrine', person_id: alice.personId }).returning('id').executeTakeFirstOrThrow();
  const bobMember = await db.insertInto('learning_set_members').values({ learning_set_id: set.id, name: bob.name, role: 'Lead', organisation: 'North' }).returning('id').executeTakeFirstOrThrow();
  const session = await db.insertInto('learning_set_sessions').values({ learning_set_id: set.id, planned_on: '2006-06-12', status: 'held' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('learning_set_attendance').values([{ session_id: session.id, member_id: aliceMember.id }, { session_id: session.id, member_id: bobMember.id }]).execute();

  const finding = await db.insertInto('findings').values({ evaluation_id: e, statement: 'The merger unsettled staff', valence: 'inhibiting' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('learning_set_presented_findings').values({ session_id: session.id, finding_id: finding.id }).execute();
  await db.insertInto('learning_set_feedback').values([
    { session_id: session.id, member_id: aliceMember.id, finding_id: finding.id, response: 'agrees', note: 'Said it twice' },
    { session_id: session.id, member_id: bobMember.id, finding_id: finding.id, response: 'agrees', note: 'Nodded' },
  ]).execute();
  const quote = async (sourceId: string) => (await db.selectFrom('qda_quotes').select(['id', 'coding_id']).where('source_id', '=', sourceId).executeTakeFirstOrThrow());
  const aliceQuote = await quote(alice.sourceId);
  const bobQuote = await quote(bob.sourceId);
  await db.insertInto('finding_evidence').values([
    { finding_id: finding.id, kind: 'coding', coding_id: aliceQuote.coding_id, position: 1 },
    { finding_id: finding.id, kind: 'quote', quote_id: aliceQuote.id, position: 2 },
    { finding_id: finding.id, kind: 'quote', quote_id: bobQuote.id, position: 3 },
  ]).execute();
}

/** For each text, the tables (of every table in the database) where some row, read as text, holds it. */
async function tablesHolding(db: Db, texts: string[]): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db);
  const found: Record<string, string[]> = {};
  for (const text of texts) {
    found[text] = [];
    for (const { name } of tables) {
      const { rows } = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${sql.table(name)} AS t WHERE strpos(lower(t::text), ${text.toLowerCase()}) > 0`.execute(db);
      if (Number(rows[0]!.n) > 0) found[text].push(name);
    }
  }
  return found;
}

function stakeholderNames(db: Db, evaluationId: string) {
  return db.selectFrom('case_study_stakeholders as k').innerJoin('case_study_sites as s', 's.id', 'k.site_id').select('k.name').where('s.evaluation_id', '=', evaluationId).orderBy('k.created_at').execute();
}

describe.each(backends)('how far withdrawal and retention reach on $name', (backend) => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database.close());

  it('leaves no trace of an erased person in any table, and their subject access export holds nothing of them', async () => {
    // A database of its own: every table is searched, and other tests' people share these names.
    const own = await backend.open();
    try {
      await everyTraceGone(own.db);
    } finally {
      await own.close();
    }
  });

  async function everyTraceGone(db: Db): Promise<void> {
    const f = await seedPrivacyFixture(db);
    await seedTraces(db, f);
    const { alice, bob } = f.people;
    await recordConsent(db, f.leadId, f.evaluationId, { personId: alice.personId, takingPart: true, formNote: 'Paper form', givenOn: '2006-01-01' }, today);
    const asked = await subjectAccessExport(db, f.leadId, { id: f.evaluationId, title: 'Privacy evaluation' }, { kind: 'person', id: alice.personId }, new Date('2026-11-26T12:00:00Z'));
    expect(asked.caseStudyStakeholders.map((k) => k.name).sort()).toEqual([alice.name, 'Director of the pilot']);
    expect(asked.learningSetMemberships).toEqual([{ learningSet: 'North set', name: 'A. Zephyrine', role: '', organisation: '', sessionsAttended: ['2006-06-12'], feedback: [{ finding: 'The merger unsettled staff', response: 'agrees', note: 'Said it twice' }] }]);
    const before = await tablesHolding(db, [alice.name, alice.email, alice.words, 'Zephyrine']);
    expect(before['Zephyrine']!.length).toBeGreaterThanOrEqual(10);
    const bobBefore = await tablesHolding(db, [bob.name, bob.email]);

    const withdrawal = await withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: `${alice.name} (${alice.email}) asked by telephone` }, today);

    expect(await tablesHolding(db, [alice.name, alice.email, alice.words, 'Zephyrine'])).toEqual({ [alice.name]: [], [alice.email]: [], [alice.words]: [], Zephyrine: [] });
    expect(withdrawal.erased).toMatchObject({ auditEntries: 2, directoryStagedRows: 1, directoryFindings: 1, staffNumbers: 1, pseudonymTerms: 1, stakeholders: 2, learningSetMembers: 1, learningSetAttendance: 1, findingEvidence: 2 });
    expect(withdrawal.reason).toBe('Withdrawn participant 1 (Withdrawn participant 1) asked by telephone');

    const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('evaluation_id', '=', f.evaluationId).where('entity_id', 'in', [alice.personId, alice.intervieweeId]).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'subject-access-export', 'withdraw-erase']);
    expect(audit[0]!.detail).toEqual({ name: 'Withdrawn participant 1', email: 'Withdrawn participant 1', note: 'Added Withdrawn participant 1 from HR' });
    expect(audit[1]!.detail).toEqual({ label: 'Withdrawn participant 1' });

    const stakeholders = await db.selectFrom('case_study_stakeholders').select(['name', 'role', 'interview_id']).orderBy('name').execute();
    expect(stakeholders).toEqual([
      { name: bob.name, role: 'Nurse', interview_id: bob.interviewId },
      { name: 'Withdrawn participant 1', role: '', interview_id: null },
      { name: 'Withdrawn participant 1', role: '', interview_id: null },
    ]);
    const staging = await db.selectFrom('directory_import_stagings').select(['rows', 'line_numbers']).executeTakeFirstOrThrow();
    expect(staging).toEqual({ rows: [bob.name.split(' ').concat(bob.email)], line_numbers: [3] });

    // Bob is where he was, in every table that held him — but for the decision that named them
    // both, which went with the finding about the pair.
    expect(await tablesHolding(db, [bob.name, bob.email])).toEqual({ ...bobBefore, [bob.name]: bobBefore[bob.name]!.filter((t) => t !== 'directory_decisions') });
    expect(await db.selectFrom('learning_set_feedback').select('note').execute()).toEqual([{ note: 'Nodded' }]);
    expect(await db.selectFrom('finding_evidence').select('quote_id').execute()).toHaveLength(1);

    const records = await subjectAccessExport(db, f.leadId, { id: f.evaluationId, title: 'Privacy evaluation' }, { kind: 'person', id: alice.personId }, new Date('2026-11-26T12:00:00Z'));
    const text = JSON.stringify(records);
    for (const trace of [alice.name, alice.email, alice.words, 'Zephyrine', 'SM01']) expect(text).not.toContain(trace);
    expect(records).toMatchObject({ surveyParticipations: [], linkedResponses: [], interviews: [], learningSetMemberships: [] });
    expect(records.caseStudyStakeholders.map((k) => [k.name, k.role])).toEqual([['Withdrawn participant 1', ''], ['Withdrawn participant 1', '']]);
    expect(records.directoryEntry?.name).toBe('Withdrawn participant 1');
  }

  it('changes none of those rows when the withdrawal fails at its last step', async () => {
    const f = await seedPrivacyFixture(db);
    await seedTraces(db, f);
    const tables = ['audit_log', 'directory_import_stagings', 'directory_findings', 'directory_decisions', 'directory_external_ids', 'pseudonym_terms', 'case_study_stakeholders', 'learning_set_members', 'learning_set_attendance', 'learning_set_feedback', 'finding_evidence', 'withdrawals'] as const;
    const dump = async () => {
      const parts: string[] = [];
      for (const table of tables) parts.push(`${table}:${JSON.stringify((await db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort())}`);
      return parts.join('\n');
    };
    const before = await dump();
    const failing = { afterStep: (step: string) => { if (step === 'audit') throw new Error('failed at the end'); } };
    await expect(withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: f.people.alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked' }, today, failing)).rejects.toThrow('failed at the end');
    expect(await dump()).toBe(before);
  });

  it("keeps the pseudonymisation term while someone else's transcript still mentions the name", async () => {
    const f = await seedPrivacyFixture(db);
    await seedTraces(db, f);
    const { alice, bob } = f.people;
    await db.updateTable('qda_sources').set({ content: sql<string>`content || ${`\nInterviewer: Who else?\nSM02: ${alice.name}, mostly.`}` }).where('id', '=', bob.sourceId).execute();
    const withdrawal = await withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked' }, today);
    expect(withdrawal.erased).toMatchObject({ pseudonymTermsKept: 1 });
    expect(withdrawal.erased.pseudonymTerms).toBeUndefined();
    expect((await db.selectFrom('pseudonym_terms').select('term').where('evaluation_id', '=', f.evaluationId).orderBy('term').execute()).map((t) => t.term)).toEqual([alice.name, bob.name]);
  });

  it('withdraws an interviewee on their own: their label leaves the audit log and their stakeholder entry', async () => {
    const f = await seedPrivacyFixture(db);
    await seedTraces(db, f);
    const withdrawal = await withdraw(db, f.leadId, f.evaluationId, { kind: 'interviewee', id: f.people.alice.intervieweeId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked' }, today);
    expect(withdrawal.erased).toMatchObject({ auditEntries: 1, stakeholders: 1, findingEvidence: 2 });
    // The directory is not the interviewee's: their entry, and the stakeholder listed by name, stay.
    expect((await db.selectFrom('people').select('name').where('id', '=', f.people.alice.personId).executeTakeFirstOrThrow()).name).toBe(f.people.alice.name);
    expect((await stakeholderNames(db, f.evaluationId)).map((s) => s.name).sort()).toEqual([f.people.alice.name, f.people.bob.name, 'Withdrawn participant 1']);
  });

  it("replaces people's names when retention ends, as the policy says, and the server's job does it unattended", async () => {
    expect(serverJobs({} as Config).map((j) => j.name)).toContain(retentionJob.name);
    const due = await seedPrivacyFixture(db);
    await seedTraces(db, due);
    await setRetentionPolicy(db, due.leadId, due.evaluationId, { basis: 'months', monthsAfterEnd: '12' });
    const later = await seedPrivacyFixture(db);
    await setRetentionPolicy(db, later.leadId, later.evaluationId, { basis: 'date', deleteOn: '2099-01-01' });

    const dry = await runRetention(db, due.leadId, due.evaluationId, { dryRun: true, today });
    expect(dry.counts).toMatchObject({ directoryNames: 2, frameSnapshotNames: 2, stakeholderNames: 3, learningSetMemberNames: 2, directoryFindings: 2, directoryUploads: 1 });

    // A day before the due date the job deletes nothing; after it, everything due, audited as the system.
    expect(await runJobOnce(db, retentionJob, new Date('2009-03-30T12:00:00Z'))).toBe(true);
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'retention-delete').execute()).toEqual([]);
    expect(await runJobOnce(db, retentionJob, new Date('2026-11-26T03:00:00Z'))).toBe(true);

    // Sorted: rows added in the same instant may be numbered in either order.
    const names = async (evaluationId: string) => ({
      people: (await db.selectFrom('people').select('name').where('evaluation_id', '=', evaluationId).execute()).map((r) => r.name).sort(),
      frames: (await db.selectFrom('sampling_frame_members as m').innerJoin('sampling_frames as s', 's.id', 'm.frame_id').select('m.name').where('s.evaluation_id', '=', evaluationId).execute()).map((r) => r.name).sort(),
    });
    const sameName = await db.selectFrom('sampling_frame_members as m').innerJoin('people as p', 'p.id', 'm.person_id').select(['m.name as snapshot', 'p.name']).where('p.evaluation_id', '=', due.evaluationId).execute();
    expect(sameName.every((r) => r.snapshot === r.name)).toBe(true);
    expect(await names(due.evaluationId)).toEqual({ people: ['Person 1', 'Person 2'], frames: ['Person 1', 'Person 2'] });
    expect((await stakeholderNames(db, due.evaluationId)).map((r) => r.name).sort()).toEqual(['Stakeholder 1', 'Stakeholder 2', 'Stakeholder 3']);
    const members = await db.selectFrom('learning_set_members as m').innerJoin('learning_sets as s', 's.id', 'm.learning_set_id').select(['m.name', 'm.person_id']).where('s.evaluation_id', '=', due.evaluationId).orderBy('m.name').execute();
    expect(members).toEqual([{ name: 'Member 1', person_id: null }, { name: 'Member 2', person_id: null }]);
    expect(await db.selectFrom('directory_findings').select('id').where('evaluation_id', '=', due.evaluationId).execute()).toEqual([]);
    // The evaluation not yet due is untouched.
    expect(await names(later.evaluationId)).toEqual({ people: [later.people.alice.name, later.people.bob.name].sort(), frames: [later.people.alice.name, later.people.bob.name].sort() });
    expect((await db.selectFrom('people').select('email').where('id', '=', later.people.alice.personId).executeTakeFirstOrThrow()).email).toBe(later.people.alice.email);

    const audits = await db.selectFrom('audit_log').select(['evaluation_id', 'user_id', 'detail']).where('action', '=', 'retention-delete').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ evaluation_id: due.evaluationId, user_id: null });
    expect((audits[0]!.detail as { deleted: Record<string, number> }).deleted).toMatchObject({ directoryNames: 2, stakeholderNames: 3 });

    // The next round finds nothing more to delete and records nothing.
    await runJobOnce(db, retentionJob, new Date('2026-11-26T04:00:00Z'));
    expect(await db.selectFrom('audit_log').select('id').where('action', '=', 'retention-delete').execute()).toHaveLength(1);
    expect((await runRetention(db, null, due.evaluationId, { dryRun: true, today })).total).toBe(0);
  });
});
