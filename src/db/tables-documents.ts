import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the documentary analysis (migration 017): documents, plans, deliverables, improvement methods. */

/** bytea: a Buffer from node-postgres, a Uint8Array from PGlite; either may be written. */
export type Bytes = ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;

export interface DocumentsTable {
  id: Generated<string>;
  evaluation_id: string;
  kind: string;
  title: string;
  issuer: Generated<string>;
  issued_on: string | null;
  address: Generated<string>;
  accessed_on: string | null;
  notes: Generated<string>;
  file_name: string | null;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  content: Bytes;
  extracted_text: string | null;
  source_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlansTable {
  id: Generated<string>;
  evaluation_id: string;
  title: string;
  kind: Generated<string>;
  directorate_id: string | null;
  plan_year: string;
  document_id: string | null;
  created_at: Timestamp;
}

export interface WorkstreamsTable {
  id: Generated<string>;
  plan_id: string;
  title: string;
  directorate_id: string | null;
  position: Generated<number>;
}

export interface DeliverablesTable {
  id: Generated<string>;
  evaluation_id: string;
  workstream_id: string;
  text: string;
  status: Generated<string>;
  themes: Generated<string[]>;
  plan_year: string;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface DeliverableProgrammesTable {
  deliverable_id: string;
  unit_id: string;
}

export interface PlanSettingsTable {
  evaluation_id: string;
  cross_cutting_themes: string[];
  updated_at: Timestamp;
}

export interface ImprovementMethodsTable {
  id: Generated<string>;
  evaluation_id: string;
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
}

export interface ImprovementMethodDeliverablesTable {
  method_id: string;
  deliverable_id: string;
}

export interface ImprovementMethodCodesTable {
  method_id: string;
  code_id: string;
}

export interface PlanImportsTable {
  id: Generated<string>;
  evaluation_id: string;
  file_name: string;
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  mapping: ColumnType<Record<string, string>, string | undefined, string>;
  created_by: string | null;
  created_at: Timestamp;
}
