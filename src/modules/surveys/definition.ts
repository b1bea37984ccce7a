import { z } from 'zod';

/**
 * The structure of one survey version: pages of questions, each with a response format and
 * an optional condition on earlier answers. A version is stored whole (it is the questionnaire,
 * not the answers) and frozen once it has responses.
 */

/** "Not relevant" and "don't know" are offered as answers but score as missing. */
export const missingCodes = ['NR', 'DK'] as const;
export type MissingCode = (typeof missingCodes)[number];
const missingOption = z.object({ code: z.enum(missingCodes), label: z.string().min(1) });

const optionCode = z.string().regex(/^[A-Za-z0-9_]{1,20}$/, 'Option codes are 1 to 20 letters, digits or underscores');
const option = z.object({ code: optionCode, label: z.string().min(1, 'Every option needs a label') });

export const responseFormat = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('likert'),
    points: z.number().int().min(2).max(11),
    /** One label per point, lowest first; values stored are 1..points. */
    labels: z.array(z.string().min(1)),
    missing: z.array(missingOption).default([]),
  }),
  z.object({
    type: z.literal('single'),
    options: z.array(option).min(2, 'A single-choice question needs at least two options'),
    missing: z.array(missingOption).default([]),
  }),
  z.object({
    type: z.literal('multiple'),
    options: z.array(option).min(1, 'A multiple-choice question needs at least one option'),
    minChoices: z.number().int().min(0).optional(),
    maxChoices: z.number().int().min(1).optional(),
  }),
  /** Two answers stored as 1 and 0: yes/no, true/false or agree/disagree. */
  z.object({
    type: z.literal('boolean'),
    style: z.enum(['yes-no', 'true-false', 'agree-disagree']),
    missing: z.array(missingOption).default([]),
  }),
  z.object({
    type: z.literal('scale'),
    min: z.number().int().default(0),
    max: z.number().int().default(10),
    lowLabel: z.string().default(''),
    highLabel: z.string().default(''),
    missing: z.array(missingOption).default([]),
  }),
  z.object({
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    suffix: z.string().default(''),
  }),
  z.object({
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(20_000).default(2000),
    multiline: z.boolean().default(false),
  }),
  z.object({ type: z.literal('date'), min: z.string().optional(), max: z.string().optional() }),
]);
export type ResponseFormat = z.infer<typeof responseFormat>;

const clause = z.object({
  question: z.string(),
  op: z.enum(['equals', 'not-equals', 'one-of', 'answered', 'not-answered', 'greater-than', 'less-than']),
  value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]).optional(),
});
export type ConditionClause = z.infer<typeof clause>;

/** Shown when all (or any) clauses hold. Clauses refer to questions on earlier pages only. */
export const condition = z.union([z.object({ all: z.array(clause).min(1) }), z.object({ any: z.array(clause).min(1) })]);
export type Condition = z.infer<typeof condition>;

export const variableName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'Question ids start with a letter and hold only letters, digits and underscores (at most 64)');

export const question = z.object({
  id: variableName,
  text: z.string(),
  hint: z.string().default(''),
  format: responseFormat,
  required: z.boolean().default(false),
  condition: condition.optional(),
  /** Where the question came from, when it is an instrument item. */
  source: z.object({ instrument: z.string(), item: z.string() }).optional(),
});
export type Question = z.infer<typeof question>;

export const page = z.object({
  id: z.string().min(1),
  title: z.string().min(1, 'Every page needs a title'),
  intro: z.string().default(''),
  questions: z.array(question),
  condition: condition.optional(),
});
export type Page = z.infer<typeof page>;

export const surveyDefinition = z.object({
  welcome: z.string().default(''),
  privacyNotice: z.string().default(''),
  thankYou: z.string().default(''),
  pages: z.array(page),
  /**
   * An optional self-generated linking code: questions on one page whose answers are replaced,
   * when the page is saved, by a keyed hash (see surveys/linking), so waves can be linked without
   * identity. The answers themselves are never stored.
   */
  linkingCode: z.object({ questions: z.array(variableName).min(2, 'A linking code needs at least two questions') }).optional(),
});
export type SurveyDefinition = z.infer<typeof surveyDefinition>;
export type SurveyDefinitionInput = z.input<typeof surveyDefinition>;

