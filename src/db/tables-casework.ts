import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/**
 * Row types of the casework module: case studies (migration 019) and learning sets. Each part adds
 * its tables below its own heading.
 */

// Case studies (migration 019)

export interface CaseStudySitesTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  site_type: string;
  project_title: Generated<string>;
  project_description: Generated<string>;
  project_starts_on: string | null;
  project_ends_on: string | null;
  status: Generated<string>;
  withdrawn_reason: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CaseStudySiteUnitsTable {
  site_id: string;
  unit_id: string;
}

export interface CaseStudyCriteriaTable {
  id: Generated<string>;
  evaluation_id: string;
  text: string;
  position: Generated<number>;
}

export interface CaseStudySiteCriteriaTable {
  site_id: string;
  criterion_id: string;
  judgement: string;
  evidence: Generated<string>;
  document_id: string | null;
}

export interface CaseStudyStakeholdersTable {
  id: Generated<string>;
  site_id: string;
  category: string;
  name: string;
  role: Generated<string>;
  organisation: Generated<string>;
  interview_id: string | null;
  created_at: Timestamp;
}

export interface CaseExtractionFormsTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export interface CaseExtractionFieldsTable {
  id: Generated<string>;
  form_id: string;
  label: string;
  field_type: string;
  options: Generated<string[]>;
  required: Generated<boolean>;
  position: Generated<number>;
}

export interface CaseFilesTable {
  id: Generated<string>;
  site_id: string;
  reference: string;
  created_at: Timestamp;
}

export interface CaseFileSamplesTable {
  id: Generated<string>;
  site_id: string;
  size: number;
  seed: string;
  drawn_by: string | null;
  drawn_at: Timestamp;
}

export interface CaseFileSampleMembersTable {
  sample_id: string;
  case_file_id: string;
  position: number;
}

export interface CaseExtractionsTable {
  id: Generated<string>;
  case_file_id: string;
  form_id: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface CaseExtractionValuesTable {
  extraction_id: string;
  field_id: string;
  value: string;
}

export interface CaseFileContactsTable {
  id: Generated<string>;
  case_file_id: string;
  contacted_on: string;
  agency: string;
  kind: Generated<string>;
  note: Generated<string>;
}

export interface ImprovementMethodSitesTable {
  method_id: string;
  site_id: string;
}

// Learning sets (migration 020)
// (Restored by the case-studies helper after it overwrote this file by mistake; written from 020_learning_sets.sql.)

export interface LearningSetsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  name: string;
  description: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LearningSetMembersTable {
  id: Generated<string>;
  learning_set_id: string;
  name: string;
  role: Generated<string>;
  organisation: Generated<string>;
  person_id: string | null;
  created_at: Timestamp;
}

export interface LearningSetSessionsTable {
  id: Generated<string>;
  learning_set_id: string;
  planned_on: string;
  place: Generated<string>;
  facilitator: Generated<string>;
  status: Generated<string>;
  status_reason: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LearningSetSessionChangesTable {
  id: Generated<string>;
  session_id: string;
  from_status: string | null;
  to_status: string;
  reason: Generated<string>;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface LearningSetAttendanceTable {
  session_id: string;
  member_id: string;
}

export interface LearningSetPresentedFindingsTable {
  session_id: string;
  finding_id: string;
  position: Generated<number>;
}

export interface LearningSetFeedbackTable {
  session_id: string;
  member_id: string;
  finding_id: string;
  response: string;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_at: Timestamp;
}
