import type { Db } from '../../../db/database.ts';
import type { Answers } from '../conditions.ts';
import { responseBatch, type ResponseFilter } from './store.ts';

/** One response as exports see it: only what may leave the database for this survey. */
export interface ExportRow {
  id: string;
  versionId: string;
  status: string;
  purpose: string;
  answers: Answers;
  /** Always null in an anonymous survey: the query does not read them. */
  participantId: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** Rows per query: large enough that round trips do not dominate, small enough that memory stays flat. */
export const batchSize = 2000;

/** Counts rows as they pass, so a caller can report how many were written once the stream ends. */
export interface RowCounter {
  rows: number;
}

type Batch = Awaited<ReturnType<typeof responseBatch>>;

/**
 * The responses of a survey in batches, read as the consumer asks for them: a slow download reads
 * slowly, and at most two batches are held at once. The next batch is asked for as soon as the
 * current one arrives, so the database prepares it while this one is being written.
 */
export async function* responseRows(db: Db, filter: ResponseFilter, identifying: boolean, counter: RowCounter = { rows: 0 }): AsyncGenerator<ExportRow[]> {
  let pending: Promise<Batch> | undefined = responseBatch(db, filter, identifying, null, batchSize);
  try {
    while (pending) {
      const rows: Batch = await pending;
      pending = rows.length === batchSize ? responseBatch(db, filter, identifying, rows[rows.length - 1]!.id, batchSize) : undefined;
      if (rows.length === 0) return;
      counter.rows += rows.length;
      yield rows.map((r) => ({
        id: r.id,
        versionId: r.version_id,
        status: r.status,
        purpose: r.purpose,
        answers: r.answers as Answers,
        participantId: r.participant_id,
        startedAt: r.started_at,
        completedAt: r.completed_at,
      }));
    }
  } finally {
    // A reader that stops early (a cancelled download) leaves a query in flight; its outcome no longer matters.
    pending?.catch(() => undefined);
  }
}
