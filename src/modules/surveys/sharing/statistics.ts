import type { Db } from '../../../db/database.ts';
import { suppressSmallCells, suppressSmallGroups } from '../../analysis/disclosure.ts';
import { scaleRanges } from '../../analysis/scoring.ts';
import { getInstrument, missingScoringKey, scoringKeyFor, withScoringKey } from '../../instruments/service.ts';
import type { Question, SurveyDefinition } from '../definition.ts';
import { scaleMeans as computeScaleMeans, type AskedInstrument } from './scale-means.ts';
import * as store from './store.ts';

/**
 * What a shared statistics page shows: for each closed question the number and percentage of
 * complete main responses giving each answer, and for each instrument scale its mean and n. No
 * figure describes fewer people than the share's threshold, and none can be worked out from the
 * others (see analysis/disclosure.ts). Free text, numbers and dates are not shown at all: free
 * text can name people, and single numbers or dates can single them out.
 */

export type CellState = 'shown' | 'primary' | 'secondary';

export interface SharedRow {
  label: string;
  /** Null when suppressed. */
  count: number | null;
  /** Percentage of all responses in the table; null when suppressed. */
  percent: number | null;
  state: CellState;
}

export interface SharedQuestion {
  id: string;
  text: string;
  pageTitle: string;
  multiple: boolean;
  rows: SharedRow[];
  suppressedAny: boolean;
}

export interface SharedScale {
  instrument: string;
  name: string;
  n: number | null;
  mean: number | null;
  range: { min: number; max: number };
  state: CellState;
}

export interface SharedStatistics {
  responses: number;
  threshold: number;
  /** True when there are fewer responses than the threshold: nothing else is shown. */
  tooFew: boolean;
  questions: SharedQuestion[];
  scales: SharedScale[];
  /** Instruments whose scales cannot be scored yet, by name. */
  unscored: string[];
  /** Questions left off the page, by kind. */
  leftOut: { text: number; other: number };
}

type Closed = { question: Question; pageTitle: string; options: { value: string; label: string }[]; missing: { value: string; label: string }[] };

const booleanWords: Record<string, [string, string]> = { 'yes-no': ['Yes', 'No'], 'true-false': ['True', 'False'], 'agree-disagree': ['Agree', 'Disagree'] };

/** The answers a closed question offers, as stored text; null for questions the page leaves off. */
function answerOptions(question: Question): { options: { value: string; label: string }[]; missing: { value: string; label: string }[] } | null {
  const f = question.format;
  const missing = 'missing' in f ? f.missing.map((m) => ({ value: m.code, label: m.label })) : [];
  switch (f.type) {
    case 'likert':
      return { options: f.labels.map((label, i) => ({ value: String(i + 1), label })), missing };
    case 'single':
    case 'multiple':
      return { options: f.options.map((o) => ({ value: o.code, label: o.label })), missing };
    case 'boolean': {
      const [yes, no] = booleanWords[f.style] ?? ['Yes', 'No'];
      return { options: [{ value: '1', label: yes }, { value: '0', label: no }], missing };
    }
    case 'scale': {
      const options = [];
      for (let v = f.min; v <= f.max; v += 1) {
        const words = v === f.min && f.lowLabel ? ` (${f.lowLabel})` : v === f.max && f.highLabel ? ` (${f.highLabel})` : '';
        options.push({ value: String(v), label: `${v}${words}` });
      }
      return { options, missing };
    }
    default:
      return null;
  }
}

const percentOf = (count: number, total: number) => (total > 0 ? (100 * count) / total : 0);

/**
 * The figures a shared page is made from, before any suppression: what the database counts, and
 * what is stored per survey (stored.ts) so that each share applies its own smallest group when read.
 * Plain JSON, so it survives the round trip through the database unchanged.
 */
