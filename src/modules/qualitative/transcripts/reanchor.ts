import { diffChars } from 'diff';

/**
 * Keeping codings and turns on the right text when a transcript is edited. A character diff
 * between the old and new text gives hunks (a stretch of old text replaced by new text); every
 * range is mapped through them. The diff counts code points (it splits text with Array.from), as
 * stored positions do, so no conversion is needed here.
 *
 * A coding none of whose text changed moves with the text around it, exactly. A coding whose own
 * text was edited keeps the best range the mapping gives and is flagged for review with a note
 * quoting what it covered before. A coding whose text was deleted entirely is never dropped: it is
 * kept as a one-character marker where its text used to be, and flagged, so a person decides.
 */

export interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

// A diff of a long transcript after a wholesale rewrite could take long; past this, the changed
// middle is treated as one replacement, which only flags more codings for review, never fewer.
const diffTimeoutMs = 2000;
// Unchanged runs this short between two changes are usually letters a rewrite happened to keep
// ("Hampshire" → "[place]" keeps an "a"); merging them makes one honest replacement.
const tinyCommonRun = 2;

function commonPrefix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string[], b: string[], prefix: number): number {
  let n = 0;
  while (n < a.length - prefix && n < b.length - prefix && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** The hunks that turn `before` into `after`, in order, none touching another. */
export function textChanges(before: string, after: string, timeoutMs = diffTimeoutMs): Hunk[] {
  const a = Array.from(before);
  const b = Array.from(after);
  const prefix = commonPrefix(a, b);
  const suffix = commonSuffix(a, b, prefix);
  const oldMiddle = a.slice(prefix, a.length - suffix).join('');
  const newMiddle = b.slice(prefix, b.length - suffix).join('');
  if (!oldMiddle && !newMiddle) return [];
  const changes = diffChars(oldMiddle, newMiddle, { timeout: timeoutMs });
  if (!changes) return [{ oldStart: prefix, oldEnd: a.length - suffix, newStart: prefix, newEnd: b.length - suffix }];
  const hunks: Hunk[] = [];
  let oldPos = prefix;
  let newPos = prefix;
  let open: Hunk | undefined;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      if (open && change.count <= tinyCommonRun && oldPos + change.count < a.length - suffix) {
        // Swallow the tiny common run into the open hunk; the hunk stays open.
        oldPos += change.count;
        newPos += change.count;
        open.oldEnd = oldPos;
        open.newEnd = newPos;
        continue;
      }
      open = undefined;
      oldPos += change.count;
      newPos += change.count;
      continue;
    }
    if (!open) {
      open = { oldStart: oldPos, oldEnd: oldPos, newStart: newPos, newEnd: newPos };
      hunks.push(open);
    }
    if (change.removed) oldPos += change.count;
    else newPos += change.count;
    open.oldEnd = oldPos;
    open.newEnd = newPos;
  }
  return hunks;
}

const isInsertion = (h: Hunk) => h.oldStart === h.oldEnd;

/** Where an unchanged old position lands: shifted by every hunk that ends at or before it. */
function shifted(hunks: Hunk[], p: number, countInsertionAtP: boolean): number {
  let result = p;
  for (const h of hunks) {
    if (h.oldStart > p) break;
    if (isInsertion(h) && h.oldStart === p && !countInsertionAtP) break;
    if (h.oldEnd <= p) result = p - h.oldEnd + h.newEnd;
  }
  return result;
}

/**
 * Maps the start of a range. Inside replaced text it goes to the start of the replacement;
 * text inserted exactly at the start is inside the range only when `takeInsertion` is set.
 */
export function mapStart(hunks: Hunk[], p: number, takeInsertion: boolean): number {
  const within = hunks.find((h) => h.oldStart <= p && p < h.oldEnd);
  if (within) return within.newStart;
  return shifted(hunks, p, !takeInsertion);
}

/**
 * Maps the end of a range. Inside (or at the end of) replaced text it goes to the end of the
 * replacement; text inserted exactly at the end is inside the range only when `takeInsertion` is set.
 */
export function mapEnd(hunks: Hunk[], p: number, takeInsertion: boolean): number {
  const within = hunks.find((h) => h.oldStart < p && p <= h.oldEnd);
  if (within) return within.newEnd;
  return shifted(hunks, p, takeInsertion);
}

/** Whether any of the text between start and end was changed (insertions at its edges are outside). */
export function rangeTouched(hunks: Hunk[], start: number, end: number): boolean {
  return hunks.some((h) => (isInsertion(h) ? start < h.oldStart && h.oldStart < end : h.oldStart < end && h.oldEnd > start));
}

export type CodingOutcome =
  | { kind: 'unchanged' }
  | { kind: 'moved'; start: number; end: number }
  | { kind: 'edited'; start: number; end: number }
  | { kind: 'deleted'; start: number; end: number };

/**
 * Where a coding goes after an edit. `newLength` is the new text's length in code points; it
 * must be at least 1 (an edit that empties a coded text is refused before this is asked).
 */
export function reanchorCoding(hunks: Hunk[], start: number, end: number, newLength: number): CodingOutcome {
  const touched = rangeTouched(hunks, start, end);
  const newStart = mapStart(hunks, start, false);
  const newEnd = mapEnd(hunks, end, false);
  if (!touched) return newStart === start && newEnd === end ? { kind: 'unchanged' } : { kind: 'moved', start: newStart, end: newEnd };
  if (newEnd > newStart) return { kind: 'edited', start: newStart, end: newEnd };
  // Nothing of the coded text is left: a one-character marker where it was, inside the new text.
  const at = Math.min(Math.max(newStart, 0), newLength - 1);
  return { kind: 'deleted', start: at, end: at + 1 };
}

export interface TurnRange {
  start: number;
  end: number;
}

/**
 * Maps speaker turns. Text typed at a turn's edges joins the turn; a turn never overlaps the one
 * before it; a turn whose words were all deleted is left out (null).
 */
export function reanchorTurns<T extends TurnRange>(hunks: Hunk[], turns: T[]): (T | null)[] {
  let previousEnd = 0;
  return turns.map((turn) => {
    const start = Math.max(mapStart(hunks, turn.start, true), previousEnd);
    const end = Math.max(mapEnd(hunks, turn.end, true), start);
    if (end === start) return null;
    previousEnd = end;
    return { ...turn, start, end };
  });
}
