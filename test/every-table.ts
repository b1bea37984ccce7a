import { sql } from 'kysely';
import type { Database, Db } from '../src/db/database.ts';
import { quoteName, readCatalog, tableName } from '../src/db/catalog.ts';
import { fillFindingTables } from './every-table-findings.ts';
import { fillReportTables } from './every-table-reports.ts';
import { fillCaseStudyTables } from './every-table-case-studies.ts';
import { fillSecondFactorTables } from './every-table-second-factor.ts';
import { fillPrivacyTables } from './every-table-privacy.ts';
import { fillLearningSetTables } from './every-table-learning-sets.ts';
import { fillCompletionTables } from './every-table-completions.ts';
import { fillSharedStatisticsTables } from './every-table-shared-statistics.ts';
import { fillAnswerVectorTables } from './every-table-answer-vectors.ts';

// A timestamp with microseconds, which a JavaScript Date cannot hold.
const at = (text: string) => sql<Date>`${text}::timestamptz`;

/**
 * Writes rows to every table, straight through Kysely, with the values most likely to change on
 * the way through a backup: microsecond timestamps, numerics with trailing zeros, nested JSON with
 * numbers beyond double precision, quotes, backslashes, line breaks, non-ASCII text and nulls.
 * Units are given ids so that a child sorts before its parent, as a restore must cope with.
 */
