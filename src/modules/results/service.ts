import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badRequest } from '../../http/errors.ts';
import { suppressSmallGroups, welchTTest, standardisedMeanDifference, holmAdjust, summarise, type AnswerColumn } from '../analysis/index.ts';
import { recordAudit } from '../accounts/audit.ts';
import type { Instrument } from '../instruments/definition.ts';
import { allQuestions } from '../surveys/definition.ts';
import { linkingKey, matchWaves } from '../surveys/linking/service.ts';
import { changeChart, likertChart, meansChart, type Chart } from './charts.ts';
import { adjustAll, compareScale, pairedChange, valuesByGroup, type ComparedGroups, type Estimate, type GroupComparison, type PairedChange } from './comparisons.ts';
import { groupingQuestions, groupLabels, instrumentsOf, loadResponses, loadSeries, scoredQuestions, type InstrumentUse, type LoadedResponses, type SurveyInfo } from './data.ts';
import { itemTable, type ItemTable } from './items.ts';
import { codesOf, scoreScales, type AnswerColumns, type GroupSummary, type Grouping, type ScaleResult, type ScoredScale } from './scales.ts';
import * as store from './store.ts';
import { withheldReason, type Audience } from './audience.ts';

/**
 * The analysis of a survey as the pages, the API and the command line show it. Who is asking
 * matters: coders and above see every figure; viewers (results leaving the team) see figures of
 * at least the evaluation's disclosure threshold of people (5 unless the lead changes it), with
 * secondary suppression so a hidden figure cannot be worked out from the others.
 */

export { defaultThreshold, audienceFor, type Audience } from './audience.ts';

export interface GroupingChoice {
  value: string;
  label: string;
}

/** What a survey's results can be grouped by: its grouping questions, and wave when it has a series. */
function groupingChoices(survey: SurveyInfo, series: readonly SurveyInfo[]): GroupingChoice[] {
  const choices = groupingQuestions(survey.definition).map((q) => ({ value: q.id, label: q.text }));
  if (series.length > 1) choices.push({ value: 'wave', label: 'Wave' });
  return choices;
}

interface Loaded {
  survey: SurveyInfo;
  series: SurveyInfo[];
  uses: InstrumentUse[];
  answers: AnswerColumns;
  /** The answers of this survey alone (the others of its series are in `answers` when grouped by wave). */
  own: LoadedResponses;
  ids: string[];
  grouping: (Grouping & { by: string; label: string }) | null;
}

/** Responses of several waves as one set, in wave order. */
function concatenate(loaded: readonly LoadedResponses[], questions: readonly string[]): AnswerColumns {
  const respondents = loaded.reduce((a, l) => a + l.ids.length, 0);
  const items = new Map<string, AnswerColumn>();
  for (const q of questions) {
    const values = new Float64Array(respondents);
    let at = 0;
    let missingCodes = 0;
    let unreadable = 0;
    const counts = new Map<string, number>();
    for (const l of loaded) {
      const column = l.items.get(q)!;
      values.set(column.values, at);
      at += column.values.length;
      missingCodes += column.missingCodes;
      unreadable += column.unreadable;
      for (const [value, n] of column.counts) counts.set(value, (counts.get(value) ?? 0) + n);
    }
    items.set(q, { values, missingCodes, unreadable, counts });
  }
  return { respondents, items };
}

async function load(db: Db, evaluationId: string, surveyId: string, by: string | undefined): Promise<Loaded> {
  const { survey, series } = await loadSeries(db, evaluationId, surveyId);
  const uses = await instrumentsOf(db, evaluationId, survey.definition);
  const questions = scoredQuestions(uses);
  if (by === 'wave') {
    const loaded: LoadedResponses[] = [];
    const keys: string[] = [];
    for (const wave of series) {
      const one = await loadResponses(db, wave.id, questions);
      loaded.push(one);
      for (let i = 0; i < one.ids.length; i += 1) keys.push(wave.id);
    }
    const groups = series.map((s) => ({ key: s.id, label: s.waveName ?? s.title }));
    const own = loaded[series.findIndex((s) => s.id === surveyId)] ?? (await loadResponses(db, surveyId, questions));
    return { survey, series, uses, answers: concatenate(loaded, questions), own, ids: loaded.flatMap((l) => l.ids), grouping: { by, label: 'Wave', keys, groups } };
  }
  const question = by ? groupingQuestions(survey.definition).find((q) => q.id === by) : undefined;
  if (by && !question) {
    const choices = groupingChoices(survey, series).map((c) => c.value);
    throw badRequest(`Results cannot be grouped by "${by}"`, [{ field: 'by', message: `Group by one of: ${choices.join(', ') || 'nothing (the survey has no grouping questions)'}` }]);
  }
  const loaded = await loadResponses(db, surveyId, questions, question ? [question.id] : []);
  const answers = { respondents: loaded.ids.length, items: loaded.items };
  if (!by || !question) return { survey, series, uses, answers, own: loaded, ids: loaded.ids, grouping: null };
  const labels = groupLabels(question);
  const keys = loaded.texts.get(question.id)!;
  return { survey, series, uses, answers, own: loaded, ids: loaded.ids, grouping: { by, label: question.text, keys, groups: [...labels].map(([key, label]) => ({ key, label })) } };
}

