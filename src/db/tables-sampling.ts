import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of one capability's tables; see tables.ts for the whole database. */

export interface SamplingFramesTable {
  id: Generated<string>;
  evaluation_id: string;
  wave_id: string | null;
  name: string;
  as_of: string;
  require_email: Generated<boolean>;
  left_out: ColumnType<Record<string, number>, string | undefined, string>;
  frozen_at: Timestamp;
  frozen_by: string | null;
}

export interface SamplingFrameMembersTable {
  frame_id: string;
  position: number;
  person_id: string | null;
  name: string;
  email: string | null;
  unit_name: string | null;
  region_name: string | null;
  programme_name: string | null;
}

export interface SamplesTable {
  id: Generated<string>;
  evaluation_id: string;
  frame_id: string;
  name: string;
  purpose: string;
  method: string;
  stratify_by: string | null;
  allocation: string | null;
  requested_size: number;
  /** A 64-bit integer: written as a decimal string, read back as text (see the sampling store). */
  seed: ColumnType<string, string, string>;
  drawn_at: Timestamp;
  drawn_by: string | null;
}

export interface SampleExclusionsTable {
  sample_id: string;
  excluded_sample_id: string;
}

export interface SampleStrataTable {
  sample_id: string;
  stratum: string;
  frame_count: number;
  excluded_count: number;
  allocated: number;
  drawn: number;
}

export interface SampleMembersTable {
  sample_id: string;
  frame_position: number;
  person_id: string | null;
  stratum: string;
}
