import type { Db } from '../../../db/database.ts';
import { notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { uuid } from '../../shared-schemas.ts';
import * as store from './store.ts';

/** Codings an edit of their text left for a person to look at, and marking them as looked at. */

export interface FlaggedCoding {
  codingId: string;
  sourceId: string;
  sourceName: string;
  codeName: string;
  start: number;
  end: number;
  /** The words the coding covers now. */
  text: string;
  reviewNote: string;
}

export async function listNeedingReview(db: Db, evaluationId: string, viewerId: string | null = null): Promise<FlaggedCoding[]> {
  return (await store.listFlaggedCodings(db, evaluationId, viewerId)).map((r) => ({
    codingId: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    codeName: r.code_name,
    start: r.start_offset,
    end: r.end_offset,
    text: r.text,
    reviewNote: r.review_note,
  }));
}

/** Clears the flag once someone has checked the coding still fits its text. */
export async function markReviewed(db: Db, actorId: string | null, evaluationId: string, codingId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const cleared = uuid.safeParse(codingId).success ? await store.clearReview(trx, evaluationId, codingId) : undefined;
    if (!cleared) throw notFound('Coding needing review');
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'review', entity: 'coding', entityId: codingId });
  });
}
