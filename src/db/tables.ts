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
