import { normalDraw } from '../modules/analysis/synthetic-data.ts';
import type { Instrument } from '../modules/instruments/definition.ts';
import { questionIdFor } from '../modules/surveys/builder/instrument-questions.ts';
import type { Answers } from '../modules/surveys/conditions.ts';
import type { SurveyDefinition } from '../modules/surveys/definition.ts';
import type { ResponseToStore } from '../modules/surveys/responses-import.ts';
import type { Random } from './random.ts';
import { OTHER_PROGRAMME, type YearsBand } from './survey-questionnaire.ts';
import { helpsComments, helpsCommentsLater, hindersComments, hindersCommentsAfterCut } from './survey-texts.ts';

/**
 * Plausible answers to the demo survey from a small latent model, so that the analysis pages have
 * a story to find. Each respondent has one "climate" score (how well they think the change is
 * going), shifted by their programme; each scale has a level for each year; an item's answer is
 * the scale's level plus the respondent's climate, their own view of that scale and some noise,
 * rounded and kept within the points. The story: staff see the need for change throughout; time
 * and money for it are short, and shorter in Year 2 after a budget cut; staff involvement improves
 * by Year 3. Pure: the same random sequence gives the same answers.
 */

/** Year 1, 2 and 3 of the evaluation's survey waves. */
export type WaveIndex = 0 | 1 | 2;

/** What a respondent would say about themselves on the first page. */
export interface Respondent {
  programme: string;
  region: string;
  /** Their lasting view of the change (a standard normal score), when they answer year after year. */
  climate?: number;
}

/** Mean agreement for each scale in Years 1, 2 and 3, on the 1–5 scale, as if every item were worded positively. */
const scaleLevels: Readonly<Record<string, readonly [number, number, number]>> = {
  tension_for_change: [4.1, 4.0, 3.9],
  system_fit: [3.3, 3.2, 3.4],
  implications: [2.9, 2.7, 3.0],
  support_advocacy: [3.6, 3.3, 3.5],
  time_resources: [2.5, 1.9, 2.1],
  capacity_to_evaluate: [2.7, 2.7, 3.0],
  staff_involvement: [2.3, 2.5, 3.1],
  human_resources: [3.2, 2.9, 3.0],
  structure: [2.7, 2.5, 2.9],
  networks: [2.9, 3.1, 3.3],
};
// A scale the instrument gains later is answered around the middle rather than breaking the demo.
const middleLevel = 3;

/** How much better (or worse) each programme's staff feel the change is going, in standard deviations. */
const programmeClimate: Readonly<Record<string, number>> = { MHI: 0.3, VPST: 0.1, CAT: 0.2, ICN: -0.4, CfC: -0.1, ICES: -0.3, CAMHS: 0, HCJ: 0.1, [OTHER_PROGRAMME]: -0.2 };

/** Time and money follow the budget: the programme holding most of it feels the squeeze least. */
const programmeResources: Readonly<Record<string, number>> = { MHI: 0.3, ICN: -0.3, ICES: -0.2, [OTHER_PROGRAMME]: -0.1 };

const CLIMATE_WEIGHT = 0.5;
/** How much of a respondent's climate is their lasting view rather than this year's mood. */
const LASTING_VIEW = 0.8;
const SCALE_VIEW_WEIGHT = 0.35;
const NOISE_WEIGHT = 0.6;
const NOT_RELEVANT_RATE = 0.03;
// Some staff leave out questions that could identify them.
const SKIP_ABOUT_YOU_RATE = 0.04;
const HELPS_RATE = 0.22;
const HINDERS_RATE = 0.33;

const yearsWeights: Readonly<Record<YearsBand, number>> = { lt1: 12, y1to2: 28, y3to5: 32, y6to10: 18, gt10: 10 };

interface LikertItem {
  questionId: string;
  reverse: boolean;
  points: number;
  notRelevant: boolean;
}

interface ScalePlan {
  id: string;
  items: LikertItem[];
}

