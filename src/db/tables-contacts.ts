import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the contact log, the survey calendar and shared statistics (migration 015). */

export interface ContactEventsTable {
  id: Generated<string>;
  evaluation_id: string;
  participant_id: string;
  kind: string;
  reason: string | null;
  note: Generated<string>;
  occurred_on: string;
  recorded_by: string | null;
  created_at: Timestamp;
}

export interface CalendarEntriesTable {
  id: Generated<string>;
  evaluation_id: string;
  title: string;
  organiser: Generated<string>;
  starts_on: string;
  ends_on: string;
  audience: string;
  notes: Generated<string>;
  created_at: Timestamp;
}

export interface CalendarEntryUnitsTable {
  entry_id: string;
  unit_id: string;
}

export interface StatisticsSharesTable {
  id: Generated<string>;
  evaluation_id: string;
  survey_id: string;
  label: string;
  password_hash: string;
  threshold: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Date | null;
}

export interface StatisticsShareAccessesTable {
  id: Generated<number>;
  share_id: string;
  at: Timestamp;
  outcome: string;
}
