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
