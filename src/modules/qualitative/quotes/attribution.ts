/**
 * How a quote is attributed when it leaves the team: by a rule for the speaker's role category,
 * never by the participant's label or name. A rule for "*" covers every role without a rule of
 * its own (e.g. "*" → "Senior Manager"); external participants fall back to a rule for
 * "external" before that. Without any rule: "Interviewee", or "External stakeholder".
 */

/** The key of the rule for every role without one of its own. */
export const everyRole = '*';
export const externalRole = 'external';

export interface AttributionRule {
  /** A role category, lower-cased, or "*". */
  roleCategory: string;
  attribution: string;
}

export interface Speaker {
  roleCategory: string;
  external: boolean;
}

export const defaultAttribution = 'Interviewee';
export const defaultExternalAttribution = 'External stakeholder';
/** Quotes from documents have no speaker. */
export const documentAttribution = 'Document';

/** The key a role category's rule is stored under. */
export const ruleKey = (roleCategory: string) => (roleCategory.trim() === everyRole ? everyRole : roleCategory.trim().toLowerCase());

export function attributionFor(speaker: Speaker | null, rules: readonly AttributionRule[]): string {
  if (!speaker) return documentAttribution;
  const byKey = new Map(rules.map((r) => [r.roleCategory, r.attribution]));
  const role = ruleKey(speaker.roleCategory);
  return (
    (role && role !== everyRole ? byKey.get(role) : undefined) ??
    (speaker.external ? byKey.get(externalRole) : undefined) ??
    byKey.get(everyRole) ??
    (speaker.external ? defaultExternalAttribution : defaultAttribution)
  );
}
