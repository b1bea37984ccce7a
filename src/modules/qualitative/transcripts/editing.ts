import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { uuid } from '../../shared-schemas.ts';
import { listTurns } from '../store.ts';
import { codePointLength, sliceCodePoints } from '../text-positions.ts';
import { reanchorCoding, reanchorTurns, textChanges, type Hunk } from './reanchor.ts';
import { labelCandidate } from './speaker-labels.ts';
import * as store from './store.ts';
import { detectTurns, normaliseText } from './turn-detection.ts';

/**
 * Editing a transcript's text in place. Codings and turns are re-anchored through a character
 * diff (reanchor.ts) in the same transaction as the new text, so no reader ever sees text and
 * codings that disagree. A coding whose own text changed is flagged for review, never moved
 * silently; the revision number goes up by one.
 */

export const transcriptEdit = z.object({
  content: z.string().max(5_000_000, 'The text is longer than 5 million characters'),
  /** The revision the edit was made on; a different current revision means someone else saved first. */
  revision: z.coerce.number().int().min(1),
  /** Find speaker turns afresh from the labels in the text (times from captions are lost). */
  redetectTurns: z.union([z.boolean(), z.literal('true').transform(() => true), z.literal('').transform(() => false)]).default(false),
});
export type TranscriptEdit = z.input<typeof transcriptEdit>;

export interface EditOutcome {
  revision: number;
  /** Codings that moved with the text around them, their words unchanged. */
  moved: number;
  /** Codings flagged for review, with the note each was given. */
  flagged: { codingId: string; note: string }[];
}

const quoteLimit = 120;

/** A quotation for a review note: the words, shortened in the middle when long. */
function quoted(text: string): string {
  const points = Array.from(text.replace(/\s+/g, ' ').trim());
  const shown = points.length > quoteLimit ? `${points.slice(0, 70).join('')} … ${points.slice(-40).join('')}` : points.join('');
  return `'${shown}'`;
}

function reviewNote(kind: 'edited' | 'deleted', revision: number, before: string, after: string): string {
  return kind === 'edited'
    ? `Revision ${revision}: the coded text was edited: was ${quoted(before)}, now ${quoted(after)}.`
    : `Revision ${revision}: the coded text was deleted: was ${quoted(before)}. The coding was kept as a one-character marker where the text used to be; recode the passage or delete the coding.`;
}

/** Earlier notes are kept: a coding edited twice before anyone looked should say so. */
const appendNote = (existing: string, note: string) => (existing ? `${existing}\n${note}` : note).slice(-4000);

async function reanchorCodings(trx: Db, sourceId: string, hunks: Hunk[], before: string, after: string, revision: number): Promise<Omit<EditOutcome, 'revision'>> {
  const newLength = codePointLength(after);
  const outcome: Omit<EditOutcome, 'revision'> = { moved: 0, flagged: [] };
  for (const coding of await store.lockCodings(trx, sourceId)) {
    const result = reanchorCoding(hunks, coding.start_offset, coding.end_offset, newLength);
    if (result.kind === 'unchanged') continue;
    if (result.kind === 'moved') {
      await store.moveCoding(trx, coding.id, result.start, result.end);
      outcome.moved += 1;
      continue;
    }
    const note = reviewNote(result.kind, revision, sliceCodePoints(before, coding.start_offset, coding.end_offset), sliceCodePoints(after, result.start, result.end));
    await store.flagCoding(trx, coding.id, result.start, result.end, appendNote(coding.review_note, note));
    outcome.flagged.push({ codingId: coding.id, note });
  }
  return outcome;
}

/** The label written just before a turn on its line ("SM01: "), so a corrected label renames the speaker. */
function labelBefore(content: string, start: number): string | undefined {
  const before = sliceCodePoints(content, 0, start);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const candidate = labelCandidate(line);
  return candidate && candidate.textOffset === line.length ? candidate.label : undefined;
}

async function reanchorSourceTurns(trx: Db, sourceId: string, hunks: Hunk[], after: string, redetect: boolean): Promise<void> {
  const turns = redetect
    ? detectTurns(after).turns
    : reanchorTurns(hunks, (await listTurns(trx, sourceId)).map((t) => ({ speaker: t.speaker, start: t.start_offset, end: t.end_offset, startMs: t.start_ms, endMs: t.end_ms })))
        .filter((t) => t !== null)
        .map((t) => ({ ...t, speaker: labelBefore(after, t.start) ?? t.speaker }));
  await store.replaceTurns(trx, sourceId, turns.map((t, i) => ({ source_id: sourceId, position: i + 1, speaker: t.speaker, start_offset: t.start, end_offset: t.end, start_ms: t.startMs, end_ms: t.endMs })));
}

export async function editTranscript(db: Db, actorId: string | null, evaluationId: string, sourceId: string, input: TranscriptEdit, at = new Date()): Promise<EditOutcome> {
  const data = transcriptEdit.parse(input);
  const after = normaliseText(data.content);
  return inTransaction(db, async (trx) => {
    const source = uuid.safeParse(sourceId).success ? await store.lockSource(trx, evaluationId, sourceId) : undefined;
    if (!source) throw notFound('Transcript');
    if (source.revision !== data.revision) {
      throw conflict(`Someone else saved this transcript after you opened it (it is now at revision ${source.revision}; you edited revision ${data.revision}). Open it again and redo your change.`);
    }
    if (after === source.content && !data.redetectTurns) return { revision: source.revision, moved: 0, flagged: [] };
    if (!after) {
      const codings = await store.lockCodings(trx, sourceId);
      if (codings.length) throw badRequest(`The text cannot be emptied while ${codings.length} coding${codings.length === 1 ? ' is' : 's are'} on it`, [{ field: 'content', message: 'Enter the text of the transcript' }]);
    }
    const revision = source.revision + 1;
    const hunks = textChanges(source.content, after);
    const outcome = await reanchorCodings(trx, sourceId, hunks, source.content, after, revision);
    await reanchorSourceTurns(trx, sourceId, hunks, after, data.redetectTurns);
    await store.updateSourceContent(trx, sourceId, after, revision, at);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'edit-text',
      entity: 'source',
      entityId: sourceId,
      detail: { revision, changes: hunks.length, codingsMoved: outcome.moved, codingsFlagged: outcome.flagged.length, turnsDetectedAgain: data.redetectTurns },
    });
    return { revision, ...outcome };
  });
}