/** A group summary with its figures removed, for a suppressed group. */
function hidden(g: GroupSummary, reason: string): GroupSummary {
  return { ...g, n: 0, missing: 0, mean: null, sd: null, median: null, min: null, max: null, lower: null, upper: null, note: `Not shown: ${reason}` };
}

/** Group figures as a viewer may see them. Returns which groups were hidden. */
function suppressGroups(groups: GroupSummary[], threshold: number): { groups: GroupSummary[]; hiddenKeys: Set<string> } {
  const result = suppressSmallGroups(groups, { threshold, zeroIsSafe: true });
  const hiddenKeys = new Set<string>();
  const out = result.groups.map((g) => {
    const { status, reason, ...summary } = g;
    if (status === 'shown') return summary;
    hiddenKeys.add(g.key);
    return hidden(summary, reason ?? `fewer than ${threshold} people`);
  });
  return { groups: out, hiddenKeys };
}

export interface ChartView {
  chart: Chart;
}

export interface SurveyResults {
  survey: { id: string; title: string; waveName: string | null };
  respondents: number;
  audience: Audience;
  withheld: string | null;
  groupingChoices: GroupingChoice[];
  grouping: { by: string; label: string } | null;
  instruments: { id: string; name: string; citation: string; missingKey: string[] }[];
  scales: ScaleResult[];
  items: ItemTable[];
  charts: Chart[];
  notes: string[];
}


const chartId = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9-]/g, '-').toLowerCase();

/** Scale scores with alpha, descriptives overall and by group, item frequencies and their charts. */
export async function surveyResults(db: Db, evaluationId: string, surveyId: string, options: { by?: string; audience: Audience }): Promise<SurveyResults> {
  const { audience } = options;
  const data = await load(db, evaluationId, surveyId, options.by || undefined);
  // Item tables describe this survey only. Scored items are counted from the answers already
  // read; the database counts the other instrument questions (e.g. free text), if any.
  const itemQuestions = allQuestions(data.survey.definition).filter((q) => q.source);
  const counting = store.answerCounts(db, surveyId, itemQuestions.filter((q) => !data.own.items.has(q.id)).map((q) => q.id));
  counting.catch(() => undefined);
  const uses = data.uses;
  const respondents = data.grouping?.by === 'wave' ? data.grouping.keys.filter((key) => key === surveyId).length : data.answers.respondents;
  const base: SurveyResults = {
    survey: { id: data.survey.id, title: data.survey.title, waveName: data.survey.waveName },
    respondents,
    audience,
    withheld: null,
    groupingChoices: groupingChoices(data.survey, data.series),
    grouping: data.grouping && { by: data.grouping.by, label: data.grouping.label },
    instruments: uses.map((u) => ({ id: u.instrument.id, name: u.instrument.name, citation: u.instrument.citation, missingKey: u.missingKey })),
    scales: [],
    items: [],
    charts: [],
    notes: [],
  };
  if (!audience.full && respondents < audience.threshold) return { ...base, withheld: withheldReason(respondents, audience.threshold) };
  if (respondents === 0) return { ...base, notes: ['No complete responses yet: there is nothing to analyse.'] };
  const scored = scoreScales(uses, data.answers, data.grouping);
  const scales = scored.map((s) => s.result);
  if (!audience.full) {
    for (const scale of scales) scale.groups = suppressGroups(scale.groups, audience.threshold).groups;
  }
  const counts = await counting;
  const byQuestion = new Map<string, Map<string, number>>([...data.own.items].map(([q, column]) => [q, column.counts]));
  for (const c of counts) {
    if (!byQuestion.has(c.question)) byQuestion.set(c.question, new Map());
    byQuestion.get(c.question)!.set(c.value, c.n);
  }
  const items = itemQuestions.map((q) => itemTable(q, respondents, byQuestion.get(q.id) ?? new Map(), audience.full ? null : audience.threshold));
  return { ...base, scales, items, charts: resultCharts(data, uses.map((u) => u.instrument), scales, items) };
}