export class DefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

function checkFormat(q: Question, problems: string[]): void {
  const f = q.format;
  if (f.type === 'likert' && f.labels.length !== f.points) {
    problems.push(`Question ${q.id} has ${f.points} points but ${f.labels.length} labels`);
  }
  if (f.type === 'single' || f.type === 'multiple') {
    const codes = f.options.map((o) => o.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) problems.push(`Question ${q.id} has the option code ${dup} twice`);
  }
  if (f.type === 'scale' && f.max <= f.min) problems.push(`Question ${q.id} has a scale maximum not above its minimum`);
  if (f.type === 'number' && f.min !== undefined && f.max !== undefined && f.max < f.min) {
    problems.push(`Question ${q.id} has a maximum below its minimum`);
  }
}

function checkCondition(owner: string, cond: Condition | undefined, earlier: Map<string, Question>, problems: string[]): void {
  if (!cond) return;
  for (const c of 'all' in cond ? cond.all : cond.any) {
    if (!earlier.has(c.question)) problems.push(`${owner} has a condition on ${c.question}, which is not a question on an earlier page`);
    if (!['answered', 'not-answered'].includes(c.op) && c.value === undefined) problems.push(`${owner} has a condition on ${c.question} with no value`);
  }
}

/**
 * A linking code's questions are on one page, optional and unconditional, and nothing depends on
 * them: their answers are never stored, so nothing could read them.
 */
function checkLinkingCode(definition: SurveyDefinition, problems: string[]): void {
  const ids = definition.linkingCode?.questions;
  if (!ids) return;
  const pageOf = new Map(definition.pages.flatMap((p) => p.questions.map((q) => [q.id, p] as const)));
  const pages = new Set(ids.map((id) => pageOf.get(id)));
  for (const id of ids) {
    const q = pageOf.get(id)?.questions.find((x) => x.id === id);
    if (!q) problems.push(`The linking code uses ${id}, which is not a question in the survey`);
    else if (q.required || q.condition) problems.push(`Question ${id} is part of the linking code, so it cannot be required or conditional`);
  }
  if (pages.size > 1) problems.push('The questions of the linking code must all be on one page');
  const used = new Set(ids);
  const conditions = definition.pages.flatMap((p) => [p.condition, ...p.questions.map((q) => q.condition)]);
  for (const cond of conditions) {
    if (!cond) continue;
    for (const c of 'all' in cond ? cond.all : cond.any) if (used.has(c.question)) problems.push(`A condition uses ${c.question}, which is part of the linking code and never stored`);
  }
}

/** Validates a definition and the rules zod cannot see: unique ids, labels per point, conditions only on earlier pages. */
export function parseDefinition(input: unknown): SurveyDefinition {
  const parsed = surveyDefinition.safeParse(input);
  if (!parsed.success) {
    throw new DefinitionError(parsed.error.issues.map((i) => `${i.path.join('.') || 'definition'}: ${i.message}`));
  }
  const definition = parsed.data;
  const problems: string[] = [];
  const seen = new Map<string, Question>();
  const pageIds = new Set<string>();
  for (const p of definition.pages) {
    if (pageIds.has(p.id)) problems.push(`The page id ${p.id} is used twice`);
    pageIds.add(p.id);
    checkCondition(`Page "${p.title}"`, p.condition, seen, problems);
    const earlier = new Map(seen);
    for (const q of p.questions) {
      if (seen.has(q.id)) problems.push(`The question id ${q.id} is used twice`);
      checkFormat(q, problems);
      checkCondition(`Question ${q.id}`, q.condition, earlier, problems);
      seen.set(q.id, q);
    }
  }
  checkLinkingCode(definition, problems);
  if (problems.length) throw new DefinitionError(problems);
  return definition;
}

export function allQuestions(definition: SurveyDefinition): Question[] {
  return definition.pages.flatMap((p) => p.questions);
}
