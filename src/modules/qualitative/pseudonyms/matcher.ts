/**
 * Finding and replacing names in text: whole words only, ignoring case, the longest name first
 * (so "Mental Health Programme" is replaced whole before "Mental Health" could match part of it),
 * with any run of spaces or line breaks inside a name matching any other.
 */

export interface NamePattern {
  /** The words to look for: a term, one of its variants, or a directory name. */
  text: string;
  replacement: string;
  /** What the words stand for, reported by the pre-release check. */
  source: { kind: string; term: string; termId: string | null };
}

export interface NameMatch {
  pattern: NamePattern;
  /** The words as they appear in the text. */
  found: string;
  /** Where they start, in UTF-16 units. */
  index: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const key = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
const codePoints = (text: string) => Array.from(text).length;

export interface Matcher {
  find(text: string): NameMatch[];
  replace(text: string): string;
}

/** Builds one regular expression for all the patterns; blank patterns are ignored. */
export function buildMatcher(patterns: NamePattern[]): Matcher {
  const usable = patterns.filter((p) => p.text.trim() !== '');
  const byKey = new Map<string, NamePattern>();
  // Longest first; among equal lengths the first given wins, so callers order by priority.
  const ordered = [...usable].sort((a, b) => codePoints(b.text.trim()) - codePoints(a.text.trim()));
  for (const pattern of ordered) if (!byKey.has(key(pattern.text))) byKey.set(key(pattern.text), pattern);
  if (!byKey.size) return { find: () => [], replace: (text) => text };
  const alternatives = [...byKey.keys()].map((k) => k.split(' ').map(escapeRegExp).join('\\s+'));
  // Letters, digits and underscores of any script count as word characters; \b knows only ASCII.
  const source = `(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`;
  const patternFor = (found: string): NamePattern => {
    const exact = byKey.get(key(found));
    if (exact) return exact;
    // Case folding in the expression and toLocaleLowerCase can differ for a few letters.
    return [...byKey.values()].find((p) => new RegExp(`^${p.text.trim().split(/\s+/).map(escapeRegExp).join('\\s+')}$`, 'iu').test(found))!;
  };
  return {
    find(text) {
      return [...text.matchAll(new RegExp(source, 'giu'))].map((m) => ({ pattern: patternFor(m[0]), found: m[0], index: m.index }));
    },
    replace(text) {
      return text.replace(new RegExp(source, 'giu'), (found) => patternFor(found).replacement);
    },
  };
}

const wordCharacter = /^[\p{L}\p{N}_]$/u;

/**
 * Where any of these replacement texts (like "[name of programme]") occur in a text, as
 * [start, end) in UTF-16 units, with any run of white space matching any other. The case must be
 * the replacement's own, as the pseudonymisation inserts it: "the programme" written by a speaker
 * is not taken for an inserted "[the programme]"-like text. A replacement that begins or ends with
 * a letter or digit must stand as a whole word there.
 */
export function replacementSpans(replacements: readonly string[], text: string): [number, number][] {
  const distinct = [...new Set(replacements.map((r) => r.trim()).filter(Boolean))].sort((a, b) => codePoints(b) - codePoints(a));
  if (!distinct.length) return [];
  const alternatives = distinct.map((r) => {
    const chars = Array.from(r);
    const lead = wordCharacter.test(chars[0]!) ? '(?<![\\p{L}\\p{N}_])' : '';
    const trail = wordCharacter.test(chars[chars.length - 1]!) ? '(?![\\p{L}\\p{N}_])' : '';
    return `${lead}${r.split(/\s+/).map(escapeRegExp).join('\\s+')}${trail}`;
  });
  return [...text.matchAll(new RegExp(alternatives.join('|'), 'gu'))].map((m) => [m.index, m.index + m[0].length]);
}