function resultCharts(data: Loaded, instruments: readonly Instrument[], scales: ScaleResult[], items: ItemTable[]): Chart[] {
  const charts: Chart[] = [];
  for (const scale of scales) {
    const instrument = instruments.find((i) => i.id === scale.instrument);
    const memberIds = new Set((instrument?.scales.find((s) => s.id === scale.id)?.items ?? []).map((m) => m.item));
    const tables = items.filter((t) => t.likert && t.item && memberIds.has(t.item) && t.options.every((o) => o.percent !== null) && (t.valid ?? 0) > 0);
    if (tables.length) {
      const labels = tables[0]!.options.map((o) => o.label);
      const same = tables.filter((t) => t.options.length === labels.length);
      charts.push(likertChart(chartId('likert', scale.instrument, scale.id), `${scale.name}: answers to each statement`, labels, same.map((t) => ({ item: t.text || t.question, percents: t.options.map((o) => o.percent!) }))));
    }
    if (data.grouping) {
      const points = scale.groups.filter((g) => g.mean !== null).map((g) => ({ label: g.label, n: g.n, mean: g.mean!, lower: g.lower, upper: g.upper }));
      if (points.length) charts.push(meansChart(chartId('means', scale.instrument, scale.id, data.grouping.by), `${scale.name}: mean score by ${data.grouping.label.toLowerCase()}`, `${scale.name} score`, scale.range, points));
    }
  }
  return charts;
}

export interface ComparisonResults {
  survey: { id: string; title: string };
  audience: Audience;
  withheld: string | null;
  groupingChoices: GroupingChoice[];
  grouping: { by: string; label: string } | null;
  comparisons: GroupComparison[];
  charts: Chart[];
  notes: string[];
}

/** Every scale compared across the groups of one grouping, Holm-adjusted over the scales. */
export async function compareGroups(db: Db, evaluationId: string, surveyId: string, options: { by?: string; audience: Audience }): Promise<ComparisonResults> {
  const { audience } = options;
  const { survey, series } = await loadSeries(db, evaluationId, surveyId);
  const choices = groupingChoices(survey, series);
  const by = options.by || choices[0]?.value;
  const base: ComparisonResults = { survey: { id: survey.id, title: survey.title }, audience, withheld: null, groupingChoices: choices, grouping: null, comparisons: [], charts: [], notes: [] };
  if (!by) return { ...base, notes: ['The survey has no question to group by (a single choice such as programme or region) and no other waves.'] };
  const data = await load(db, evaluationId, surveyId, by);
  const grouping = data.grouping!;
  base.grouping = { by: grouping.by, label: grouping.label };
  if (!audience.full && data.answers.respondents < audience.threshold) return { ...base, withheld: withheldReason(data.answers.respondents, audience.threshold) };
  const scored = scoreScales(data.uses, data.answers, grouping);
  const codes = codesOf(grouping);
  const comparisons = scored.map((s) => {
    const split = valuesByGroup(s.scores, codes, grouping.groups.length);
    const hiddenKeys = audience.full ? new Set<string>() : suppressGroups(s.result.groups, audience.threshold).hiddenKeys;
    const candidates: ComparedGroups[] = grouping.groups.map((g, i) => ({
      key: g.key,
      label: g.label,
      values: split[i]!,
      ...(hiddenKeys.has(g.key) ? { exclude: `not shown: fewer than ${audience.threshold} people, or protecting such a group` } : {}),
    }));
    return compareScale(s.result.id, s.result.name, candidates);
  });
  const adjusted = adjustAll(comparisons);
  const charts = scored.flatMap((s) => {
    const shown = audience.full ? s.result.groups : suppressGroups(s.result.groups, audience.threshold).groups;
    const points = shown.filter((g) => g.mean !== null).map((g) => ({ label: g.label, n: g.n, mean: g.mean!, lower: g.lower, upper: g.upper }));
    return points.length ? [meansChart(chartId('means', s.result.instrument, s.result.id, grouping.by), `${s.result.name}: mean score by ${grouping.label.toLowerCase()}`, `${s.result.name} score`, s.result.range, points)] : [];
  });
  const notes = [
    `p values are adjusted for the ${adjusted.filter((c) => c.p !== null).length} scales compared by Holm's method; Kruskal–Wallis p values are adjusted among themselves.`,
  ];
  return { ...base, comparisons: adjusted, charts, notes };
}

