import type { Db } from '../../../db/database.ts';
import { HttpError, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { uuid } from '../../shared-schemas.ts';
import { blindRoundFor, hideOtherCoders, type BlindRound } from '../agreement/blind.ts';
import { getInterview, listInterviews, type Interview } from '../interviews/interviews.ts';
import { getSource, listCodings, listSources, type Coding, type Source } from '../service.ts';
import { transcriptView, type TurnView } from './highlight.ts';
import * as store from './store.ts';

/** Reading transcripts: the list, one transcript with its turns and codings, and deleting one. */

export interface TranscriptSummary {
  id: string;
  name: string;
  interviewId: string | null;
  participantLabel: string | null;
  roleCategory: string | null;
  heldOn: string | null;
  revision: number;
  length: number;
  needsReview: number;
  updatedAt: Date;
}

export interface TranscriptSearch {
  interviewId?: string | undefined;
}

export async function listTranscripts(db: Db, evaluationId: string, search: TranscriptSearch = {}): Promise<TranscriptSummary[]> {
  const sources = (await listSources(db, evaluationId)).filter((s) => s.kind === 'transcript' && (!search.interviewId || s.interviewId === search.interviewId));
  const interviews = new Map((await listInterviews(db, evaluationId)).map((i) => [i.id, i]));
  const flagged = new Map((await store.countFlaggedBySource(db, evaluationId)).map((r) => [r.source_id, Number(r.n)]));
  return sources.map((s) => {
    const interview = s.interviewId ? interviews.get(s.interviewId) : undefined;
    return {
      id: s.id,
      name: s.name,
      interviewId: s.interviewId,
      participantLabel: interview?.participantLabel ?? null,
      roleCategory: interview?.roleCategory ?? null,
      heldOn: interview?.heldOn ?? null,
      revision: s.revision,
      length: s.length,
      needsReview: flagged.get(s.id) ?? 0,
      updatedAt: s.updatedAt,
    };
  });
}

export interface Transcript {
  source: Source;
  interview: Interview | null;
  codings: Coding[];
  turns: TurnView[];
  /** The open agreement round in which the viewer codes this transcript blind, seeing only their own codings. */
  blind: BlindRound | null;
}

/**
 * A transcript with everything its page shows; 404 for a source of another kind or evaluation.
 * With a viewer, the codings are those the viewer may see (only their own while they code it blind).
 */
export async function getTranscript(db: Db, evaluationId: string, sourceId: string, viewerId?: string): Promise<Transcript> {
  const source = await getSource(db, evaluationId, sourceId).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw error;
  });
  if (!source || source.kind !== 'transcript') throw notFound('Transcript');
  const blind = viewerId ? await blindRoundFor(db, evaluationId, source.id, viewerId) : null;
  const codings = hideOtherCoders(await listCodings(db, evaluationId, sourceId), blind);
  const interview = source.interviewId ? await getInterview(db, evaluationId, source.interviewId) : null;
  const turns = transcriptView(
    source.content,
    source.turns,
    codings.map((c) => ({ id: c.id, start: c.start, end: c.end, codeName: c.codeName, codeColour: c.codeColour, valence: c.valence, needsReview: c.needsReview })),
  );
  return { source, interview, codings, turns, blind };
}

/** Deletes a transcript with its turns, codings and memos about them; the interview stays. */
export async function deleteTranscript(db: Db, actorId: string | null, evaluationId: string, sourceId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const source = uuid.safeParse(sourceId).success ? await store.lockSource(trx, evaluationId, sourceId) : undefined;
    if (!source || source.kind !== 'transcript') throw notFound('Transcript');
    const codings = (await listCodings(trx, evaluationId, sourceId)).length;
    await store.deleteSource(trx, evaluationId, sourceId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'source', entityId: sourceId, detail: { kind: 'transcript', codings } });
  });
}