export async function fillEveryTable(db: Db): Promise<void> {
  const ann = '6b3c3a1e-0000-4000-8000-000000000001';
  const bob = '6b3c3a1e-0000-4000-8000-000000000002';
  await db.insertInto('users').values([
    { id: ann, email: 'ann.lee@example.org', name: 'Ann Lee', password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', created_at: '2005-04-01 09:00:00.123456+00' },
    { id: bob, email: 'bob@example.org', name: "Bob O'Brien — Évaluation \\ \"quoted\"", password_hash: 'x', created_at: '2006-01-02 03:04:05+01', disabled_at: new Date('2007-05-06T07:08:09.010Z') },
  ]).execute();
  await db.insertInto('sessions').values({ id_hash: 'a'.repeat(64), user_id: ann, created_at: '2024-01-01 00:00:00.000001+00', expires_at: '2024-01-15 00:00:00+00' }).execute();
  await db.insertInto('api_tokens').values({ user_id: ann, name: 'R scripts', token_hash: 'b'.repeat(64), last_used_at: at('2024-02-29 23:59:59.999999+00'), revoked_at: null }).execute();

  const evaluation = '7c000000-0000-4000-8000-000000000001';
  const archived = '7c000000-0000-4000-8000-000000000002';
  await db.insertInto('evaluations').values([
    {
      id: evaluation, slug: 'partnership', title: 'Evaluation of the Partnership', commissioner: 'Department of Health',
      organisation_name: 'The Partnership', summary: 'Line one\nline two\ttabbed; 61% of £39m', starts_on: '2005-04-01', ends_on: '2008-03-31',
    },
    { id: archived, slug: 'old-one', title: 'Old evaluation', archived_at: at('2009-09-09 09:09:09.5+00') },
  ]).execute();
  const phase = await db.insertInto('phases').values({ evaluation_id: evaluation, name: 'Baseline', starts_on: '2005-04-01', ends_on: null, position: 1 }).returning('id').executeTakeFirstOrThrow();
  const wave = await db.insertInto('waves').values({ evaluation_id: evaluation, name: 'Wave 1 (2005)', starts_on: '2005-10-01', ends_on: '2005-12-31', position: 1 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('memberships').values([
    { evaluation_id: evaluation, user_id: ann, role: 'lead' },
    { evaluation_id: evaluation, user_id: bob, role: 'coder' },
  ]).execute();
  await db.insertInto('audit_log').values([
    { evaluation_id: evaluation, user_id: ann, action: 'create', entity: 'evaluation', entity_id: evaluation, detail: '{"title": "Evaluation of the Partnership", "n": 12345678901234567890.5}' },
    { evaluation_id: null, user_id: null, action: 'sign-in', entity: 'user', entity_id: null, detail: '{"nested": {"list": [1, 2.50, null, true], "text": "é ✓ \\"q\\" \\\\ \\n"}}' },
    { evaluation_id: archived, user_id: bob, action: 'archive', entity: 'evaluation', entity_id: archived, detail: '{}' },
  ]).execute();

  // Ids chosen so the team sorts first, the organisation last: children before parents in key order.
  const organisation = 'ffffffff-0000-4000-8000-000000000001';
  const programme = '88888888-0000-4000-8000-000000000001';
  const region = '99999999-0000-4000-8000-000000000001';
  const team = '00000000-0000-4000-8000-000000000001';
  await db.insertInto('units').values({ id: organisation, evaluation_id: evaluation, parent_id: null, kind: 'organisation', name: 'The Partnership' }).execute();
  await db.insertInto('units').values([
    { id: programme, evaluation_id: evaluation, parent_id: organisation, kind: 'programme', name: 'Mental health', short_name: 'MH', position: 1 },
    { id: region, evaluation_id: evaluation, parent_id: organisation, kind: 'region', name: 'North West', position: 2 },
  ]).execute();
  await db.insertInto('units').values({ id: team, evaluation_id: evaluation, parent_id: programme, kind: 'team', name: 'Crisis team' }).execute();
  await db.insertInto('budget_lines').values([
    { evaluation_id: evaluation, unit_id: programme, financial_year: '2005/06', label: 'Programme grant', amount_thousands: '23790.0', position: 1 },
    { evaluation_id: evaluation, unit_id: null, financial_year: '2005/06', label: 'Central costs', amount_thousands: '0.5', position: 2 },
  ]).execute();
  await db.insertInto('people').values([
    { evaluation_id: evaluation, name: 'Chris Patel', email: 'chris@example.org', phone: '+44 161 000 0000', unit_id: team, region_id: region, job_title: 'Team manager', started_on: '2001-09-01', last_verified_on: '2005-03-01' },
    { evaluation_id: evaluation, name: 'Dana Smith', email: null, phone: null, unit_id: null, region_id: null, left_on: '2004-12-31' },
  ]).execute();
  await fillSurveyTables(db, { evaluation, user: ann, wave: wave.id });
  await fillProtocolTables(db, { evaluation, user: ann, phase: phase.id });
  await fillQualitativeTables(db, { evaluation, user: ann, wave: wave.id });
  await fillInterviewTables(db, { evaluation, user: ann });
  await fillQualitativeAnalysisTables(db, { evaluation, user: ann, other: bob });
  await fillFieldworkTables(db, { evaluation, user: ann });
  await fillAnalysisTables(db, { evaluation, user: ann });
  await fillDocumentTables(db, { evaluation, user: ann });
  await fillFindingTables(db, evaluation, ann);
  await fillPrivacyTables(db, evaluation, ann);
  await fillLearningSetTables(db, evaluation, ann);
  await fillSecondFactorTables(db, evaluation, ann);
  await fillCaseStudyTables(db, evaluation, ann);
  await fillCompletionTables(db, evaluation);
  await fillSharedStatisticsTables(db, evaluation);
  await fillAnswerVectorTables(db, evaluation);
  await fillReportTables(db, evaluation, ann);
}

/** Documents, plans and improvement methods (migration 017): file bytes of every value, arrays with awkward themes, a staged import. */
async function fillDocumentTables(db: Db, { evaluation, user }: Ids): Promise<void> {
  const programme = '88888888-0000-4000-8000-000000000001';
  const region = '99999999-0000-4000-8000-000000000001';
  const bytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
  const source = await db.insertInto('qda_sources').values({ evaluation_id: evaluation, kind: 'document', name: 'Business plan — 2005/06', content: 'Line one\n\n"Quoted" £ text' }).returning('id').executeTakeFirstOrThrow();
  const document = await db
    .insertInto('documents')
    .values({
      evaluation_id: evaluation, kind: 'business-plan', title: 'Business plan 2005/06 "final"', issuer: 'The Partnership', issued_on: '2005-04-01', address: 'https://example.org/plan?a=1&b=2',
      accessed_on: '2006-09-12', notes: 'Back\\slash', file_name: 'plan (v2).pdf', media_type: 'application/pdf', size_bytes: bytes.length, sha256: 'e'.repeat(64),
      content: bytes, extracted_text: 'Line one\n\n"Quoted" £ text', source_id: source.id, created_by: user, created_at: at('2006-01-02 03:04:05.000006+00'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('documents').values({ evaluation_id: evaluation, kind: 'poster', title: 'Poster', file_name: null, content: null, extracted_text: null, created_by: null }).execute();
  const plan = await db.insertInto('plans').values({ evaluation_id: evaluation, title: 'Headline plan', kind: 'business-plan', directorate_id: programme, plan_year: '2005/06', document_id: document.id }).returning('id').executeTakeFirstOrThrow();
  const workstream = await db.insertInto('workstreams').values({ plan_id: plan.id, title: 'Acute care', directorate_id: null, position: 1 }).returning('id').executeTakeFirstOrThrow();
  const deliverable = await db
    .insertInto('deliverables')
    .values({ evaluation_id: evaluation, workstream_id: workstream.id, text: 'Publish "guidance", with commas', status: 'done', themes: ['workforce', 'social, "inclusion"', 'back\\slash {braces}'], plan_year: '2005/06', position: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('deliverables').values({ evaluation_id: evaluation, workstream_id: workstream.id, text: 'No themes', themes: [], plan_year: '2005/06', position: 2 }).execute();
  await db.insertInto('deliverable_programmes').values([{ deliverable_id: deliverable.id, unit_id: programme }, { deliverable_id: deliverable.id, unit_id: region }]).execute();
  await db.insertInto('plan_settings').values({ evaluation_id: evaluation, cross_cutting_themes: ['workforce', 'social inclusion'], updated_at: at('2006-03-04 05:06:07.000008+00') }).execute();
  const method = await db.insertInto('improvement_methods').values({ evaluation_id: evaluation, name: 'Action learning', description: 'Sets of peers — "real" problems' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('improvement_method_deliverables').values({ method_id: method.id, deliverable_id: deliverable.id }).execute();
  const code = await db.selectFrom('qda_codes').select('id').where('evaluation_id', '=', evaluation).orderBy('name').executeTakeFirstOrThrow();
  await db.insertInto('improvement_method_codes').values({ method_id: method.id, code_id: code.id }).execute();
  await db.insertInto('plan_imports').values({ evaluation_id: evaluation, file_name: 'plans.csv', content: new TextEncoder().encode('plan,plan year\nA,2005/06\n'), mapping: JSON.stringify({ "older people's": programme }), created_by: user }).execute();
}

/** Analysis (migration 016): settings with the linking key, a norm, a response's linking hash and an uploaded data set. */
async function fillAnalysisTables(db: Db, { evaluation, user }: Ids): Promise<void> {
  const survey = await db.selectFrom('surveys').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const response = await db.selectFrom('responses').select('id').where('survey_id', '=', survey.id).orderBy('key_hash').executeTakeFirstOrThrow();
  await db.insertInto('analysis_settings').values({ evaluation_id: evaluation, disclosure_threshold: 7, linking_key: 'k'.repeat(64), updated_at: at('2006-01-01 00:00:00.000001+00') }).execute();
  await db.insertInto('analysis_norms').values({ evaluation_id: evaluation, instrument_id: 'change-climate', scale_id: 'time_resources', mean: 2.85, sd: 0.8125, n: 1234, citation: 'Smith J. "Norms" — NHS staff 2004; p. 12\\n', population: 'NHS staff', created_by: user }).execute();
  await db.insertInto('response_links').values({ response_id: response.id, survey_id: survey.id, code_hash: '9'.repeat(64) }).execute();
  await db.insertInto('dataset_uploads').values({ evaluation_id: evaluation, survey_id: survey.id, filename: 'wave 0 (2004).csv', columns: JSON.stringify(['q1', 'Comment, with "quotes"']), rows: JSON.stringify([['4', 'é ✓\nline'], ['', '']]), created_by: null }).execute();
}

/** Fieldwork: each fieldwork capability (directory, sampling, invitations, contacts) fills its tables here. */
async function fillFieldworkTables(db: Db, { evaluation }: Ids): Promise<void> {
  const survey = await db.selectFrom('surveys').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const [kept, double] = await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluation).orderBy('name').execute();
  await db.updateTable('people').set({ merged_into_id: kept!.id, email_bounced_at: at('2005-11-02 10:00:00.000001+00') }).where('id', '=', double!.id).execute();
  await fillDirectoryTables(db, evaluation, kept!.id, double!.id);
  await fillSamplingTables(db, evaluation);
  await db.insertInto('participants').values([
    { evaluation_id: evaluation, survey_id: survey.id, person_id: kept!.id, token_hash: 'f'.repeat(64), invited_at: at('2005-10-03 09:00:00.5+01'), reminders_sent: 2, completed_on: '2005-10-20' },
    { evaluation_id: evaluation, survey_id: survey.id, person_id: null, token_hash: '0'.repeat(64), opted_out_on: '2005-10-04', bounced_at: null },
  ]).execute();
  await fillInvitationTables(db, evaluation, survey.id);
  await fillContactTables(db, evaluation, survey.id);
}

/** Directory import and cleaning (migration 012): a staged upload, an identifier, a run, a merged double entry and its decision. */
async function fillDirectoryTables(db: Db, evaluation: string, kept: string, double: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('email', '=', 'ann.lee@example.org').executeTakeFirstOrThrow();
  await db.insertInto('directory_import_stagings').values({
    evaluation_id: evaluation, user_id: user.id, filename: 'staff list (März).csv', file_format: 'csv', encoding: 'windows-1252', delimiter: ';',
    columns: JSON.stringify(['Name', 'E-mail; work', '']), rows: JSON.stringify([['Zoë "Z" O\'Brien', 'z@example.org', '\\ line\nbreak'], ['', '', '']]),
    line_numbers: JSON.stringify([2, 4]), mapping: JSON.stringify({ name: 0, email: 1 }), created_at: at('2006-03-01 09:00:00.000001+00'),
  }).execute();
  await db.insertInto('directory_external_ids').values({ person_id: kept, evaluation_id: evaluation, external_id: 'E-0042' }).execute();
  await db.insertInto('directory_cleaning_runs').values({ evaluation_id: evaluation, as_of: '2006-03-01', stale_months: 12, run_by: null, run_at: at('2006-03-02 10:00:00.123456+00'), counts: JSON.stringify({ entries: 2, 'found:double': 1 }) }).execute();
  const finding = await db.insertInto('directory_findings').values({
    evaluation_id: evaluation, kind: 'double', person_id: kept, other_person_id: double, subject: `double:${kept}:${double}`, score: '0.80',
    reasons: JSON.stringify(['same e-mail address', 'initial C. fits Chris']), fingerprint: 'a1'.repeat(16), status: 'merged', found_at: at('2006-03-02 10:00:00.5+00'),
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('directory_findings').values({ evaluation_id: evaluation, kind: 'missing', person_id: kept, other_person_id: null, subject: `missing:${kept}`, score: null, reasons: JSON.stringify(['no unit']), fingerprint: 'b2'.repeat(16) }).execute();
  await db.insertInto('directory_decisions').values({
    evaluation_id: evaluation, finding_id: finding.id, decision: 'merge', person_id: kept, merged_person_id: double, reason: 'Same person — "confirmed" by HR\n',
    decided_by: user.id, decided_at: at('2006-03-03 11:00:00.000001+00'), detail: JSON.stringify({ filled: ['phone'], n: 2.5 }),
  }).execute();
}

/** Contact log, calendar and shared statistics (migration 015). */
async function fillContactTables(db: Db, evaluation: string, survey: string): Promise<void> {
  const participants = await db.selectFrom('participants').select('id').where('survey_id', '=', survey).orderBy('token_hash').execute();
  const { user_id: user } = await db.selectFrom('memberships').select('user_id').where('evaluation_id', '=', evaluation).where('role', '=', 'lead').executeTakeFirstOrThrow();
  const unit = await db.selectFrom('units').select('id').where('evaluation_id', '=', evaluation).where('kind', '=', 'programme').executeTakeFirstOrThrow();
  await db.insertInto('contact_events').values([
    { evaluation_id: evaluation, participant_id: participants[0]!.id, kind: 'declined', reason: 'other', note: 'Said: "too busy" — \\ é\nsecond line', occurred_on: '2005-10-05', recorded_by: user, created_at: at('2005-10-05 14:00:00.000001+00') },
    { evaluation_id: evaluation, participant_id: participants[1]!.id, kind: 'voicemail', reason: null, occurred_on: '2005-10-12', recorded_by: null },
  ]).execute();
  const entry = await db.insertInto('calendar_entries').values({ evaluation_id: evaluation, title: "Staff diversity survey — 'HR'", organiser: 'Human resources', starts_on: '2005-10-10', ends_on: '2005-11-04', audience: 'units', notes: 'Line one\nline two' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('calendar_entries').values({ evaluation_id: evaluation, title: 'Performance consultation', starts_on: '2006-01-09', ends_on: '2006-01-09', audience: 'all' }).execute();
  await db.insertInto('calendar_entry_units').values({ entry_id: entry.id, unit_id: unit.id }).execute();
  const share = await db.insertInto('statistics_shares').values({ evaluation_id: evaluation, survey_id: survey, label: 'Funder «interim»', password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', threshold: 10, created_by: user, revoked_at: at('2006-02-01 12:00:00.123456+00') }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('statistics_share_accesses').values([
    { share_id: share.id, outcome: 'wrong_password', at: at('2006-01-20 08:00:00.000001+00') },
    { share_id: share.id, outcome: 'granted' },
    { share_id: share.id, outcome: 'revoked' },
  ]).execute();
}

/** Invitations (migration 014): the server's secret, an edited template and a queued and a sent message. */
async function fillInvitationTables(db: Db, evaluation: string, survey: string): Promise<void> {
  const participant = await db.selectFrom('participants').select('id').where('token_hash', '=', 'f'.repeat(64)).executeTakeFirstOrThrow();
  const { user_id: user } = await db.selectFrom('memberships').select('user_id').where('evaluation_id', '=', evaluation).where('role', '=', 'lead').executeTakeFirstOrThrow();
  await db.insertInto('settings').values({ name: 'formative_secret', value: 'aBc-_123'.repeat(5), created_at: at('2005-09-01 08:00:00.000001+00') }).execute();
  await db.insertInto('mail_templates').values({ survey_id: survey, kind: 'invitation', subject: 'Please take part: ((survey_title)) — «2005»', body: 'Dear ((name)),\n\n\t((link))\n"quoted" \\ ((opt_out_link))', updated_by: user }).execute();
  await db.insertInto('mail_jobs').values([
    { evaluation_id: evaluation, survey_id: survey, participant_id: participant.id, kind: 'invitation', round: 0, to_address: 'chris@example.org', subject: 'Please take part', body: 'Dear Chris,\n((link))', status: 'sent', attempts: 2, next_attempt_at: at('2005-10-03 08:59:30.25+00'), claimed_at: at('2005-10-03 09:00:00.000001+00'), last_error: null, sent_at: at('2005-10-03 09:00:00.5+01') },
    { evaluation_id: evaluation, survey_id: survey, participant_id: participant.id, kind: 'reminder', round: 1, to_address: 'chris@example.org', subject: 'Reminder', body: 'é ✓ ((link))', attempts: 1, next_attempt_at: at('2005-10-10 09:00:30+00'), last_error: '421 4.7.0 Try again later' },
  ]).execute();
}

/** Sampling (migration 013): a frame with its snapshot, a pilot sample and a main sample that excludes it. */
async function fillSamplingTables(db: Db, evaluation: string): Promise<void> {
  const { user_id: user } = await db.selectFrom('memberships').select('user_id').where('evaluation_id', '=', evaluation).where('role', '=', 'lead').executeTakeFirstOrThrow();
  const wave = await db.selectFrom('waves').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const [chris] = await db.selectFrom('people').select('id').where('evaluation_id', '=', evaluation).orderBy('name').execute();
  const frame = await db
    .insertInto('sampling_frames')
    .values({ evaluation_id: evaluation, wave_id: wave.id, name: 'Wave 1 frame — "staff", 2005', as_of: '2005-10-01', require_email: true, left_out: '{"merged": 1, "left": 0, "noEmail": 0}', frozen_at: at('2005-09-30 17:00:00.000001+00'), frozen_by: user })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('sampling_frame_members').values([
    { frame_id: frame.id, position: 1, person_id: chris!.id, name: 'Chris Patel', email: 'chris@example.org', unit_name: 'Crisis team', region_name: 'North West', programme_name: 'Mental health' },
    { frame_id: frame.id, position: 2, person_id: null, name: "Zoë O'Neil, \\ left", email: null, unit_name: null, region_name: null, programme_name: null },
  ]).execute();
  const sample = (values: { name: string; purpose: string; method: string; stratify_by: string | null; allocation: string | null; requested_size: number; seed: string }) =>
    db.insertInto('samples').values({ evaluation_id: evaluation, frame_id: frame.id, drawn_by: user, ...values }).returning('id').executeTakeFirstOrThrow();
  const pilot = await sample({ name: 'Pilot', purpose: 'pilot', method: 'simple', stratify_by: null, allocation: null, requested_size: 1, seed: '-9223372036854775808' });
  const main = await sample({ name: 'Main, by programme', purpose: 'main', method: 'stratified', stratify_by: 'programme', allocation: 'proportional', requested_size: 1, seed: '9223372036854775807' });
  await db.insertInto('sample_exclusions').values({ sample_id: main.id, excluded_sample_id: pilot.id }).execute();
  await db.insertInto('sample_strata').values([
    { sample_id: pilot.id, stratum: 'Whole frame', frame_count: 2, excluded_count: 0, allocated: 1, drawn: 1 },
    { sample_id: main.id, stratum: 'No programme', frame_count: 1, excluded_count: 1, allocated: 0, drawn: 0 },
    { sample_id: main.id, stratum: 'Mental health', frame_count: 1, excluded_count: 0, allocated: 1, drawn: 1 },
  ]).execute();
  await db.insertInto('sample_members').values([
    { sample_id: pilot.id, frame_position: 2, person_id: null, stratum: 'Whole frame' },
    { sample_id: main.id, frame_position: 1, person_id: chris!.id, stratum: 'Mental health' },
  ]).execute();
  await db.insertInto('participants').values({ evaluation_id: evaluation, survey_id: (await db.selectFrom('surveys').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow()).id, person_id: null, sample_id: main.id, token_hash: '5'.repeat(64) }).execute();
}

interface Ids {
  evaluation: string;
  user: string;
}

async function fillSurveyTables(db: Db, { evaluation, user, wave }: Ids & { wave: string }): Promise<void> {
  await db.insertInto('instrument_wordings').values({ evaluation_id: evaluation, instrument_id: 'readiness', item_id: 'r1', text: 'We need to change the way we work.', uploaded_by: user }).execute();
  await db.insertInto('instrument_scoring_keys').values({ evaluation_id: evaluation, instrument_id: 'readiness', item_id: 'r1', reverse: true, uploaded_by: null }).execute();
  const survey = await db
    .insertInto('surveys')
    .values({ evaluation_id: evaluation, title: 'Staff survey 2005', purpose: 'main', wave_id: wave, anonymity: 'anonymous', public_code: 'ABC123', opens_at: at('2005-10-01 08:00:00+01') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = await db
    .insertInto('survey_versions')
    .values({ survey_id: survey.id, number: 1, definition: '{"pages": [{"questions": [{"id": "q1", "scale": [1, 2, 3, 4, 5]}]}]}', created_by: user })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('responses').values([
    { survey_id: survey.id, version_id: version.id, key_hash: 'c'.repeat(64), purpose: 'main', status: 'complete', pages_saved: 1, answers: '{"q1": 4, "comment": "Less paperwork, please"}' },
    { survey_id: survey.id, version_id: version.id, key_hash: 'd'.repeat(64), resume_hash: 'e'.repeat(64), purpose: 'main' },
  ]).execute();
}

async function fillProtocolTables(db: Db, { evaluation, user, phase }: Ids & { phase: string }): Promise<void> {
  const id = async <T extends { id: string }>(query: { executeTakeFirstOrThrow(): Promise<T> }) => (await query.executeTakeFirstOrThrow()).id;
  const aim = await id(db.insertInto('research_aims').values({ evaluation_id: evaluation, text: 'Describe how the merger changed the programmes' }).returning('id'));
  const question = await id(db.insertInto('research_questions').values({ evaluation_id: evaluation, text: 'Did cross-cutting work grow?', override_addressed: false, override_reason: 'Cancelled at the funder’s request' }).returning('id'));
  await db.insertInto('question_aims').values({ question_id: question, aim_id: aim }).execute();
  const method = await id(db.insertInto('research_methods').values({ evaluation_id: evaluation, name: 'Senior manager interviews', kind: 'interviews', has_data: true }).returning('id'));
  await db.insertInto('method_questions').values({ method_id: method, question_id: question }).execute();
  const stage = await id(db.insertInto('protocol_stages').values({ evaluation_id: evaluation, name: 'Stage 1', phase_id: phase }).returning('id'));
  const task = await id(
    db.insertInto('protocol_tasks').values({ evaluation_id: evaluation, stage_id: stage, title: 'Case studies', status: 'cancelled', note: 'Cancelled at the funder’s request', owner_user_id: user }).returning('id'),
  );
  await db.insertInto('task_changes').values([
    { task_id: task, changed_by: user, kind: 'created', changes: '{}' },
    { task_id: task, changed_by: null, changes: '{"status": {"from": "planned", "to": "cancelled"}}', reason: 'Funder' },
  ]).execute();
  const variation = await id(db.insertInto('contract_variations').values({ evaluation_id: evaluation, agreed_on: '2006-06-01', description: 'Case studies removed', removed: 'Case studies' }).returning('id'));
  await db.insertInto('variation_tasks').values({ variation_id: variation, task_id: task }).execute();
  const entry = await id(db.insertInto('work_plan_entries').values({ evaluation_id: evaluation, week_starting: '2005-05-02', activity: 'Draft interview schedule', task_id: task }).returning('id'));
  await db.insertInto('work_plan_owners').values([
    { entry_id: entry, position: 1, user_id: user, name: 'Ann Lee' },
    { entry_id: entry, position: 2, user_id: null, name: 'A colleague from the funder' },
  ]).execute();
  await db.insertInto('advisory_members').values({ evaluation_id: evaluation, name: 'Prof. Eve Adams', organisation: 'University', role: 'Chair' }).execute();
  const meeting = await id(db.insertInto('advisory_meetings').values({ evaluation_id: evaluation, held_on: '2005-07-14', agenda: '1. Protocol\n2. Survey' }).returning('id'));
  await db.insertInto('advisory_decisions').values({ meeting_id: meeting, text: 'Pilot the survey first', task_id: task, question_id: question }).execute();
  await db.insertInto('ethics_approvals').values({ evaluation_id: evaluation, committee: 'Regional ethics committee', decided_on: '2005-06-01', status: 'approved-with-conditions', conditions: 'Anonymise quotes' }).execute();
  const document = await id(db.insertInto('study_documents').values({ evaluation_id: evaluation, kind: 'consent-form', title: 'Consent form' }).returning('id'));
  await db.insertInto('study_document_versions').values({ document_id: document, number: 1, title: 'Consent form', body: 'I agree to take part.', created_by: user }).execute();
  await db.insertInto('context_events').values({ evaluation_id: evaluation, kind: 'review', title: 'Organisation reviewed', occurred_on: '2006-03-01', date_precision: 'month' }).execute();
}

async function fillQualitativeTables(db: Db, { evaluation, user, wave }: Ids & { wave: string }): Promise<void> {
  const participant = await db.insertInto('qda_participants').values({ evaluation_id: evaluation, label: 'SM01', role_category: 'programme lead' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('qda_participant_attributes').values({ participant_id: participant.id, name: 'programme', value: 'Mental Health' }).execute();
  const interview = await db.insertInto('interviews').values({ evaluation_id: evaluation, participant_id: participant.id, wave_id: wave, held_on: '2006-05-04', mode: 'telephone', consent_record: true, consent_transcribe: true, status: 'transcribed', interviewer_id: user }).returning('id').executeTakeFirstOrThrow();
  const source = await db
    .insertInto('qda_sources')
    .values({ evaluation_id: evaluation, kind: 'transcript', name: 'SM01 – 2006', interview_id: interview.id, participant_id: participant.id, content: 'Q: How is it going?\nA: There is real tension for change 😀.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('qda_turns').values([
    { source_id: source.id, position: 1, speaker: 'Interviewer', start_offset: 0, end_offset: 19, start_ms: 0, end_ms: 4100 },
    { source_id: source.id, position: 2, speaker: 'SM01', start_offset: 20, end_offset: 58, start_ms: null, end_ms: null },
  ]).execute();
  const parent = await db.insertInto('qda_codes').values({ evaluation_id: evaluation, name: 'System readiness', framework_ref: 'greenhalgh-2004/system-readiness' }).returning('id').executeTakeFirstOrThrow();
  const code = await db.insertInto('qda_codes').values({ evaluation_id: evaluation, parent_id: parent.id, name: 'Tension for change', colour: '#d4351c', position: 1 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('qda_codings').values({ evaluation_id: evaluation, source_id: source.id, code_id: code.id, start_offset: 34, end_offset: 51, valence: 'facilitating', memo: 'Said with feeling', coder_id: user }).execute();
  await db.insertInto('qda_memos').values({ evaluation_id: evaluation, subject: 'code', subject_id: code.id, title: 'Scope', body: 'Pressure felt by staff, "not" just managers', author_id: user }).execute();
}

async function fillInterviewTables(db: Db, { evaluation, user }: Ids): Promise<void> {
  await db.insertInto('qda_role_categories').values([{ evaluation_id: evaluation, name: 'Programme lead', position: 1 }, { evaluation_id: evaluation, name: 'Directeur régional', position: 2 }]).execute();
  const schedule = await db.insertInto('interview_schedules').values({ evaluation_id: evaluation }).returning('id').executeTakeFirstOrThrow();
  const version = await db
    .insertInto('interview_schedule_versions')
    .values({ schedule_id: schedule.id, number: 1, title: 'Senior manager schedule', introduction: 'Thank you.\nThis is "confidential".', change_note: '', created_by: user })
    .returning('id')
    .executeTakeFirstOrThrow();
  const section = await db.insertInto('interview_schedule_sections').values({ version_id: version.id, position: 1, title: 'Your role', guidance: 'Consent first' }).returning('id').executeTakeFirstOrThrow();
  const question = await db.insertInto('interview_schedule_questions').values({ section_id: section.id, position: 1, text: 'What helped the change? 😀', guidance: '' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('interview_schedule_prompts').values([{ question_id: question.id, position: 1, text: 'Money?' }, { question_id: question.id, position: 2, text: 'Time \\ people?' }]).execute();
  const researchQuestion = await db.selectFrom('research_questions').select('id').where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  await db.insertInto('interview_schedule_question_links').values({ question_id: question.id, research_question_id: researchQuestion.id }).execute();
  await db.updateTable('interviews').set({ schedule_version_id: version.id }).where('evaluation_id', '=', evaluation).execute();
  await db.insertInto('pseudonym_terms').values([
    { evaluation_id: evaluation, kind: 'programme', term: 'Mental Health', variants: ['MH', 'Mental "Health", the programme', 'a\\b'], replacement: '[name of programme]', seeded_from: 'unit' },
    { evaluation_id: evaluation, kind: 'person', term: 'Zoë Brontë', variants: [], replacement: '[name]' },
  ]).execute();
}

async function fillQualitativeAnalysisTables(db: Db, { evaluation, user, other }: Ids & { other: string }): Promise<void> {
  const source = await db.selectFrom('qda_sources').select(['id', 'participant_id']).where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const coding = await db.selectFrom('qda_codings').select(['id', 'code_id']).where('evaluation_id', '=', evaluation).executeTakeFirstOrThrow();
  const parent = await db.selectFrom('qda_codes').select('id').where('evaluation_id', '=', evaluation).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  await db.insertInto('qda_segment_texts').values({ coding_id: coding.id, code_id: coding.code_id, source_revision: 1, start_offset: 34, end_offset: 51, context_before: 'A: There is ', text: 'tension for change', context_after: ' 😀.' }).execute();
  await db.insertInto('qda_matrix_summaries').values([
    { evaluation_id: evaluation, code_id: coding.code_id, row_kind: 'role', role_category: 'programme lead', summary: 'Felt "strongly";\nby all', updated_by: user },
    { evaluation_id: evaluation, code_id: coding.code_id, row_kind: 'participant', participant_id: source.participant_id, summary: 'SM01 – tension', updated_by: null },
  ]).execute();
  const round = await db.insertInto('qda_agreement_rounds').values({ evaluation_id: evaluation, name: 'Round 1', coder_a_id: user, coder_b_id: other, scope_code_id: parent.id, status: 'comparing', created_by: user, closed_at: at('2006-06-01 10:00:00.000001+00') }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('qda_agreement_round_sources').values({ round_id: round.id, source_id: source.id, closed_revision: 1 }).execute();
  await db.insertInto('qda_agreement_codings').values([
    { round_id: round.id, side: 'a', source_id: source.id, code_id: coding.code_id, start_offset: 34, end_offset: 51, valence: 'facilitating', memo: '' },
    { round_id: round.id, side: 'b', source_id: source.id, code_id: coding.code_id, start_offset: 30, end_offset: 51, valence: 'mixed', memo: 'B\'s "view"' },
  ]).execute();
  await db.insertInto('qda_agreement_decisions').values({ round_id: round.id, source_id: source.id, unit_start: 20, unit_end: 58, decision: 'both', decided_by: other }).execute();
  await db.insertInto('qda_agreement_outcomes').values({ round_id: round.id, coding_id: coding.id }).execute();
  await db.insertInto('qda_attribution_rules').values([{ evaluation_id: evaluation, role_category: '*', attribution: 'Senior Manager' }, { evaluation_id: evaluation, role_category: 'directeur régional', attribution: 'Régional' }]).execute();
  await db.insertInto('qda_quotes').values({
    evaluation_id: evaluation, coding_id: coding.id, source_id: source.id, code_id: coding.code_id, participant_id: source.participant_id, start_offset: 34, end_offset: 51,
    valence: 'facilitating', original_text: 'tension for change', text: 'tension […] change 😀', note: 'Line\nbreak', created_by: user, edited_by: other, edited_at: at('2007-01-02 03:04:05.5+00'),
  }).execute();
}

/** The tables that have no rows: the backup test fills every table, so a new table must be added above. */
export async function emptyTables(database: Database): Promise<string[]> {
  return database.inScriptTransaction(async (run) => {
    const empty: string[] = [];
    for (const table of await readCatalog(run)) {
      const [row] = await run(`SELECT EXISTS (SELECT 1 FROM ${tableName(table.name)}) AS found`);
      if (!row?.found) empty.push(table.name);
    }
    return empty;
  });
}

/** Every table's rows as PostgreSQL prints them, in primary key order, for exact comparison. */
export async function tableContents(database: Database): Promise<Record<string, string>> {
  return database.inScriptTransaction(async (run) => {
    await run(`SET LOCAL TimeZone = 'UTC'`);
    const contents: Record<string, string> = {};
    for (const table of await readCatalog(run)) {
      const order = table.primaryKey.map((c) => `t.${quoteName(c)}`).join(', ') || 't::text';
      const [row] = await run(`SELECT coalesce(json_agg(row_to_json(t) ORDER BY ${order}), '[]')::text AS rows FROM ${tableName(table.name)} t`);
      contents[table.name] = String(row?.rows);
    }
    return contents;
  });
}
