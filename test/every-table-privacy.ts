import type { Db } from '../src/db/database.ts';

/** Fills the privacy tables (migration 023): consent records of both kinds, a withdrawal, a retention policy. */
export async function fillPrivacyTables(db: Db, evaluation: string, user: string): Promise<void> {
  const interviewee = (await db.selectFrom('qda_participants').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow()).id;
  const person = (await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluation).orderBy('name').executeTakeFirstOrThrow()).id;
  const form = await db.selectFrom('study_document_versions').select('id').executeTakeFirst();
  await db.insertInto('consent_records').values([
    { evaluation_id: evaluation, qda_participant_id: interviewee, taking_part: true, audio_recording: true, transcription: true, anonymous_quotes: false, future_research: true, form_version_id: form?.id ?? null, given_on: '2005-11-02', recorded_by: user },
    { evaluation_id: evaluation, person_id: person, taking_part: true, form_note: 'Paper form, version 2 — “signed”', given_on: '2005-10-01', recorded_by: null, withdrawn_on: '2006-01-31' },
  ]).execute();
  await db.insertInto('withdrawals').values({
    evaluation_id: evaluation, person_id: person, number: 1, withdrawn_on: '2006-01-31', choice: 'keep-analysed', reason: 'Asked by telephone; keep what is coded',
    erased: JSON.stringify({ transcripts: 1, mailMessages: 2 }), recorded_by: user, created_at: '2006-02-01 10:00:00.000001+00',
  }).execute();
  await db.insertInto('retention_policies').values({ evaluation_id: evaluation, months_after_end: 24, delete_on: null, updated_by: user }).execute();
}
