import type { Db } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { readAnswerTokens, scoredItemIds, type AnswerColumn } from '../analysis/index.ts';
import { joinAnswerColumns, readAnswerCodes } from '../analysis/answer-values.ts';
import type { Instrument } from '../instruments/definition.ts';
import { getInstrument, missingScoringKey, scoringKeyFor, withScoringKey } from '../instruments/service.ts';
import { allQuestions, type Question, type SurveyDefinition } from '../surveys/definition.ts';
import * as store from './store.ts';

/**
 * What the analysis of one survey reads: the survey and the other waves of the same series, the
 * instruments its questions come from (with the evaluation's scoring key), and the answers of
 * complete responses. A series is the evaluation's surveys with the same purpose that ask items
 * of the same instrument, one per wave, in wave order.
 */

export interface SurveyInfo {
  id: string;
  title: string;
  purpose: string;
  waveId: string | null;
  waveName: string | null;
  definition: SurveyDefinition;
}

export interface InstrumentUse {
  instrument: Instrument;
  /** Item id → the survey question that asks it. */
  questionOf: Map<string, string>;
  /** Scored items whose keying is still unknown: no scores until the team loads its scoring key. */
  missingKey: string[];
}

export interface LoadedResponses {
  ids: string[];
  /** Item question id → its answers as numbers (NaN when missing), in the order of `ids`. */
  items: Map<string, AnswerColumn>;
  /** Question id → its answers as stored text (null when absent), for the text questions asked for. */
  texts: Map<string, (string | null)[]>;
}

const toInfo = (row: store.SeriesSurveyRow): SurveyInfo => ({
  id: row.id,
  title: row.title,
  purpose: row.purpose,
  waveId: row.wave_id,
  waveName: row.wave_name,
  definition: row.definition as SurveyDefinition,
});

const instrumentIds = (definition: SurveyDefinition): string[] => [...new Set(allQuestions(definition).flatMap((q) => (q.source ? [q.source.instrument] : [])))];

/** The survey and its series (itself included), or 404. */
export async function loadSeries(db: Db, evaluationId: string, surveyId: string): Promise<{ survey: SurveyInfo; series: SurveyInfo[] }> {
  const all = (await store.surveysWithDefinitions(db, evaluationId)).map(toInfo);
  const survey = all.find((s) => s.id === surveyId);
  if (!survey) throw notFound('Survey');
  const mine = new Set(instrumentIds(survey.definition));
  if (!survey.waveId || mine.size === 0) return { survey, series: [survey] };
  // One survey per wave: the first made, or this one in its own wave.
  const byWave = new Map<string, SurveyInfo>();
  for (const s of all) {
    if (!s.waveId || s.purpose !== survey.purpose || !instrumentIds(s.definition).some((id) => mine.has(id))) continue;
    if (s.id === surveyId || !byWave.has(s.waveId)) byWave.set(s.waveId, s.waveId === survey.waveId ? survey : s);
  }
  return { survey, series: [...byWave.values()] };
}

export async function listAnalysableSurveys(db: Db, evaluationId: string): Promise<SurveyInfo[]> {
  return (await store.surveysWithDefinitions(db, evaluationId)).map(toInfo);
}

/** The instruments a survey asks, each with the questions that ask its items. */
export async function instrumentsOf(db: Db, evaluationId: string, definition: SurveyDefinition): Promise<InstrumentUse[]> {
  const uses: InstrumentUse[] = [];
  for (const id of instrumentIds(definition)) {
    const shipped = getInstrument(id);
    if (!shipped) continue;
    const questionOf = new Map(allQuestions(definition).flatMap((q) => (q.source?.instrument === id ? [[q.source.item, q.id] as const] : [])));
    uses.push({ instrument: withScoringKey(shipped, await scoringKeyFor(db, evaluationId, id)), questionOf, missingKey: await missingScoringKey(db, evaluationId, id) });
  }
  return uses;
}

/** The questions that ask the items the instruments score. */
export function scoredQuestions(uses: readonly InstrumentUse[]): string[] {
  return [...new Set(uses.flatMap((u) => scoredItemIds(u.instrument).flatMap((id) => (u.questionOf.has(id) ? [u.questionOf.get(id)!] : []))))];
}

/**
 * The complete responses of a survey, read once: the scored items' answers as number columns
 * (see store.answerColumns: from the coded vectors, and from the jsonb for responses without one) and, as text, the answers to `textQuestions` (e.g. the grouping question).
 */
export async function loadResponses(db: Db, surveyId: string, itemQuestions: readonly string[], textQuestions: readonly string[] = []): Promise<LoadedResponses> {
  const read = await store.answerColumns(db, surveyId, itemQuestions, textQuestions);
  const rest = read.ids.length - read.coded;
  const column = (i: number): AnswerColumn => {
    const fromJson = readAnswerTokens(read.tokens[i]!, rest);
    const position = read.positions[i];
    return position === null || position === undefined ? fromJson : joinAnswerColumns(readAnswerCodes(read.vectors, read.width, position, read.coded), fromJson);
  };
  return {
    ids: read.ids,
    items: new Map(itemQuestions.map((q, i) => [q, column(i)])),
    texts: new Map(textQuestions.map((q, i) => [q, read.texts[i]!])),
  };
}

/** Questions a team can group by: single choices and yes/no questions that are not instrument items. */
export function groupingQuestions(definition: SurveyDefinition): Question[] {
  return allQuestions(definition).filter((q) => !q.source && (q.format.type === 'single' || q.format.type === 'boolean'));
}

/** The label of each stored value of a grouping question. */
export function groupLabels(question: Question): Map<string, string> {
  const f = question.format;
  if (f.type === 'single') return new Map(f.options.map((o) => [o.code, o.label]));
  if (f.type === 'boolean') {
    const words = f.style === 'yes-no' ? ['No', 'Yes'] : f.style === 'true-false' ? ['False', 'True'] : ['Disagree', 'Agree'];
    return new Map([['0', words[0]!], ['1', words[1]!]]);
  }
  return new Map();
}
