import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, fromZodError } from '../../http/errors.ts';
import { allQuestions } from '../surveys/definition.ts';
import { groupingQuestions, instrumentsOf, loadSeries } from '../results/data.ts';
import { planYears } from '../plans/analysis.ts';

/**
 * Analyses that have no row of their own are linked to a finding by naming them: which view of
 * which survey, of the plans or of the budget, with its parameters. A report recomputes them from
 * the data it is built on. Each spec keeps a short label so a list can name it without computing.
 */

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().max(100).optional());

export const surveyViews = ['scale-by-unit', 'wave-change', 'item-frequencies'] as const;
export const surveyViewLabels: Record<(typeof surveyViews)[number], string> = {
  'scale-by-unit': 'Scale means by group',
  'wave-change': 'Change between waves',
  'item-frequencies': 'Item frequencies',
};

export const surveySpecInput = z.object({
  view: z.enum(surveyViews, { error: 'Choose which result of the survey' }),
  /** For scale means: the grouping question (programme, region …) or "wave". */
  by: optionalId,
  /** A scale id, or every scale when absent. */
  scale: optionalId,
  /** For item frequencies: one question, or every item when absent. */
  question: optionalId,
});
export type SurveySpec = z.infer<typeof surveySpecInput> & { label: string };

export const planViews = ['cross-cutting', 'theme-matrix', 'programmes-by-year'] as const;
export const planViewLabels: Record<(typeof planViews)[number], string> = {
  'cross-cutting': 'Cross-cutting work by plan year and programme',
  'theme-matrix': 'Themes by programme',
  'programmes-by-year': 'Deliverables per programme per year',
};
export const planSpecInput = z.object({
  view: z.enum(planViews, { error: 'Choose which analysis of the plans' }),
  planYear: optionalId,
});
export type PlanSpec = z.infer<typeof planSpecInput> & { label: string };

export const budgetViews = ['concentration', 'change'] as const;
export const budgetViewLabels: Record<(typeof budgetViews)[number], string> = {
  concentration: 'How concentrated the budget is',
  change: 'How the budget changed between years',
};
export const budgetSpecInput = z.object({ view: z.enum(budgetViews, { error: 'Choose which analysis of the budget' }) });
export type BudgetSpec = z.infer<typeof budgetSpecInput> & { label: string };

/** What a survey offers to link: its groupings, scales and items. */
export interface SurveyChoices {
  surveyId: string;
  title: string;
  groupings: { value: string; label: string }[];
  scales: { value: string; label: string }[];
  items: { value: string; label: string }[];
  waves: number;
}

export async function surveyChoices(db: Db, evaluationId: string, surveyId: string): Promise<SurveyChoices> {
  const { survey, series } = await loadSeries(db, evaluationId, surveyId);
  const groupings = groupingQuestions(survey.definition).map((q) => ({ value: q.id, label: q.text }));
  if (series.length > 1) groupings.push({ value: 'wave', label: 'Wave' });
  const uses = await instrumentsOf(db, evaluationId, survey.definition);
  const scales = uses.flatMap((u) => u.instrument.scales.map((s) => ({ value: s.id, label: s.name })));
  const items = allQuestions(survey.definition).filter((q) => q.source).map((q) => ({ value: q.id, label: q.text }));
  return { surveyId: survey.id, title: survey.title, groupings, scales, items, waves: series.length };
}

/** Parses a spec, failing as a 400 with the fields named, as forms and the API expect. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

const fieldError = (field: string, message: string) => badRequest(message, [{ field, message }]);

/** Checks a survey result's parameters against the survey and names it. */
export async function checkSurveySpec(db: Db, evaluationId: string, surveyId: string, input: unknown): Promise<SurveySpec> {
  const spec = parse(surveySpecInput, input);
  const choices = await surveyChoices(db, evaluationId, surveyId);
  const scale = spec.scale ? choices.scales.find((s) => s.value === spec.scale) : undefined;
  if (spec.scale && !scale) throw fieldError('scale', `The survey has no scale “${spec.scale}”`);
  const scaleWords = scale ? scale.label : 'Every scale';
  if (spec.view === 'scale-by-unit') {
    const by = spec.by ?? choices.groupings[0]?.value;
    const grouping = choices.groupings.find((g) => g.value === by);
    if (!grouping) throw fieldError('by', choices.groupings.length ? 'Choose what to group the scale means by' : 'The survey has no question to group its results by');
    return { view: spec.view, by: grouping.value, ...(scale ? { scale: scale.value } : {}), label: `${scaleWords}: mean scores by ${grouping.value === 'wave' ? 'wave' : `“${grouping.label}”`}` };
  }
  if (spec.view === 'wave-change') {
    if (choices.waves < 2) throw fieldError('view', 'The survey has no other wave to compare with');
    return { view: spec.view, ...(scale ? { scale: scale.value } : {}), label: `${scaleWords}: change between waves` };
  }
  const item = spec.question ? choices.items.find((i) => i.value === spec.question) : undefined;
  if (spec.question && !item) throw fieldError('question', `The survey has no item “${spec.question}”`);
  return { view: spec.view, ...(item ? { question: item.value } : {}), label: item ? `Answers to “${item.label}”` : 'Item frequencies' };
}

export async function checkPlanSpec(db: Db, evaluationId: string, input: unknown): Promise<PlanSpec> {
  const spec = parse(planSpecInput, input);
  const label = planViewLabels[spec.view];
  if (spec.view !== 'theme-matrix' || !spec.planYear) return { view: spec.view, label };
  if (!(await planYears(db, evaluationId)).includes(spec.planYear)) throw fieldError('planYear', `The plans have no year ${spec.planYear}`);
  return { view: spec.view, planYear: spec.planYear, label: `${label}, ${spec.planYear}` };
}

export function checkBudgetSpec(input: unknown): BudgetSpec {
  const spec = parse(budgetSpecInput, input);
  return { view: spec.view, label: budgetViewLabels[spec.view] };
}