export interface SharedFigures {
  responses: number;
  /**
   * For a single-answer question, one cell per option, per missing-value code and "No answer",
   * adding up to `responses`; for a multiple-choice question, how many chose each option.
   */
  questions: { id: string; text: string; pageTitle: string; multiple: boolean; cells: { label: string; count: number }[] }[];
  scales: { instrument: string; name: string; n: number; mean: number | null; range: { min: number; max: number } }[];
  unscored: string[];
  leftOut: { text: number; other: number };
}

type FigureQuestion = SharedFigures['questions'][number];

function closedQuestions(definition: SurveyDefinition): { closed: Closed[]; leftOut: { text: number; other: number } } {
  const closed: Closed[] = [];
  const leftOut = { text: 0, other: 0 };
  for (const page of definition.pages) {
    for (const question of page.questions) {
      const offered = answerOptions(question);
      if (offered) closed.push({ question, pageTitle: page.title, ...offered });
      else if (question.format.type === 'text') leftOut.text += 1;
      else leftOut.other += 1;
    }
  }
  return { closed, leftOut };
}

/** A question whose answers exclude one another: one row of cells that add up to all responses. */
function singleAnswerCells(closed: Closed, counts: Map<string, number>, responses: number): FigureQuestion {
  const cells = [...closed.options, ...closed.missing].map((o) => ({ label: o.label, count: counts.get(o.value) ?? 0 }));
  const answered = cells.reduce((a, c) => a + c.count, 0);
  // Values that are not an answer the question offers (there should be none) count as no answer.
  cells.push({ label: 'No answer', count: responses - answered });
  return { id: closed.question.id, text: closed.question.text, pageTitle: closed.pageTitle, multiple: false, cells };
}

function multipleAnswerCells(closed: Closed, chosen: Map<string, number>): FigureQuestion {
  const cells = closed.options.map((o) => ({ label: o.label, count: chosen.get(o.value) ?? 0 }));
  return { id: closed.question.id, text: closed.question.text, pageTitle: closed.pageTitle, multiple: true, cells };
}

function singleAnswerQuestion(q: FigureQuestion, responses: number, threshold: number): SharedQuestion {
  const table = suppressSmallCells([q.cells.map((c) => c.count)], { threshold, columnTotals: false, zeroIsSafe: true });
  const rows = q.cells.map((c, j): SharedRow => {
    const state = table.cells[0]![j]!;
    return state === 'shown' ? { label: c.label, count: c.count, percent: percentOf(c.count, responses), state } : { label: c.label, count: null, percent: null, state };
  });
  return { id: q.id, text: q.text, pageTitle: q.pageTitle, multiple: false, rows, suppressedAny: rows.some((r) => r.state !== 'shown') };
}

/**
 * A multiple-choice question: each option is chosen or not by each respondent, so each option is
 * a 2-way split of the responses; both sides of it must reach the threshold (or be nobody).
 */
function multipleAnswerQuestion(q: FigureQuestion, responses: number, threshold: number): SharedQuestion {
  const small = (n: number) => n > 0 && n < threshold;
  const rows = q.cells.map((c): SharedRow =>
    small(c.count) || small(responses - c.count) ? { label: c.label, count: null, percent: null, state: 'primary' } : { label: c.label, count: c.count, percent: percentOf(c.count, responses), state: 'shown' },
  );
  return { id: q.id, text: q.text, pageTitle: q.pageTitle, multiple: true, rows, suppressedAny: rows.some((r) => r.state !== 'shown') };
}

