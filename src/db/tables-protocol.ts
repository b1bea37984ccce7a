import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of one capability's tables; see tables.ts for the whole database. */

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
  override_by: string | null;
  override_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
