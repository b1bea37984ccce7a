import type { ColumnType, Generated } from 'kysely';

/**
 * Row types: the shape of each table as SQL returns it. Services map rows to domain types;
 * routes never see a row. Dates are ISO strings (yyyy-mm-dd), timestamps are Date.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type Numeric = ColumnType<string, string | number, string | number>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  created_at: Timestamp;
  disabled_at: Date | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface EvaluationsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  commissioner: Generated<string>;
  organisation_name: Generated<string>;
  summary: Generated<string>;
  starts_on: string | null;
  ends_on: string | null;
  archived_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeriodsTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  starts_on: string | null;
  ends_on: string | null;
  position: Generated<number>;
}

export interface MembershipsTable {
  evaluation_id: string;
  user_id: string;
  role: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  evaluation_id: string | null;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface UnitsTable {
  id: Generated<string>;
  evaluation_id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  short_name: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface BudgetLinesTable {
  id: Generated<string>;
  evaluation_id: string;
  unit_id: string | null;
  financial_year: string;
  label: string;
  amount_thousands: Numeric;
  position: Generated<number>;
}

export interface PeopleTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  unit_id: string | null;
  region_id: string | null;
  job_title: Generated<string>;
  started_on: string | null;
  left_on: string | null;
  last_verified_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

export interface InstrumentWordingsTable {
  evaluation_id: string;
  instrument_id: string;
  item_id: string;
  text: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface InstrumentScoringKeysTable {
  evaluation_id: string;
  instrument_id: string;
  item_id: string;
  reverse: boolean;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  evaluations: EvaluationsTable;
  phases: PeriodsTable;
  waves: PeriodsTable;
  memberships: MembershipsTable;
  audit_log: AuditLogTable;
  units: UnitsTable;
  budget_lines: BudgetLinesTable;
  people: PeopleTable;
  instrument_wordings: InstrumentWordingsTable;
  instrument_scoring_keys: InstrumentScoringKeysTable;
  schema_migrations: SchemaMigrationsTable;
  surveys: SurveysTable;
  survey_versions: SurveyVersionsTable;
  responses: ResponsesTable;
  qda_participants: QdaParticipantsTable;
  qda_participant_attributes: QdaParticipantAttributesTable;
  interviews: InterviewsTable;
  qda_sources: QdaSourcesTable;
  qda_turns: QdaTurnsTable;
  qda_codes: QdaCodesTable;
  qda_codings: QdaCodingsTable;
  qda_memos: QdaMemosTable;
  qda_segment_texts: QdaSegmentTextsTable;
  qda_matrix_summaries: QdaMatrixSummariesTable;
  qda_agreement_rounds: QdaAgreementRoundsTable;
  qda_agreement_round_sources: QdaAgreementRoundSourcesTable;
  qda_agreement_codings: QdaAgreementCodingsTable;
  qda_agreement_decisions: QdaAgreementDecisionsTable;
  qda_agreement_outcomes: QdaAgreementOutcomesTable;
  qda_attribution_rules: QdaAttributionRulesTable;
  qda_quotes: QdaQuotesTable;
  qda_role_categories: QdaRoleCategoriesTable;
  interview_schedules: InterviewSchedulesTable;
  interview_schedule_versions: InterviewScheduleVersionsTable;
  interview_schedule_sections: InterviewScheduleSectionsTable;
  interview_schedule_questions: InterviewScheduleQuestionsTable;
  interview_schedule_prompts: InterviewSchedulePromptsTable;
  interview_schedule_question_links: InterviewScheduleQuestionLinksTable;
  pseudonym_terms: PseudonymTermsTable;
  research_aims: ResearchAimsTable;
  research_questions: ResearchQuestionsTable;
  question_aims: QuestionAimsTable;
  research_methods: ResearchMethodsTable;
  method_questions: MethodQuestionsTable;
  protocol_stages: ProtocolStagesTable;
  protocol_tasks: ProtocolTasksTable;
  task_changes: TaskChangesTable;
  contract_variations: ContractVariationsTable;
  variation_tasks: VariationTasksTable;
  work_plan_entries: WorkPlanEntriesTable;
  work_plan_owners: WorkPlanOwnersTable;
  advisory_members: AdvisoryMembersTable;
  advisory_meetings: AdvisoryMeetingsTable;
  advisory_decisions: AdvisoryDecisionsTable;
  ethics_approvals: EthicsApprovalsTable;
  study_documents: StudyDocumentsTable;
  study_document_versions: StudyDocumentVersionsTable;
  context_events: ContextEventsTable;
}

export interface SurveysTable {
  id: Generated<string>;
  evaluation_id: string;
  title: string;
  purpose: string;
  wave_id: string | null;
  anonymity: string;
  access: Generated<string>;
  public_code: string;
  status: Generated<string>;
  opens_at: Date | null;
  closes_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyVersionsTable {
  id: Generated<string>;
  survey_id: string;
  number: number;
  definition: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ResponsesTable {
  id: Generated<string>;
  survey_id: string;
  version_id: string;
  key_hash: string;
  resume_hash: string | null;
  participant_id: string | null;
  purpose: string;
  status: Generated<string>;
  pages_saved: Generated<number>;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface ResearchAimsTable {
  id: Generated<string>;
  evaluation_id: string;
  text: string;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface ResearchQuestionsTable {
  id: Generated<string>;
  evaluation_id: string;
  text: string;
  position: Generated<number>;
  override_addressed: boolean | null;
  override_reason: Generated<string>;
  created_at: Timestamp;
}

export interface QuestionAimsTable {
  question_id: string;
  aim_id: string;
}

export interface ResearchMethodsTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  kind: string;
  own_kind: Generated<string>;
  description: Generated<string>;
  has_data: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface MethodQuestionsTable {
  method_id: string;
  question_id: string;
}

export interface ProtocolStagesTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  phase_id: string | null;
  position: Generated<number>;
}

export interface ProtocolTasksTable {
  id: Generated<string>;
  evaluation_id: string;
  stage_id: string;
  title: string;
  status: Generated<string>;
  starts_on: string | null;
  ends_on: string | null;
  owner_user_id: string | null;
  owner_name: Generated<string>;
  note: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaskChangesTable {
  id: Generated<number>;
  task_id: string;
  changed_at: Timestamp;
  changed_by: string | null;
  kind: Generated<string>;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string | undefined, string>;
  reason: Generated<string>;
}

export interface ContractVariationsTable {
  id: Generated<string>;
  evaluation_id: string;
  agreed_on: string;
  reference: Generated<string>;
  description: string;
  added: Generated<string>;
  removed: Generated<string>;
  created_at: Timestamp;
}

export interface VariationTasksTable {
  variation_id: string;
  task_id: string;
}

export interface WorkPlanEntriesTable {
  id: Generated<string>;
  evaluation_id: string;
  week_starting: string;
  activity: string;
  task_id: string | null;
  created_at: Timestamp;
}

export interface WorkPlanOwnersTable {
  entry_id: string;
  position: number;
  user_id: string | null;
  name: string;
}

export interface AdvisoryMembersTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  organisation: Generated<string>;
  role: Generated<string>;
  created_at: Timestamp;
}

export interface AdvisoryMeetingsTable {
  id: Generated<string>;
  evaluation_id: string;
  held_on: string;
  agenda: Generated<string>;
  minutes_summary: Generated<string>;
  created_at: Timestamp;
}

export interface AdvisoryDecisionsTable {
  id: Generated<string>;
  meeting_id: string;
  text: string;
  task_id: string | null;
  question_id: string | null;
  created_at: Timestamp;
}

export interface EthicsApprovalsTable {
  id: Generated<string>;
  evaluation_id: string;
  committee: string;
  reference: Generated<string>;
  decided_on: string | null;
  conditions: Generated<string>;
  status: string;
  created_at: Timestamp;
}

export interface StudyDocumentsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  title: string;
  created_at: Timestamp;
}

export interface StudyDocumentVersionsTable {
  id: Generated<string>;
  document_id: string;
  number: number;
  title: string;
  body: string;
  change_note: Generated<string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ContextEventsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  title: string;
  description: Generated<string>;
  occurred_on: string;
  date_precision: Generated<string>;
  source: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QdaParticipantsTable {
  id: Generated<string>;
  evaluation_id: string;
  person_id: string | null;
  label: string;
  role_category: Generated<string>;
  external: Generated<boolean>;
  created_at: Timestamp;
}

export interface QdaParticipantAttributesTable {
  participant_id: string;
  name: string;
  value: string;
}

export interface InterviewsTable {
  id: Generated<string>;
  evaluation_id: string;
  participant_id: string;
  wave_id: string | null;
  held_on: string | null;
  mode: Generated<string>;
  consent_record: Generated<boolean>;
  consent_transcribe: Generated<boolean>;
  consent_quote: Generated<boolean>;
  status: Generated<string>;
  interviewer_id: string | null;
  notes: Generated<string>;
  created_at: Timestamp;
  // From 007_interviews: the schedule version followed, when one was (optional on insert).
  schedule_version_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface QdaSourcesTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  name: string;
  interview_id: string | null;
  participant_id: string | null;
  content: string;
  revision: Generated<number>;
  imported_from: Generated<string>;
  /** Generated by PostgreSQL from the content; never written. */
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QdaTurnsTable {
  source_id: string;
  position: number;
  speaker: Generated<string>;
  start_offset: number;
  end_offset: number;
  start_ms: number | null;
  end_ms: number | null;
}