export interface WaveStep {
  scale: string;
  scaleName: string;
  from: string;
  to: string;
  independent: { test: string; n: [number, number]; meanDifference: Estimate; t: number | null; df: number | null; p: number | null; pHolm: number | null; hedgesG: Estimate | null } | null;
  paired: (PairedChange & { pHolm: number | null }) | null;
  unavailable: string | null;
}

export interface WaveResults {
  survey: { id: string; title: string };
  audience: Audience;
  waves: { surveyId: string; name: string; respondents: number; linked: number; withheld: string | null }[];
  links: { from: string; to: string; matched: number; rateFrom: number | null; rateTo: number | null }[];
  scales: { scale: string; name: string; range: { min: number; max: number }; waves: GroupSummary[] }[];
  steps: WaveStep[];
  charts: Chart[];
  notes: string[];
}

/**
 * Change between consecutive waves of the series: independent samples (Welch's t, Hedges' g)
 * always, and a paired t test of matched respondents when both waves asked a linking code.
 */
export async function compareWaves(db: Db, evaluationId: string, surveyId: string, options: { audience: Audience }): Promise<WaveResults> {
  const { audience } = options;
  const { survey, series } = await loadSeries(db, evaluationId, surveyId);
  const uses = await instrumentsOf(db, evaluationId, survey.definition);
  const perWave: { info: SurveyInfo; ids: string[]; scored: ScoredScale[]; withheld: string | null }[] = [];
  for (const wave of series) {
    const loaded = await loadResponses(db, wave.id, scoredQuestions(uses));
    const withheld = !audience.full && loaded.ids.length < audience.threshold ? withheldReason(loaded.ids.length, audience.threshold) : null;
    perWave.push({ info: wave, ids: loaded.ids, scored: withheld ? [] : scoreScales(uses, { respondents: loaded.ids.length, items: loaded.items }, null), withheld });
  }
  const linkedCounts = await Promise.all(series.map(async (s) => (await matchWavesCount(db, s.id))));
  const waves = perWave.map((w, i) => ({ surveyId: w.info.id, name: w.info.waveName ?? w.info.title, respondents: w.ids.length, linked: linkedCounts[i]!, withheld: w.withheld }));
  const links: WaveResults['links'] = [];
  const pairsByStep: { first: number; second: number }[][] = [];
  for (let i = 0; i + 1 < perWave.length; i += 1) {
    const a = perWave[i]!;
    const b = perWave[i + 1]!;
    const matched = await matchWaves(db, a.info.id, b.info.id);
    const indexA = new Map(a.ids.map((id, k) => [id, k]));
    const indexB = new Map(b.ids.map((id, k) => [id, k]));
    const pairs = matched.pairs.flatMap((p) => (indexA.has(p.first) && indexB.has(p.second) ? [{ first: indexA.get(p.first)!, second: indexB.get(p.second)! }] : []));
    const small = !audience.full && pairs.length > 0 && pairs.length < audience.threshold;
    pairsByStep.push(small ? [] : pairs);
    links.push({
      from: waves[i]!.name,
      to: waves[i + 1]!.name,
      matched: small ? 0 : pairs.length,
      rateFrom: matched.linkedFirst ? pairs.length / matched.linkedFirst : null,
      rateTo: matched.linkedSecond ? pairs.length / matched.linkedSecond : null,
    });
  }
  const scaleIds = perWave.find((w) => w.scored.length)?.scored.map((s) => s.result) ?? [];
  const scales = scaleIds.map((sc) => ({
    scale: sc.id,
    name: sc.name,
    range: sc.range,
    waves: perWave.map((w) => {
      const found = w.scored.find((s) => s.result.id === sc.id && s.result.instrument === sc.instrument);
      const name = w.info.waveName ?? w.info.title;
      if (!found) return { key: w.info.id, label: name, n: 0, missing: 0, mean: null, sd: null, median: null, min: null, max: null, lower: null, upper: null, note: w.withheld ? 'Not shown: too few responses' : 'No scores' };
      return { ...found.result.overall, key: w.info.id, label: name };
    }),
  }));
  const steps: WaveStep[] = [];
  for (const sc of scaleIds) {
    for (let i = 0; i + 1 < perWave.length; i += 1) {
      const a = perWave[i]!.scored.find((s) => s.result.id === sc.id && s.result.instrument === sc.instrument);
      const b = perWave[i + 1]!.scored.find((s) => s.result.id === sc.id && s.result.instrument === sc.instrument);
      const step: WaveStep = { scale: sc.id, scaleName: sc.name, from: waves[i]!.name, to: waves[i + 1]!.name, independent: null, paired: null, unavailable: null };
      if (!a || !b) {
        step.unavailable = 'one of the waves has too few responses to show';
        steps.push(step);
        continue;
      }
      const t = welchTTest(b.scores, a.scores, { names: [step.to, step.from] });
      if (!t.ok) step.unavailable = t.reason;
      else {
        const g = standardisedMeanDifference(b.scores, a.scores, { names: [step.to, step.from] });
        step.independent = {
          test: "Welch's two-sample t test (later − earlier)",
          n: [summarise(a.scores).n, summarise(b.scores).n],
          meanDifference: { estimate: t.meanDifference, lower: t.confidenceInterval.lower, upper: t.confidenceInterval.upper },
          t: t.t,
          df: t.df,
          p: t.p,
          pHolm: null,
          hedgesG: g.ok ? { estimate: g.hedgesG.estimate, lower: g.hedgesG.confidenceInterval.lower, upper: g.hedgesG.confidenceInterval.upper } : null,
        };
      }
      const pairs = pairsByStep[i]!;
      if (pairs.length) {
        const change = pairedChange(Float64Array.from(pairs, (p) => a.scores[p.first]!), Float64Array.from(pairs, (p) => b.scores[p.second]!));
        if ('unavailable' in change) step.unavailable = step.unavailable ?? `paired test: ${change.unavailable}`;
        else step.paired = { ...change, pHolm: null };
      }
      steps.push(step);
    }
  }
  const holmIndependent = holmAdjust(steps.map((s) => s.independent?.p ?? null));
  const holmPaired = holmAdjust(steps.map((s) => s.paired?.p ?? null));
  steps.forEach((s, i) => {
    if (s.independent) s.independent.pHolm = holmIndependent[i] ?? null;
    if (s.paired) s.paired.pHolm = holmPaired[i] ?? null;
  });
  const waveNames = waves.map((w) => w.name);
  const points = scales.flatMap((sc) => sc.waves.filter((w) => w.mean !== null).map((w) => ({ label: w.label, n: w.n, mean: w.mean!, lower: w.lower, upper: w.upper, series: sc.name })));
  const range = scales[0]?.range ?? { min: 1, max: 5 };
  const charts = points.length ? [changeChart('change-between-waves', 'Change in scale means between waves', range, waveNames, points)] : [];
  const notes = [
    series.length < 2 ? 'This survey has no other waves yet: set the same wave series (purpose and instrument) on the other years\' surveys.' : `Tests compare each wave with the one before; p values are Holm-adjusted over the ${steps.length} comparisons.`,
    links.some((l) => l.matched > 0)
      ? 'Where respondents gave a linking code in both waves, matched respondents are also compared with a paired t test. Codes are compared as keyed hashes and never shown.'
      : 'Responses are anonymous and not linked between waves, so waves are compared as independent samples.',
  ];
  return { survey: { id: survey.id, title: survey.title }, audience, waves, links, scales, steps, charts, notes };
}

