import { sourceKinds, valences, type Valence } from '../service.ts';

/**
 * How Formative's own fields travel in REFI-QDA, which has no place for them, so that an export
 * imports back whole and another program still shows them in words:
 * - a participant's role category is a case variable named "Role category";
 * - a source's kind (transcript, document, note) is a source variable named "Source kind";
 * - a coding's valence opens its selection's description ("Valence: inhibiting"), its memo follows.
 */

export const roleCategoryVariable = 'Role category';
export const sourceKindVariable = 'Source kind';

export type SourceKind = (typeof sourceKinds)[number];

export function isSourceKind(value: string): value is SourceKind {
  return (sourceKinds as readonly string[]).includes(value);
}

/** A selection's description from a coding's valence and memo; empty for a neutral coding without a memo. */
export function selectionDescription(valence: Valence, memo: string): string {
  const line = valence === 'neutral' ? '' : `Valence: ${valence}`;
  return [line, memo.trim()].filter(Boolean).join('\n\n');
}

/** The valence and memo in a selection's description, as `selectionDescription` writes them. */
export function readSelectionDescription(description: string): { valence: Valence; memo: string } {
  const match = /^\s*Valence: ([a-z]+)[ \t]*(?:\n|$)/.exec(description);
  const named = match?.[1];
  if (named && (valences as readonly string[]).includes(named)) {
    return { valence: named as Valence, memo: description.slice(match[0].length).trim() };
  }
  return { valence: 'neutral', memo: description.trim() };
}
