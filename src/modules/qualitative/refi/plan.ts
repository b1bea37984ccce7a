import type { Valence } from '../service.ts';
import type { SourceKind } from './conventions.ts';
import type { RefiUser } from './reader.ts';
import type { CoderMapping, NotImportedList } from './report.ts';

/**
 * An import planned in full before anything is stored: every row to create, keyed by the GUID it
 * had in the file, and the report of what was left out. Storing a plan cannot fail on the file's
 * content, so an import is all or nothing.
 */

export interface PlannedCode { guid: string; parentGuid: string | null; name: string; description: string; colour: string; noteRefs: string[] }
export interface PlannedParticipant {
  guid: string;
  label: string;
  roleCategory: string;
  attributes: { name: string; value: string }[];
  /** The participant already in the evaluation with this label, when there is one. */
  existingId: string | null;
}
export interface PlannedSource { guid: string; name: string; kind: SourceKind; content: string; participantGuid: string | null }
export interface PlannedCoding { id: string; sourceGuid: string; codeGuid: string; start: number; end: number; valence: Valence; memo: string; coderId: string | null }
export interface PlannedMemo {
  subject: 'project' | 'code' | 'source' | 'coding';
  /** A code's or source's GUID in the file, or a planned coding's id; null for the project. */
  subjectKey: string | null;
  title: string;
  body: string;
  authorId: string | null;
}

export interface ImportPlan {
  codes: PlannedCode[];
  participants: PlannedParticipant[];
  sources: PlannedSource[];
  codings: PlannedCoding[];
  memos: PlannedMemo[];
  coders: CoderMapping[];
  notImported: NotImportedList;
}

export interface Member { userId: string; name: string; email: string }
export interface ExistingParticipant { id: string; label: string; roleCategory: string; attributes: Map<string, string> }

/** What the evaluation already holds that an import must fit around. */
export interface ImportContext {
  members: Member[];
  participants: ExistingParticipant[];
}

/** Where a file's element is, for messages: the uploaded file's name. */
export interface FileNames {
  archive: string;
  project: string;
}

/** Text cut to a column's limit, noting the cut in the report. */
export function fitted(value: string, max: number, report: NotImportedList, element: string, name: string): string {
  const points = [...value];
  if (points.length <= max) return value;
  report.add(element, name, `it is ${points.length} characters long; the first ${max} were imported and the rest was left out`);
  return points.slice(0, max).join('');
}

/** A short quotation of a text for the report, so that what was left out can still be read there. */
export function quoted(value: string, max = 200): string {
  const points = [...value.replace(/\s+/g, ' ').trim()];
  return `"${points.length > max ? `${points.slice(0, max).join('')}…` : points.join('')}"`;
}

const emailPattern = /[^\s<>()@,;"]+@[^\s<>()@,;"]+\.[^\s<>()@,;"]+/g;

/**
 * Matches each user in the file to a member of the evaluation: by an e-mail address in the user's
 * id or name first, then by the same name (when exactly one member has it).
 */
export function mapUsers(users: RefiUser[], members: Member[]): Map<string, CoderMapping> {
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m]));
  const mapped = new Map<string, CoderMapping>();
  for (const user of users) {
    const emails = [...`${user.id} ${user.name}`.matchAll(emailPattern)].map((m) => m[0].toLowerCase());
    const name = user.name.trim().toLowerCase();
    const sameName = members.filter((m) => name && m.name.trim().toLowerCase() === name);
    const member = emails.map((e) => byEmail.get(e)).find((m) => m) ?? (sameName.length === 1 ? sameName[0] : undefined);
    mapped.set(user.guid, { name: user.name || user.id || user.guid, memberId: member?.userId ?? null, memberName: member?.name ?? null, codings: 0 });
  }
  return mapped;
}
