import type { Db } from '../../db/database.ts';
import { seededRandom, normalDraw } from '../analysis/synthetic-data.ts';
import { addPeriod, createEvaluation } from '../evaluations/service.ts';
import { requireInstrument } from '../instruments/service.ts';
import { questionsForItems } from '../surveys/builder/instrument-questions.ts';
import type { SurveyDefinitionInput } from '../surveys/definition.ts';
import { recordLinkingCode } from '../surveys/linking/service.ts';
import { storeResponses } from '../surveys/responses-import.ts';
import { createSurvey } from '../surveys/service.ts';

/**
 * Test data for the analysis service, routes and browser test: an evaluation with two waves of
 * an anonymous survey asking two change-climate scales (tension for change, time and resources)
 * and the respondent's programme. The answers come from a seeded model with a real difference
 * between programmes and a drop in time and resources in the second wave; CAT has 3 respondents
 * in wave 1, under the disclosure threshold of 5. Some respondents give a linking code in both waves.
 */

export const fixtureItems = ['tc1', 'tc2', 'tc3', 'res1', 'res2', 'res3'] as const;
const programmes = [
  { code: 'MHI', label: 'Mental health (MHI)' },
  { code: 'CfC', label: "Children's services (CfC)" },
  { code: 'ICN', label: 'Integrated care (ICN)' },
  { code: 'CAT', label: 'Community equipment (CAT)' },
];
const shift: Record<string, number> = { MHI: 0.4, CfC: 0, ICN: -0.5, CAT: 0.2 };

export function fixtureDefinition(): SurveyDefinitionInput {
  const instrument = requireInstrument('change-climate');
  return {
    pages: [
      {
        id: 'about',
        title: 'About you',
        questions: [{ id: 'programme', text: 'Which programme do you mainly work for?', format: { type: 'single', options: programmes, missing: [] } }],
      },
      { id: 'views', title: 'Your views', questions: questionsForItems(instrument, [...fixtureItems], new Map()) },
    ],
  };
}

export interface FixtureResponse {
  programme: string;
  items: (number | 'NR' | undefined)[];
}

/** The answers of one wave: `counts` respondents per programme. */
export function fixtureAnswers(seed: number, wave: number, counts: Record<string, number>): FixtureResponse[] {
  const random = seededRandom(seed);
  const out: FixtureResponse[] = [];
  for (const [programme, count] of Object.entries(counts)) {
    for (let r = 0; r < count; r += 1) {
      const climate = normalDraw(random) + shift[programme]!;
      const levels = [3.6, 3.6, 3.6, wave === 0 ? 2.9 : 2.4, wave === 0 ? 2.9 : 2.4, wave === 0 ? 2.9 : 2.4];
      const items = levels.map((level, i) => {
        if (random() < 0.04) return 'NR' as const;
        if (random() < 0.03) return undefined;
        const value = Math.min(5, Math.max(1, Math.round(level + 0.8 * climate + 0.7 * normalDraw(random))));
        // tc2 and res3 are worded the other way round.
        return i === 1 || i === 5 ? 6 - value : value;
      });
      out.push({ programme, items });
    }
  }
  return out;
}

export const fixtureWaves = [
  { MHI: 14, CfC: 12, ICN: 11, CAT: 3 },
  { MHI: 15, CfC: 13, ICN: 12, CAT: 6 },
];

/** How many respondents, from the start of each wave, give the same linking code in both. */
export const fixtureLinked = 20;

export interface Fixture {
  evaluationId: string;
  slug: string;
  surveyIds: string[];
  waves: FixtureResponse[][];
}

export async function buildFixture(db: Db, leadId: string, slug = 'analysis-test'): Promise<Fixture> {
  const evaluation = await createEvaluation(db, leadId, { title: 'Analysis test evaluation', slug });
  const surveyIds: string[] = [];
  const waves: FixtureResponse[][] = [];
  for (const [w, counts] of fixtureWaves.entries()) {
    const wave = await addPeriod(db, leadId, 'waves', evaluation.id, { name: `Year ${w + 1}`, startsOn: `${2006 + w}-10-01`, endsOn: `${2006 + w}-12-31` });
    const survey = await createSurvey(db, leadId, evaluation.id, { title: `Staff survey year ${w + 1}`, purpose: 'main', waveId: wave.id, anonymity: 'anonymous' }, fixtureDefinition());
    const answers = fixtureAnswers(100 + w, w, counts);
    await storeResponses(
      db,
      leadId,
      evaluation.id,
      survey.id,
      answers.map((a) => ({
        answers: Object.fromEntries([['programme', a.programme], ...fixtureItems.flatMap((item, i) => (a.items[i] === undefined ? [] : [[`change_climate_${item}`, a.items[i]]]))]),
      })),
    );
    surveyIds.push(survey.id);
    waves.push(answers);
  }
  return { evaluationId: evaluation.id, slug, surveyIds, waves };
}

/**
 * Gives the first `fixtureLinked` respondents of each wave (in the order stored) the same linking
 * code in both waves, through the same function the respondent pages use. Returns the response ids
 * in stored order for each wave.
 */
export async function linkFixture(db: Db, fixture: Fixture): Promise<string[][]> {
  const ids: string[][] = [];
  for (const surveyId of fixture.surveyIds) {
    const rows = await db.selectFrom('responses').select('id').where('survey_id', '=', surveyId).orderBy('id').execute();
    ids.push(rows.map((r) => r.id));
  }
  for (const [w, surveyId] of fixture.surveyIds.entries()) {
    for (let i = 0; i < fixtureLinked; i += 1) await recordLinkingCode(db, { id: ids[w]![i]!, surveyId }, [String.fromCharCode(65 + (i % 26)), String(i + 1), '2']);
  }
  return ids;
}

let users = 0;
/** A user row for service tests that never sign in (no password hashing, no web application loaded). */
export async function fixtureUser(db: Db, name: string): Promise<{ id: string }> {
  users += 1;
  return db.insertInto('users').values({ email: `analysis-${users}-${Date.now()}@example.org`, name, password_hash: 'not-a-hash' }).returning('id').executeTakeFirstOrThrow();
}
