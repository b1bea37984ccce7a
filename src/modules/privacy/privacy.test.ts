import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.ts';
import { backends } from '../../../test/databases.ts';
import { listConsents, recordConsent } from './consents.ts';
import { dueDate, addMonths, runRetention, setRetentionPolicy } from './retention.ts';
import { subjectAccessExport, subjectByEmail } from './subject-access.ts';
import { seedPrivacyFixture, type PrivacyFixture } from './test-fixture.ts';
import { withdraw } from './withdrawal.ts';

const today = '2026-11-26';

type Who = PrivacyFixture['people']['alice'];

/** Rows each table holds about one person, found by their ids. */
async function holdings(db: Db, who: Who) {
  const count = async (query: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }) => Number((await query.executeTakeFirst())?.n ?? 0);
  const participations = db.selectFrom('participants').select('id').where('person_id', '=', who.personId);
  // Codings found before erasure too, so memos about them are counted while they exist.
  const codings = (await db.selectFrom('qda_codings').select('id').where('source_id', '=', who.sourceId).execute()).map((c) => c.id);
  return {
    interviews: await count(db.selectFrom('interviews').select((eb) => eb.fn.countAll().as('n')).where('participant_id', '=', who.intervieweeId)),
    sources: await count(db.selectFrom('qda_sources').select((eb) => eb.fn.countAll().as('n')).where('id', '=', who.sourceId)),
    turns: await count(db.selectFrom('qda_turns').select((eb) => eb.fn.countAll().as('n')).where('source_id', '=', who.sourceId)),
    codings: await count(db.selectFrom('qda_codings').select((eb) => eb.fn.countAll().as('n')).where('source_id', '=', who.sourceId)),
    quotes: await count(db.selectFrom('qda_quotes').select((eb) => eb.fn.countAll().as('n')).where('participant_id', '=', who.intervieweeId)),
    memos: await count(db.selectFrom('qda_memos').select((eb) => eb.fn.countAll().as('n')).where('subject_id', 'in', [who.sourceId, ...codings])),
    summaries: await count(db.selectFrom('qda_matrix_summaries').select((eb) => eb.fn.countAll().as('n')).where('participant_id', '=', who.intervieweeId)),
    attributes: await count(db.selectFrom('qda_participant_attributes').select((eb) => eb.fn.countAll().as('n')).where('participant_id', '=', who.intervieweeId)),
    participations: await count(db.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', who.personId)),
    mail: await count(db.selectFrom('mail_jobs').select((eb) => eb.fn.countAll().as('n')).where('to_address', '=', who.email)),
    responses: await count(db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).where('participant_id', 'in', participations)),
    named: await count(db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).where('id', '=', who.personId).where('name', '=', who.name)),
    snapshots: await count(db.selectFrom('sampling_frame_members').select((eb) => eb.fn.countAll().as('n')).where('person_id', '=', who.personId).where('name', '=', who.name)),
  };
}

