/**
 * Speaker labels at the start of a line or caption ("Interviewer:", "SM01:", "Q:", "Jane Smith:").
 * A colon after a word is also ordinary writing ("Note: the plan changed"), so a label is trusted
 * only when it is one of the usual interview labels, looks like a participant code, or is used
 * as a label at least twice in the same transcript.
 */

const usualLabels = /^(q|a|i|r|p|interviewer|interviewee|respondent|participant|facilitator|moderator|speaker|researcher)(\s*\d{1,3})?$/i;
const participantCode = /^[A-Z]{1,4}\s?\d{1,4}$/;
// Up to four words that each start with a capital letter or digit: "Jane Smith", "Dr O'Neill".
const nameLike = /^[\p{Lu}\p{N}][\p{L}\p{N}'’.-]*(\s[\p{Lu}\p{N}][\p{L}\p{N}'’.-]*){0,3}$/u;

export interface LabelledLine {
  label: string;
  /** Where the spoken text starts in the line, in UTF-16 units. */
  textOffset: number;
}

/** The label a line starts with, if it has the shape of one; whether to trust it is decided later. */
export function labelCandidate(line: string): LabelledLine | undefined {
  const match = /^(\s*)([^\s:][^:]{0,39}?)\s*:(\s+|$)/.exec(line);
  if (!match) return undefined;
  const label = match[2]!.trim();
  // A time of day ("10:30") or a web address is not a speaker.
  if (/^\d+$/.test(label) || /\/\//.test(line.slice(0, match[0].length + 2))) return undefined;
  if (!usualLabels.test(label) && !participantCode.test(label) && !nameLike.test(label)) return undefined;
  return { label, textOffset: match[0].length };
}

/** Labels known without counting: the usual interview labels and participant codes. */
export function isWellKnownLabel(label: string): boolean {
  return usualLabels.test(label) || participantCode.test(label);
}

/** The labels to treat as speakers, given every candidate found in one transcript. */
export function trustedLabels(candidates: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const label of candidates) counts.set(label, (counts.get(label) ?? 0) + 1);
  return new Set([...counts].filter(([label, n]) => n >= 2 || isWellKnownLabel(label)).map(([label]) => label));
}
