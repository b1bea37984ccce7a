import type { ColumnType, Generated } from 'kysely';
import type { Numeric, RequiredTimestamp, Timestamp } from './column-types.ts';
import type { ParticipantsTable } from './tables-fieldwork.ts';
import type { DirectoryImportStagingsTable, DirectoryExternalIdsTable, DirectoryCleaningRunsTable, DirectoryFindingsTable, DirectoryDecisionsTable } from './tables-directory.ts';
import type { SettingsTable, MailTemplatesTable, MailJobsTable } from './tables-invitations.ts';
import type { SamplingFramesTable, SamplingFrameMembersTable, SamplesTable, SampleExclusionsTable, SampleStrataTable, SampleMembersTable } from './tables-sampling.ts';
import type { AnalysisSettingsTable, AnalysisNormsTable, ResponseLinksTable, DatasetUploadsTable } from './tables-analysis.ts';
import type { ContactEventsTable, CalendarEntriesTable, CalendarEntryUnitsTable, StatisticsSharesTable, StatisticsShareAccessesTable } from './tables-contacts.ts';
import type { DocumentsTable, PlansTable, WorkstreamsTable, DeliverablesTable, DeliverableProgrammesTable, PlanSettingsTable, ImprovementMethodsTable, ImprovementMethodDeliverablesTable, ImprovementMethodCodesTable, PlanImportsTable } from './tables-documents.ts';
import type { FindingsTable, FindingConstructsTable, FindingEvidenceTable, RecommendationsTable, RecommendationFindingsTable } from './tables-findings.ts';
import type { ConsentRecordsTable, WithdrawalsTable, RetentionPoliciesTable } from './tables-privacy.ts';
import type { LearningSetsTable, LearningSetMembersTable, LearningSetSessionsTable, LearningSetSessionChangesTable, LearningSetAttendanceTable, LearningSetPresentedFindingsTable, LearningSetFeedbackTable } from './tables-casework.ts';
import type { CaseStudySitesTable, CaseStudySiteUnitsTable, CaseStudyCriteriaTable, CaseStudySiteCriteriaTable, CaseStudyStakeholdersTable, CaseExtractionFormsTable, CaseExtractionFieldsTable, CaseFilesTable, CaseFileSamplesTable, CaseFileSampleMembersTable, CaseExtractionsTable, CaseExtractionValuesTable, CaseFileContactsTable, ImprovementMethodSitesTable } from './tables-casework.ts';
import type { ReportsTable, ReportSectionsTable, ReportVersionsTable, AbbreviationsTable } from './tables-reports.ts';
import type { SecondFactorsTable, SecondFactorRecoveryCodesTable, SecondFactorChallengesTable } from './tables-accounts.ts';
import type { SurveysTable, SurveyVersionsTable, ResponsesTable, SurveyAnswerColumnsTable } from './tables-surveys.ts';
import type { ResearchAimsTable, ResearchQuestionsTable, QuestionAimsTable, ResearchMethodsTable, MethodQuestionsTable, ProtocolStagesTable, ProtocolTasksTable, TaskChangesTable, ContractVariationsTable, VariationTasksTable, WorkPlanEntriesTable, WorkPlanOwnersTable, AdvisoryMembersTable, AdvisoryMeetingsTable, AdvisoryDecisionsTable, EthicsApprovalsTable, StudyDocumentsTable, StudyDocumentVersionsTable, ContextEventsTable } from './tables-protocol.ts';
import type { QdaParticipantsTable, QdaParticipantAttributesTable, InterviewsTable, QdaSourcesTable, QdaTurnsTable, QdaCodesTable, QdaCodingsTable, QdaMemosTable, QdaRoleCategoriesTable, InterviewSchedulesTable, InterviewScheduleVersionsTable, InterviewScheduleSectionsTable, InterviewScheduleQuestionsTable, InterviewSchedulePromptsTable, InterviewScheduleQuestionLinksTable, PseudonymTermsTable, QdaSegmentTextsTable, QdaMatrixSummariesTable, QdaAgreementRoundsTable, QdaAgreementRoundSourcesTable, QdaAgreementCodingsTable, QdaAgreementDecisionsTable, QdaAgreementOutcomesTable, QdaAttributionRulesTable, QdaQuotesTable } from './tables-qualitative.ts';
import type { PendingCompletionsTable } from './tables-completions.ts';
import type { SharedStatisticsTable } from './tables-shared-statistics.ts';