async function matchWavesCount(db: Db, surveyId: string): Promise<number> {
  return (await matchWaves(db, surveyId, surveyId)).linkedFirst;
}

export { normInput, listNorms, addNorm, deleteNorm, compareWithNorms, type Norm, type NormResult } from './norms.ts';

/** Sets the evaluation's disclosure threshold (the lead's decision). */
export async function setThreshold(db: Db, actorId: string, evaluationId: string, threshold: number): Promise<void> {
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= 100)) {
    throw badRequest('The threshold must be a whole number from 1 to 100', [{ field: 'threshold', message: 'Enter a whole number from 1 to 100' }]);
  }
  await inTransaction(db, async (trx) => {
    await linkingKey(trx, evaluationId);
    await trx.updateTable('analysis_settings').set({ disclosure_threshold: threshold, updated_at: new Date() }).where('evaluation_id', '=', evaluationId).execute();
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'disclosure-threshold', entityId: evaluationId, detail: { threshold } });
  });
}

export { listAnalysableSurveys } from './data.ts';

/** The evaluation of a survey given by id alone, or undefined (a malformed id is simply not found). */
export async function evaluationOfSurvey(db: Db, surveyId: string): Promise<string | undefined> {
  if (!z.string().uuid().safeParse(surveyId).success) return undefined;
  return store.evaluationOfSurvey(db, surveyId);
}