export interface QdaCodesTable {
  id: Generated<string>;
  evaluation_id: string;
  parent_id: string | null;
  name: string;
  description: Generated<string>;
  colour: Generated<string>;
  framework_ref: string | null;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface QdaCodingsTable {
  id: Generated<string>;
  evaluation_id: string;
  source_id: string;
  code_id: string;
  start_offset: number;
  end_offset: number;
  valence: Generated<string>;
  memo: Generated<string>;
  coder_id: string | null;
  needs_review: Generated<boolean>;
  review_note: Generated<string>;
  created_at: Timestamp;
}

export interface QdaMemosTable {
  id: Generated<string>;
  evaluation_id: string;
  subject: string;
  subject_id: string | null;
  title: Generated<string>;
  body: string;
  author_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface QdaRoleCategoriesTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface InterviewSchedulesTable {
  id: Generated<string>;
  evaluation_id: string;
  created_at: Timestamp;
}

export interface InterviewScheduleVersionsTable {
  id: Generated<string>;
  schedule_id: string;
  number: number;
  title: string;
  introduction: Generated<string>;
  change_note: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface InterviewScheduleSectionsTable {
  id: Generated<string>;
  version_id: string;
  position: number;
  title: string;
  guidance: Generated<string>;
}

export interface InterviewScheduleQuestionsTable {
  id: Generated<string>;
  section_id: string;
  position: number;
  text: string;
  guidance: Generated<string>;
}

export interface InterviewSchedulePromptsTable {
  question_id: string;
  position: number;
  text: string;
}

export interface InterviewScheduleQuestionLinksTable {
  question_id: string;
  research_question_id: string;
}

export interface PseudonymTermsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  term: string;
  variants: ColumnType<string[], string[] | undefined, string[]>;
  replacement: string;
  seeded_from: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// From 009_qualitative_analysis: segment texts for queries, framework matrix summaries,
// inter-coder agreement rounds, attribution rules and the quote bank.

export interface QdaSegmentTextsTable {
  coding_id: string;
  code_id: string;
  source_revision: number;
  start_offset: number;
  end_offset: number;
  context_before: string;
  text: string;
  context_after: string;
}

export interface QdaMatrixSummariesTable {
  id: Generated<string>;
  evaluation_id: string;
  code_id: string;
  row_kind: string;
  participant_id: string | null;
  role_category: string | null;
  summary: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface QdaAgreementRoundsTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  coder_a_id: string;
  coder_b_id: string;
  scope_code_id: string | null;
  status: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  closed_at: Date | null;
  reconciled_at: Date | null;
}

export interface QdaAgreementRoundSourcesTable {
  round_id: string;
  source_id: string;
  closed_revision: number | null;
}

export interface QdaAgreementCodingsTable {
  id: Generated<string>;
  round_id: string;
  side: string;
  source_id: string;
  code_id: string;
  start_offset: number;
  end_offset: number;
  valence: string;
  memo: Generated<string>;
}

export interface QdaAgreementDecisionsTable {
  round_id: string;
  source_id: string;
  unit_start: number;
  unit_end: number;
  decision: string;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface QdaAgreementOutcomesTable {
  round_id: string;
  coding_id: string;
}

export interface QdaAttributionRulesTable {
  evaluation_id: string;
  role_category: string;
  attribution: string;
  updated_at: Timestamp;
}

export interface QdaQuotesTable {
  id: Generated<string>;
  evaluation_id: string;
  coding_id: string | null;
  source_id: string;
  code_id: string | null;
  participant_id: string | null;
  start_offset: number;
  end_offset: number;
  valence: Generated<string>;
  original_text: string;
  text: string;
  note: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  edited_by: string | null;
  edited_at: Date | null;
}
