/**
 * What a REFI-QDA import brought in and, part by part, what it left out and why. Every element of
 * the project file that Formative cannot hold appears here by name: nothing is dropped silently.
 */

export interface NotImported {
  /** The kind of thing left out, in the standard's words: 'picture source', 'link', 'set', 'case code' … */
  element: string;
  /** Its name in the file (or its GUID when it has no name). */
  name: string;
  /** Why, in words a researcher can act on. */
  reason: string;
}

export interface CoderMapping {
  /** The user's name in the file. */
  name: string;
  /** The member of this evaluation the user was matched to, by e-mail address or name; null when none. */
  memberId: string | null;
  memberName: string | null;
  codings: number;
}

export interface ImportCounts {
  codes: number;
  /** Cases that became new participants. */
  participants: number;
  /** Cases matched by name to participants already in the evaluation. */
  participantsMatched: number;
  attributes: number;
  sources: number;
  codings: number;
  memos: number;
}

export interface QdpxImportReport {
  /** The project's name and the software that wrote it, as the file says. */
  project: { name: string; origin: string };
  imported: ImportCounts;
  coders: CoderMapping[];
  notImported: NotImported[];
}

/** A file that cannot be imported at all: the message names the file and the place; nothing is stored. */
export class QdpxError extends Error {}

/** Collects the not-imported list while a project is read and mapped. */
export class NotImportedList {
  readonly items: NotImported[] = [];

  add(element: string, name: string, reason: string): void {
    this.items.push({ element, name, reason });
  }
}

/** "1 coding", "3 codings". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