/** The instrument's scored items, scale by scale, with what the model needs to answer each. */
export function scalePlans(instrument: Instrument): ScalePlan[] {
  const items = new Map(instrument.items.map((i) => [i.id, i]));
  return instrument.scales.map((scale) => ({
    id: scale.id,
    items: (scale.items ?? []).flatMap((member) => {
      const item = items.get(member.item);
      const format = item && instrument.responseFormats[item.format];
      if (!item || !format || (format.type !== 'agreement' && format.type !== 'likert')) return [];
      return [{ questionId: questionIdFor(instrument.id, item.id), reverse: item.reverse, points: format.points, notRelevant: format.missing.some((m) => m.kind === 'not-relevant') }];
    }),
  }));
}

function weightedPick<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let roll = random.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [code, weight] of entries) {
    roll -= weight;
    if (roll < 0) return code;
  }
  return entries.at(-1)![0];
}

function aboutYou(random: Random, respondent: Respondent): Answers {
  const answers: Answers = {};
  const years = weightedPick(random, yearsWeights);
  const given: [string, string][] = [['programme', respondent.programme], ['region', respondent.region], ['years', years]];
  for (const [id, value] of given) if (!random.chance(SKIP_ABOUT_YOU_RATE)) answers[id] = value;
  return answers;
}

function likertAnswers(random: Random, plans: readonly ScalePlan[], respondent: Respondent, wave: WaveIndex): Answers {
  const normal = () => normalDraw(() => random.next());
  const mood = normal();
  // Mixed so that the climate keeps a standard normal spread whether or not a lasting view is known.
  const own = respondent.climate === undefined ? mood : LASTING_VIEW * respondent.climate + Math.sqrt(1 - LASTING_VIEW ** 2) * mood;
  const climate = own + (programmeClimate[respondent.programme] ?? 0);
  const answers: Answers = {};
  for (const scale of plans) {
    const level = (scaleLevels[scale.id]?.[wave] ?? middleLevel) + (scale.id === 'time_resources' ? (programmeResources[respondent.programme] ?? 0) : 0);
    const view = normal();
    for (const item of scale.items) {
      const raw = level + CLIMATE_WEIGHT * climate + SCALE_VIEW_WEIGHT * view + NOISE_WEIGHT * normal();
      const agreement = Math.min(item.points, Math.max(1, Math.round(raw)));
      // Drawn after the answer so that the answers do not depend on whether "not relevant" is offered.
      const notRelevant = random.chance(NOT_RELEVANT_RATE);
      answers[item.questionId] = item.notRelevant && notRelevant ? 'NR' : item.reverse ? item.points + 1 - agreement : agreement;
    }
  }
  return answers;
}

function comments(random: Random, instrumentId: string, wave: WaveIndex): Answers {
  const answers: Answers = {};
  const helps = wave === 2 ? [...helpsComments, ...helpsCommentsLater] : helpsComments;
  const hinders = wave === 1 ? [...hindersComments, ...hindersCommentsAfterCut] : hindersComments;
  if (random.chance(HELPS_RATE)) answers[questionIdFor(instrumentId, 'helps')] = random.pick(helps);
  if (random.chance(HINDERS_RATE)) answers[questionIdFor(instrumentId, 'hinders')] = random.pick(hinders);
  return answers;
}

/** Keeps the answers to questions on the first `pages` pages: a partial response stops somewhere. */
function answersUpTo(definition: SurveyDefinition, answers: Answers, pages: number): Answers {
  const kept: Answers = {};
  for (const page of definition.pages.slice(0, pages)) {
    for (const q of page.questions) if (answers[q.id] !== undefined) kept[q.id] = answers[q.id]!;
  }
  return kept;
}

export interface DemoAnswering {
  definition: SurveyDefinition;
  instrument: Instrument;
  plans: readonly ScalePlan[];
  wave: WaveIndex;
}

/** One respondent's response: complete, or stopped after a random page short of the last. */
export function demoResponse(random: Random, answering: DemoAnswering, respondent: Respondent, complete: boolean): ResponseToStore {
  const { definition, instrument, plans, wave } = answering;
  const answers = { ...aboutYou(random, respondent), ...likertAnswers(random, plans, respondent, wave), ...comments(random, instrument.id, wave) };
  const pageCount = definition.pages.length;
  if (complete) return { answers, status: 'complete', pagesSaved: pageCount };
  const pagesSaved = random.int(1, pageCount - 1);
  return { answers: answersUpTo(definition, answers, pagesSaved), status: 'partial', pagesSaved };
}

