/**
 * What identifies a withdrawn person in free text, and the name that stands in for them. Modules
 * whose rows carry a person's name in text (audit details, uploaded directory files, stakeholder
 * lists) use these to find and neutralise it. No imports, so any module's privacy.ts may use it.
 */
export interface PersonIdentifiers {
  /** Name and e-mail address: replaced wherever they appear in a text, ignoring case. */
  phrases: string[];
  /** Short labels (such as an interviewee's "SM01"): replaced only where they are a whole value. */
  labels: string[];
  standIn: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function phrasePattern(ids: PersonIdentifiers): RegExp | null {
  const phrases = ids.phrases.map((p) => p.trim()).filter((p) => p.length > 0);
  // Longest first, so an e-mail address is replaced whole before a name inside it; whole words
  // only, so "Li" is not found inside "Olivia".
  const alternatives = phrases.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return phrases.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu') : null;
}

/** Whether the text names the person (a phrase anywhere, or a label as the whole text). */
export function mentions(text: string, ids: PersonIdentifiers): boolean {
  const pattern = phrasePattern(ids);
  const lower = text.trim().toLowerCase();
  return (pattern?.test(text) ?? false) || ids.labels.some((l) => l.trim().toLowerCase() === lower && lower !== '');
}

/** The text with the person's name, address and labels replaced by the stand-in name. */
export function withoutIdentifiers(text: string, ids: PersonIdentifiers): string {
  if (ids.labels.some((l) => l.trim() !== '' && l.trim().toLowerCase() === text.trim().toLowerCase())) return ids.standIn;
  const pattern = phrasePattern(ids);
  return pattern ? text.replace(pattern, ids.standIn) : text;
}

/** A JSON value with every string in it (keys too) passed through withoutIdentifiers. */
export function jsonWithoutIdentifiers(value: unknown, ids: PersonIdentifiers): unknown {
  if (typeof value === 'string') return withoutIdentifiers(value, ids);
  if (Array.isArray(value)) return value.map((v) => jsonWithoutIdentifiers(v, ids));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutIdentifiers(k, ids), jsonWithoutIdentifiers(v, ids)]));
  return value;
}

/** SQL ILIKE patterns that find rows whose text may mention the person (checked again in code). */
export function likePatterns(ids: PersonIdentifiers): string[] {
  return [...ids.phrases, ...ids.labels].map((p) => p.trim()).filter((p) => p.length > 0).map((p) => `%${p.replace(/[\\%_]/g, '\\$&')}%`);
}