async function scaleFigures(db: Db, evaluationId: string, surveyId: string, questions: readonly Question[]): Promise<Pick<SharedFigures, 'scales' | 'unscored'>> {
  const byInstrument = new Map<string, Map<string, string>>();
  for (const q of questions) {
    if (!q.source) continue;
    const items = byInstrument.get(q.source.instrument) ?? new Map<string, string>();
    items.set(q.source.item, q.id);
    byInstrument.set(q.source.instrument, items);
  }
  const scales: SharedFigures['scales'] = [];
  const unscored: string[] = [];
  const asked: AskedInstrument[] = [];
  for (const [instrumentId, items] of byInstrument) {
    const instrument = getInstrument(instrumentId);
    if (!instrument || !instrument.scales.length) continue;
    if ((await missingScoringKey(db, evaluationId, instrumentId)).length) {
      unscored.push(instrument.name);
      continue;
    }
    asked.push({ instrument: withScoringKey(instrument, await scoringKeyFor(db, evaluationId, instrumentId)), questionOf: items });
  }
  const means = await computeScaleMeans(db, surveyId, asked);
  for (const { instrument, questionOf } of asked) {
    const ranges = scaleRanges(instrument);
    for (const scale of instrument.scales) {
      // Only scales the survey asks at least one item of.
      const asksItem = (scale.items ?? []).some((m) => questionOf.has(m.item)) || Boolean(scale.subscales);
      if (!asksItem) continue;
      const figures = means.get(instrument.id)?.get(scale.id) ?? { n: 0, mean: null };
      scales.push({ instrument: instrument.shortName ?? instrument.name, name: scale.name, n: figures.n, mean: figures.mean, range: ranges.get(scale.id)! });
    }
  }
  return { scales, unscored };
}

/** Counts a survey's figures in the database over its complete main responses, nothing suppressed. */
export async function countSharedFigures(db: Db, evaluationId: string, surveyId: string, definition: SurveyDefinition): Promise<SharedFigures> {
  const responses = await store.countSharedResponses(db, surveyId);
  const { closed, leftOut } = closedQuestions(definition);
  const single = closed.filter((c) => c.question.format.type !== 'multiple');
  const multiple = closed.filter((c) => c.question.format.type === 'multiple');
  const [values, chosen] = await Promise.all([
    store.countAnswerValues(db, surveyId, single.map((c) => c.question.id)),
    store.countChosenOptions(db, surveyId, multiple.map((c) => c.question.id)),
  ]);
  const tally = (rows: { question: string; value: string; n: number }[]) => {
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const m = out.get(r.question) ?? new Map<string, number>();
      m.set(r.value, (m.get(r.value) ?? 0) + r.n);
      out.set(r.question, m);
    }
    return out;
  };
  const valueCounts = tally(values);
  const chosenCounts = tally(chosen);
  const questions = closed.map((c) =>
    c.question.format.type === 'multiple' ? multipleAnswerCells(c, chosenCounts.get(c.question.id) ?? new Map()) : singleAnswerCells(c, valueCounts.get(c.question.id) ?? new Map(), responses),
  );
  const { scales, unscored } = await scaleFigures(db, evaluationId, surveyId, closed.map((c) => c.question));
  return { responses, questions, scales, unscored, leftOut };
}

/**
 * What one share shows of the figures: percentages, and suppression at the share's smallest
 * group. Pure, so every share of a survey is served from the one stored set of figures.
 */
export function presentSharedStatistics(figures: SharedFigures, threshold: number): SharedStatistics {
  const { responses, leftOut } = figures;
  if (responses < threshold) return { responses, threshold, tooFew: true, questions: [], scales: [], unscored: [], leftOut };
  const questions = figures.questions.map((q) => (q.multiple ? multipleAnswerQuestion(q, responses, threshold) : singleAnswerQuestion(q, responses, threshold)));
  // Each scale stands alone (no overall figure is shown beside them), so only primary suppression applies.
  const checked = suppressSmallGroups(figures.scales, { threshold, overallShown: false });
  const scales = checked.groups.map((g): SharedScale => (g.status === 'shown' ? { ...g, state: 'shown' } : { ...g, n: null, mean: null, state: g.status }));
  return { responses, threshold, tooFew: false, questions, scales, unscored: figures.unscored, leftOut };
}

/** Counts and presents in one go, for one threshold (the benchmark and tests compare against it). */
export async function computeSharedStatistics(db: Db, evaluationId: string, surveyId: string, definition: SurveyDefinition, threshold: number): Promise<SharedStatistics> {
  return presentSharedStatistics(await countSharedFigures(db, evaluationId, surveyId, definition), threshold);
}