export type * from './tables-surveys.ts';
export type * from './tables-protocol.ts';
export type * from './tables-qualitative.ts';

/**
 * Row types: the shape of each table as SQL returns it. Services map rows to domain types;
 * routes never see a row. Dates are ISO strings (yyyy-mm-dd), timestamps are Date.
 */

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
  merged_into_id: string | null;
  email_bounced_at: Date | null;
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
  survey_answer_columns: SurveyAnswerColumnsTable;
  participants: ParticipantsTable;
  directory_import_stagings: DirectoryImportStagingsTable;
  directory_external_ids: DirectoryExternalIdsTable;
  directory_cleaning_runs: DirectoryCleaningRunsTable;
  directory_findings: DirectoryFindingsTable;
  directory_decisions: DirectoryDecisionsTable;
  settings: SettingsTable;
  mail_templates: MailTemplatesTable;
  mail_jobs: MailJobsTable;
  sampling_frames: SamplingFramesTable;
  sampling_frame_members: SamplingFrameMembersTable;
  samples: SamplesTable;
  sample_exclusions: SampleExclusionsTable;
  sample_strata: SampleStrataTable;
  sample_members: SampleMembersTable;
  analysis_settings: AnalysisSettingsTable;
  analysis_norms: AnalysisNormsTable;
  response_links: ResponseLinksTable;
  dataset_uploads: DatasetUploadsTable;
  contact_events: ContactEventsTable;
  calendar_entries: CalendarEntriesTable;
  calendar_entry_units: CalendarEntryUnitsTable;
  statistics_shares: StatisticsSharesTable;
  statistics_share_accesses: StatisticsShareAccessesTable;
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
  documents: DocumentsTable;
  plans: PlansTable;
  workstreams: WorkstreamsTable;
  deliverables: DeliverablesTable;
  deliverable_programmes: DeliverableProgrammesTable;
  plan_settings: PlanSettingsTable;
  improvement_methods: ImprovementMethodsTable;
  improvement_method_deliverables: ImprovementMethodDeliverablesTable;
  improvement_method_codes: ImprovementMethodCodesTable;
  plan_imports: PlanImportsTable;
  findings: FindingsTable;
  finding_constructs: FindingConstructsTable;
  finding_evidence: FindingEvidenceTable;
  recommendations: RecommendationsTable;
  recommendation_findings: RecommendationFindingsTable;
  consent_records: ConsentRecordsTable;
  withdrawals: WithdrawalsTable;
  retention_policies: RetentionPoliciesTable;
  learning_sets: LearningSetsTable;
  learning_set_members: LearningSetMembersTable;
  learning_set_sessions: LearningSetSessionsTable;
  learning_set_session_changes: LearningSetSessionChangesTable;
  learning_set_attendance: LearningSetAttendanceTable;
  learning_set_presented_findings: LearningSetPresentedFindingsTable;
  learning_set_feedback: LearningSetFeedbackTable;
  reports: ReportsTable;
  report_sections: ReportSectionsTable;
  report_versions: ReportVersionsTable;
  abbreviations: AbbreviationsTable;
  second_factors: SecondFactorsTable;
  second_factor_recovery_codes: SecondFactorRecoveryCodesTable;
  second_factor_challenges: SecondFactorChallengesTable;
  case_study_sites: CaseStudySitesTable;
  case_study_site_units: CaseStudySiteUnitsTable;
  case_study_criteria: CaseStudyCriteriaTable;
  case_study_site_criteria: CaseStudySiteCriteriaTable;
  case_study_stakeholders: CaseStudyStakeholdersTable;
  case_extraction_forms: CaseExtractionFormsTable;
  case_extraction_fields: CaseExtractionFieldsTable;
  case_files: CaseFilesTable;
  case_file_samples: CaseFileSamplesTable;
  case_file_sample_members: CaseFileSampleMembersTable;
  case_extractions: CaseExtractionsTable;
  case_extraction_values: CaseExtractionValuesTable;
  case_file_contacts: CaseFileContactsTable;
  improvement_method_sites: ImprovementMethodSitesTable;
  pending_completions: PendingCompletionsTable;
  shared_statistics: SharedStatisticsTable;
}
