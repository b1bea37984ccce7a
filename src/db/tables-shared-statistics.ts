import type { ColumnType } from 'kysely';

/** Row types of the stored figures of shared statistics pages (migration 025); see tables.ts. */

export interface SharedStatisticsTable {
  survey_id: string;
  version_id: string;
  responses: number;
  digest: string;
  definition_digest: string;
  /** SharedFigures (modules/surveys/sharing/statistics.ts), before any suppression. */
  figures: ColumnType<unknown, string, string>;
  counted_at: Date;
}