/** Every table a withdrawal may touch, as text, to show a failed one changed nothing. */
async function dump(db: Db): Promise<string> {
  const tables = ['people', 'participants', 'responses', 'mail_jobs', 'contact_events', 'sampling_frame_members', 'qda_participants', 'qda_participant_attributes', 'interviews', 'qda_sources', 'qda_turns', 'qda_codings', 'qda_quotes', 'qda_memos', 'qda_matrix_summaries', 'consent_records', 'withdrawals', 'audit_log'] as const;
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    parts.push(`${table}:${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

describe.each(backends)('privacy on $name', (backend) => {
  let database: Database;
  let db: Db;
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database.close());

  describe('consent records', () => {
    it('records what an interviewee agreed to and who recorded it', async () => {
      const f = await seedPrivacyFixture(db);
      const record = await recordConsent(db, f.leadId, f.evaluationId, { intervieweeId: f.people.alice.intervieweeId, takingPart: 'true', audioRecording: 'true', transcription: '', formNote: 'Paper form v2', givenOn: '2006-01-10' }, today);
      expect(record.subjectName).toBe('SM01');
      expect(record.agreed).toEqual({ takingPart: true, audioRecording: true, transcription: false, anonymousQuotes: false, futureResearch: false });
      expect(record.recordedBy).toBe('Lena Lead');
      expect((await listConsents(db, f.evaluationId, { intervieweeIds: [f.people.alice.intervieweeId] })).map((r) => r.id)).toEqual([record.id]);
      expect(await listConsents(db, f.evaluationId, { intervieweeIds: [f.people.bob.intervieweeId] })).toEqual([]);
    });

    it('refuses a record without consent to take part, without a form, in the future or for another evaluation', async () => {
      const f = await seedPrivacyFixture(db);
      const other = await seedPrivacyFixture(db);
      const base = { intervieweeId: f.people.alice.intervieweeId, takingPart: true, formNote: 'Form', givenOn: '2006-01-10' };
      await expect(recordConsent(db, f.leadId, f.evaluationId, { ...base, takingPart: false }, today)).rejects.toThrow(/taking part/);
      await expect(recordConsent(db, f.leadId, f.evaluationId, { ...base, formNote: '' }, today)).rejects.toThrow(/consent form/);
      await expect(recordConsent(db, f.leadId, f.evaluationId, { ...base, givenOn: '2099-01-01' }, today)).rejects.toThrow(/today or in the past/);
      await expect(recordConsent(db, f.leadId, f.evaluationId, { ...base, intervieweeId: other.people.alice.intervieweeId }, today)).rejects.toThrow(/this evaluation's interviewees/);
      await expect(recordConsent(db, f.leadId, f.evaluationId, { ...base, personId: f.people.alice.personId }, today)).rejects.toThrow(/Say whose consent/);
      expect(await listConsents(db, f.evaluationId)).toEqual([]);
    });
  });

  describe('withdrawal', () => {
    it("erases exactly the withdrawn person's data and nothing of another's", async () => {
      const f = await seedPrivacyFixture(db);
      await recordConsent(db, f.leadId, f.evaluationId, { personId: f.people.alice.personId, takingPart: true, formNote: 'Form', givenOn: '2006-01-01' }, today);
      const bobBefore = await holdings(db, f.people.bob);
      const aliceBefore = await holdings(db, f.people.alice);
      expect(Object.values(aliceBefore).every((n) => n > 0)).toBe(true);
      const anonymousBefore = await db.selectFrom('responses').selectAll().where('survey_id', '=', f.anonymousSurveyId).orderBy('id').execute();

      const withdrawal = await withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: f.people.alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked for everything to be erased' }, today);

      expect(Object.values(await holdings(db, f.people.alice)).filter((n) => n > 0)).toEqual([]);
      expect(await holdings(db, f.people.bob)).toEqual(bobBefore);
      expect(await db.selectFrom('responses').selectAll().where('survey_id', '=', f.anonymousSurveyId).orderBy('id').execute()).toEqual(anonymousBefore);
      expect(withdrawal.erased).toMatchObject({ interviews: 1, transcripts: 1, turns: 2, codings: 1, quotes: 1, memos: 2, matrixSummaries: 1, attributes: 1, linkedResponses: 1, mailMessages: 1, directoryEntries: 1, frameSnapshots: 1, consentRecords: 1 });
      const person = await db.selectFrom('people').selectAll().where('id', '=', f.people.alice.personId).executeTakeFirstOrThrow();
      expect(person).toMatchObject({ name: 'Withdrawn participant 1', email: null, phone: null });
      const interviewee = await db.selectFrom('qda_participants').selectAll().where('id', '=', f.people.alice.intervieweeId).executeTakeFirstOrThrow();
      expect(interviewee).toMatchObject({ label: 'Withdrawn participant 1', person_id: null });
      expect((await listConsents(db, f.evaluationId, { personId: f.people.alice.personId }))[0]!.withdrawnOn).toBe('2006-03-01');
    });

    it('leaves an audit entry with counts and the id, and no name, address or words', async () => {
      const f = await seedPrivacyFixture(db);
      await withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: f.people.alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: `${f.people.alice.name} asked` }, today);
      const [entry] = await db.selectFrom('audit_log').selectAll().where('evaluation_id', '=', f.evaluationId).where('action', '=', 'withdraw-erase').execute();
      expect(entry).toBeDefined();
      expect(entry!.entity_id).toBe(f.people.alice.personId);
      const text = JSON.stringify(entry);
      expect(text).toContain('"interviews":1');
      for (const secret of [f.people.alice.name, 'Alice', f.people.alice.email, f.people.alice.words, 'SM01', 'asked']) expect(text).not.toContain(secret);
    });

    it('is all or nothing: a failure part-way changes nothing', async () => {
      const f = await seedPrivacyFixture(db);
      const before = await dump(db);
      for (const failAt of ['consents', 'links', 'interviews', 'surveys', 'directory', 'casework', 'earlier audit entries', 'audit']) {
        await expect(
          withdraw(db, f.leadId, f.evaluationId, { kind: 'person', id: f.people.alice.personId }, { withdrawnOn: '2006-03-01', choice: 'erase', reason: 'Asked' }, today, {
            afterStep: (step) => {
              if (step === failAt) throw new Error(`failed after ${step}`);
            },
          }),
        ).rejects.toThrow(`failed after ${failAt}`);
        expect(await dump(db)).toBe(before);
      }
    });

    it('keeps what was already analysed when the researcher chooses so', async () => {
      const f = await seedPrivacyFixture(db);
      // An uncoded second transcript: not yet analysed, so it goes.
      const uncoded = await db.insertInto('qda_sources').values({ evaluation_id: f.evaluationId, kind: 'transcript', name: 'Follow-up', interview_id: f.people.alice.interviewId, participant_id: f.people.alice.intervieweeId, content: 'Not coded yet' }).returning('id').executeTakeFirstOrThrow();
      const withdrawal = await withdraw(db, f.leadId, f.evaluationId, { kind: 'interviewee', id: f.people.alice.intervieweeId }, { withdrawnOn: '2006-03-01', choice: 'keep-analysed', reason: 'Happy for analysed data to stay' }, today);
      expect(withdrawal.erased).toEqual({ transcripts: 1 });
      expect(await db.selectFrom('qda_sources').select('id').where('id', '=', uncoded.id).executeTakeFirst()).toBeUndefined();
      expect(await holdings(db, f.people.alice)).toMatchObject({ interviews: 1, sources: 1, codings: 1, quotes: 1, named: 1 });
      expect((await db.selectFrom('interviews').select('status').where('id', '=', f.people.alice.interviewId).executeTakeFirstOrThrow()).status).toBe('withdrawn');
    });

    it('refuses a withdrawal dated in the future or without a reason', async () => {
      const f = await seedPrivacyFixture(db);
      const subject = { kind: 'interviewee' as const, id: f.people.alice.intervieweeId };
      await expect(withdraw(db, f.leadId, f.evaluationId, subject, { withdrawnOn: '2099-01-01', choice: 'erase', reason: 'x' }, today)).rejects.toThrow(/today or in the past/);
      await expect(withdraw(db, f.leadId, f.evaluationId, subject, { withdrawnOn: '2006-01-01', choice: 'erase', reason: '' }, today)).rejects.toThrow(/reason/);
      expect((await holdings(db, f.people.alice)).interviews).toBe(1);
    });
  });

  describe('retention', () => {
    it('computes the due date from the end of the evaluation or a set date', () => {
      expect(addMonths('2008-01-31', 1)).toBe('2008-02-29');
      expect(addMonths('2008-03-31', 24)).toBe('2010-03-31');
      expect(dueDate({ monthsAfterEnd: 6, deleteOn: null }, '2008-03-31').dueOn).toBe('2008-09-30');
      expect(dueDate({ monthsAfterEnd: null, deleteOn: '2030-01-01' }, null).dueOn).toBe('2030-01-01');
      expect(dueDate({ monthsAfterEnd: 6, deleteOn: null }, null).dueOn).toBeNull();
      expect(dueDate(null, '2008-03-31').dueOn).toBeNull();
    });

    it('lists in a dry run, deletes when due, and deletes nothing more the second time', async () => {
      const f = await seedPrivacyFixture(db);
      await setRetentionPolicy(db, f.leadId, f.evaluationId, { basis: 'months', monthsAfterEnd: '12' });
      const quotesBefore = await db.selectFrom('qda_quotes').selectAll().where('evaluation_id', '=', f.evaluationId).orderBy('id').execute();
      const anonymousBefore = await db.selectFrom('responses').selectAll().where('survey_id', '=', f.anonymousSurveyId).orderBy('id').execute();

      const dry = await runRetention(db, f.leadId, f.evaluationId, { dryRun: true, today });
      expect(dry).toMatchObject({ dueOn: '2009-03-31', due: true, applied: false });
      expect(dry.counts).toMatchObject({ directoryContactDetails: 2, frameSnapshotEmails: 2, personalLinks: 4, mailMessages: 2, contactNotes: 2, intervieweeAttributes: 2, intervieweeDirectoryLinks: 2, recordingReferences: 2 });
      expect((await db.selectFrom('people').select('email').where('id', '=', f.people.alice.personId).executeTakeFirstOrThrow()).email).toBe(f.people.alice.email);

      const notYet = await runRetention(db, f.leadId, f.evaluationId, { dryRun: false, today: '2009-03-30' });
      expect(notYet).toMatchObject({ due: false, applied: false, total: dry.total });

      const real = await runRetention(db, f.leadId, f.evaluationId, { dryRun: false, today });
      expect(real).toMatchObject({ applied: true, total: dry.total });
      expect((await db.selectFrom('people').select(['email', 'phone']).where('evaluation_id', '=', f.evaluationId).execute()).every((p) => p.email === null && p.phone === null)).toBe(true);
      expect(await db.selectFrom('mail_jobs').select('id').where('evaluation_id', '=', f.evaluationId).execute()).toEqual([]);

      const again = await runRetention(db, f.leadId, f.evaluationId, { dryRun: false, today });
      expect(again.total).toBe(0);
      expect(await db.selectFrom('qda_quotes').selectAll().where('evaluation_id', '=', f.evaluationId).orderBy('id').execute()).toEqual(quotesBefore);
      expect(await db.selectFrom('responses').selectAll().where('survey_id', '=', f.anonymousSurveyId).orderBy('id').execute()).toEqual(anonymousBefore);
      const audits = await db.selectFrom('audit_log').selectAll().where('evaluation_id', '=', f.evaluationId).where('action', '=', 'retention-delete').execute();
      expect(audits).toHaveLength(1);
      expect(JSON.stringify(audits[0])).not.toContain('@example.org');
    });
  });

  describe('subject access export', () => {
    it("holds the person's records from every module and none of another person's", async () => {
      const f = await seedPrivacyFixture(db);
      await recordConsent(db, f.leadId, f.evaluationId, { intervieweeId: f.people.alice.intervieweeId, takingPart: true, formNote: 'Form', givenOn: '2006-01-10' }, today);
      const subject = await subjectByEmail(db, f.evaluationId, f.people.alice.email.toUpperCase());
      const result = await subjectAccessExport(db, f.leadId, { id: f.evaluationId, title: 'Privacy evaluation' }, subject, new Date('2026-11-26T12:00:00Z'));
      expect(result.directoryEntry?.name).toBe(f.people.alice.name);
      expect(result.sampleMemberships).toHaveLength(1);
      expect(result.surveyParticipations).toHaveLength(2);
      expect(result.surveyParticipations.flatMap((p) => p.mail.map((m) => m.toAddress))).toEqual([f.people.alice.email]);
      expect(result.linkedResponses).toHaveLength(1);
      expect(result.consentRecords).toHaveLength(1);
      expect(result.interviews[0]!.transcripts[0]!.spoken).toEqual([{ speaker: 'SM01', text: `SM01: Honestly ${f.people.alice.words}.` }]);
      expect(result.interviews[0]!.transcripts[0]!.codings[0]!.text).toBe(f.people.alice.words);
      const text = JSON.stringify(result);
      for (const other of [f.people.bob.name, f.people.bob.email, f.people.bob.words, 'anonymous 0', 'anonymous 1']) expect(text).not.toContain(other);
      const audit = await db.selectFrom('audit_log').selectAll().where('evaluation_id', '=', f.evaluationId).where('action', '=', 'subject-access-export').execute();
      expect(audit.map((a) => a.entity_id)).toEqual([f.people.alice.personId]);
    });

    it('says when nobody has that address', async () => {
      const f = await seedPrivacyFixture(db);
      await expect(subjectByEmail(db, f.evaluationId, 'nobody@example.org')).rejects.toThrow(/not found/);
    });
  });
});
