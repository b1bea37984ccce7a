import { createHmac } from 'node:crypto';
import type { Answers } from '../conditions.ts';
import type { Page, Question, SurveyDefinition } from '../definition.ts';

/**
 * Self-generated identification codes: a respondent answers a few questions about stable facts
 * that only they know (the first letter of their mother's first name, the day they were born …),
 * and the answers become a keyed hash (HMAC-SHA256 with the evaluation's own key). The same
 * answers give the same hash in every wave of the evaluation, so waves can be linked for paired
 * comparisons; the answers themselves are never stored, shown or exported. Pure.
 */

export interface LinkingPart {
  id: string;
  /** What the part is, for the page that chooses parts. */
  name: string;
  question: Question;
}

const letter = (id: string, text: string, hint: string): Question => ({ id, text, hint, format: { type: 'text', maxLength: 1, multiline: false }, required: false });
const whole = (id: string, text: string, hint: string, min: number, max: number): Question => ({
  id,
  text,
  hint,
  format: { type: 'number', min, max, integer: true, suffix: '' },
  required: false,
});

/** The stable questions a team may choose from, in the order they are asked. */
export const linkingParts: readonly LinkingPart[] = [
  { id: 'mother', name: "First letter of the respondent's mother's first name", question: letter('link_mother', "What is the first letter of your mother's first name?", 'Type one letter. If you do not know, leave this blank.') },
  { id: 'day', name: 'Day of the month the respondent was born', question: whole('link_day', 'On which day of the month were you born?', 'A number from 1 to 31. For example, 27 if you were born on 27 March.', 1, 31) },
  { id: 'siblings', name: 'Number of older brothers and sisters', question: whole('link_siblings', 'How many older brothers and sisters do you have?', 'Count half- and step-brothers and sisters you grew up with. Type 0 if none.', 0, 30) },
  { id: 'town', name: 'First letter of the town or city of birth', question: letter('link_town', 'What is the first letter of the town or city where you were born?', 'Type one letter.') },
  { id: 'father', name: "First letter of the respondent's father's first name", question: letter('link_father', "What is the first letter of your father's first name?", 'Type one letter. If you do not know, leave this blank.') },
];

export const linkingPageId = 'linking-code';

/** The page that asks the chosen parts, with an explanation that the answers are not kept. */
export function linkingCodePage(partIds: readonly string[]): Page {
  const parts = linkingParts.filter((p) => partIds.includes(p.id));
  return {
    id: linkingPageId,
    title: 'Your linking code',
    intro:
      'We run this survey every year. So that we can see how views change without knowing who you are, these questions make a code that only you could give. ' +
      'Your answers are turned into a scrambled code as soon as you continue and are never stored or seen by anyone. You can leave them blank.',
    questions: parts.map((p) => p.question),
  };
}

/** One part as it goes into the code: letters without accents in capitals, whole numbers as digits. */
function normalisePart(value: Answers[string] | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.trunc(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
  return text || undefined;
}

export interface SplitAnswers {
  /** The answers to store: everything but the linking code's parts. */
  answers: Answers;
  /**
   * Undefined when the page has no linking question; null when it has but a part is blank (no code
   * is stored); otherwise the normalised parts in the definition's order.
   */
  parts: string[] | null | undefined;
}

/** Takes the linking code's answers out of a page's answers. */
export function splitLinkingAnswers(definition: SurveyDefinition, pageQuestionIds: readonly string[], answers: Answers): SplitAnswers {
  const ids = definition.linkingCode?.questions ?? [];
  if (!ids.some((id) => pageQuestionIds.includes(id))) return { answers, parts: undefined };
  const kept: Answers = {};
  for (const [id, value] of Object.entries(answers)) if (!ids.includes(id)) kept[id] = value;
  const parts = ids.map((id) => normalisePart(answers[id]));
  return { answers: kept, parts: parts.every((p) => p !== undefined) ? (parts as string[]) : null };
}

/** The keyed hash of a code's parts. */
export function linkingHash(key: string, parts: readonly string[]): string {
  return createHmac('sha256', key).update(parts.join('\u001f')).digest('hex');
}

/** The keyed hash of a code given whole (a column of an imported data set). Null when blank. */
export function linkingHashOfText(key: string, code: string): string | null {
  const part = normalisePart(code);
  return part ? linkingHash(key, [part]) : null;
}
