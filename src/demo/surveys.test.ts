import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { requireInstrument } from '../modules/instruments/service.ts';
import { questionIdFor } from '../modules/surveys/builder/instrument-questions.ts';
import { parseDefinition } from '../modules/surveys/definition.ts';
import { checkStoredAnswers } from '../modules/surveys/responses-import.ts';
import { getSurvey, listSurveys } from '../modules/surveys/service.ts';
import type { Unit } from '../modules/organisation/service.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { seededRandom } from './random.ts';
import { demoResponse, scalePlans, type WaveIndex } from './survey-answers.ts';
import { demoQuestionnaire } from './survey-questionnaire.ts';
import { helpsComments, helpsCommentsLater, hindersComments, hindersCommentsAfterCut } from './survey-texts.ts';
import { programmes, regions } from './structure.ts';
import { DEMO_SURVEY_INSTRUMENT } from './surveys.ts';

const instrument = requireInstrument(DEMO_SURVEY_INSTRUMENT);
const q = (item: string) => questionIdFor(instrument.id, item);
const reversed = new Set(instrument.items.filter((i) => i.reverse).map((i) => i.id));
const scaleItems = (scaleId: string) => instrument.scales.find((s) => s.id === scaleId)!.items!.map((m) => m.item);

const programmeNames = /Mental Health Institute|MHI|Change for Children|Valuing People|ICES|ICN|Health in Criminal Justice|CAMHS/;

describe('the demo survey answers', () => {
  const units = [...programmes.map((p) => ({ ...p, kind: 'programme' })), ...regions.map((r) => ({ ...r, kind: 'region' }))] as Unit[];
  const definition = parseDefinition(demoQuestionnaire(units, instrument, new Map(instrument.items.map((i) => [i.id, i.text ?? ''])), 'main'));
  const answering = (wave: WaveIndex) => ({ definition, instrument, plans: scalePlans(instrument), wave });
  const draw = (seed: number, wave: WaveIndex, complete: boolean) => {
    const random = seededRandom(seed);
    return Array.from({ length: 50 }, () => demoResponse(random, answering(wave), { programme: 'MHI', region: 'London' }, complete));
  };

  it('are the same for the same seed and differ for another', () => {
    expect(draw(3, 0, true)).toEqual(draw(3, 0, true));
    expect(draw(3, 0, true)).not.toEqual(draw(4, 0, true));
  });

  it('are all answers the questionnaire accepts', () => {
    for (const wave of [0, 1, 2] as const) {
      for (const response of [...draw(wave, wave, true), ...draw(wave + 10, wave, false)]) {
        expect(checkStoredAnswers(definition, response.answers, response.status!)).toEqual([]);
      }
    }
  });

  it('stop part way in partial responses, with no answers past the last page saved', () => {
    for (const response of draw(5, 1, false)) {
      expect(response.pagesSaved).toBeLessThan(definition.pages.length);
      const later = definition.pages.slice(response.pagesSaved).flatMap((p) => p.questions.map((x) => x.id));
      expect(later.filter((id) => id in response.answers)).toEqual([]);
    }
  });
});

describe.each(backends)('the demo staff surveys ($name)', (backend) => {
  let database: Database;
  let demo: DemoResult;

  beforeAll(async () => {
    database = await backend.open();
    demo = await loadDemo(database);
  });
  afterAll(() => database?.close());

  const surveys = () => listSurveys(database.db, demo.evaluation.id);

  async function surveyId(title: string): Promise<string> {
    return (await surveys()).find((s) => s.title === title)!.id;
  }

  /** A scale's mean in one survey, from the stored answers in SQL: the mean of its items' means, reverse-keyed items turned round. */
  async function scaleMean(title: string, scaleId: string): Promise<number> {
    const id = await surveyId(title);
    const means: number[] = [];
    for (const item of scaleItems(scaleId)) {
      const key = q(item);
      const { rows } = await sql<{ mean: string }>`
        SELECT avg((answers->>${key})::numeric) AS mean FROM responses
        WHERE survey_id = ${id} AND jsonb_typeof(answers->${key}) = 'number'`.execute(database.db);
      const mean = Number(rows[0]!.mean);
      means.push(reversed.has(item) ? 6 - mean : mean);
    }
    return means.reduce((a, b) => a + b, 0) / means.length;
  }

  const mainTitles = ['Staff survey 2006 (Year 1)', 'Staff survey 2007 (Year 2)', 'Staff survey 2008 (Year 3)'];

  it('creates a closed pilot and three anonymous main surveys, the last still open, with the counts the demo reports', async () => {
    const list = await surveys();
    expect(list.map((s) => [s.title, s.purpose, s.waveName, s.status, s.anonymity, s.complete, s.partial])).toEqual([
      ['Staff survey 2006: pilot', 'pilot', 'Year 1', 'closed', 'anonymous', 17, 0],
      ['Staff survey 2006 (Year 1)', 'main', 'Year 1', 'closed', 'anonymous', 232, 24],
      ['Staff survey 2007 (Year 2)', 'main', 'Year 2', 'closed', 'anonymous', 220, 32],
      ['Staff survey 2008 (Year 3)', 'main', 'Year 3', 'open', 'anonymous', 226, 36],
    ]);
    expect(demo.counts).toMatchObject({ surveys: 4, pilotInvited: 30, pilotResponses: 17, mainInvited: 1200, mainComplete: 678, mainPartial: 92 });
    expect(list.at(-1)!.closesAt).toBeNull();
  });

  it('asks about the respondent first, then for a linking code, then the change-climate scales, with the shipped wording', async () => {
    const { version } = await getSurvey(database.db, demo.evaluation.id, await surveyId(mainTitles[0]!));
    const pages = version.definition.pages;
    expect(pages[0]!.questions.map((x) => x.id)).toEqual(['programme', 'region', 'years']);
    const programme = pages[0]!.questions[0]!.format;
    expect(programme.type === 'single' && programme.options.map((o) => o.code)).toEqual(['MHI', 'VPST', 'CAT', 'ICN', 'CfC', 'ICES', 'CAMHS', 'HCJ', 'other']);
    expect(pages[1]!.title).toBe('Your linking code');
    expect(pages.slice(2, 12).map((p) => p.title)).toEqual(instrument.scales.map((s) => s.name));
    expect(pages[2]!.questions[0]).toMatchObject({ id: q('tc1'), text: 'Staff here see a clear need for this change.', source: { instrument: 'change-climate', item: 'tc1' } });
    expect(version.definition.welcome).toContain('anonymous');
    expect(version.definition.privacyNotice).toContain('groups of five or more');
  });

  it('stores no participant and no times in any response', async () => {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM responses r JOIN surveys s ON s.id = r.survey_id
      WHERE s.evaluation_id = ${demo.evaluation.id}
        AND (r.participant_id IS NOT NULL OR r.started_at IS NOT NULL OR r.completed_at IS NOT NULL)`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('has more tension for change than time and resources in every wave, less time and resources after the Year 2 cut, and more involvement by Year 3', async () => {
    const resources: number[] = [];
    for (const title of mainTitles) {
      const tension = await scaleMean(title, 'tension_for_change');
      const time = await scaleMean(title, 'time_resources');
      expect(tension).toBeGreaterThan(time + 1);
      resources.push(time);
    }
    expect(resources[1]).toBeLessThan(resources[0]! - 0.3);
    expect(await scaleMean(mainTitles[2]!, 'staff_involvement')).toBeGreaterThan((await scaleMean(mainTitles[0]!, 'staff_involvement')) + 0.4);
  });

  it('answers "not relevant" about 3% of the time', async () => {
    const keys = instrument.scales.flatMap((s) => s.items!.map((m) => q(m.item)));
    const id = await surveyId(mainTitles[0]!);
    const { rows } = await sql<{ nr: string; answered: string }>`
      SELECT count(*) FILTER (WHERE a.value = '"NR"'::jsonb) AS nr, count(*) AS answered
      FROM responses r CROSS JOIN LATERAL jsonb_each(r.answers) a
      WHERE r.survey_id = ${id} AND a.key = ANY(${keys}::text[])`.execute(database.db);
    const share = Number(rows[0]!.nr) / Number(rows[0]!.answered);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.04);
  });

  it('follows the directory: most respondents in every wave work for the mental health programme', async () => {
    for (const title of mainTitles) {
      const { rows } = await sql<{ programme: string; n: string }>`
        SELECT answers->>'programme' AS programme, count(*) AS n FROM responses
        WHERE survey_id = ${await surveyId(title)} AND answers ? 'programme'
        GROUP BY 1 ORDER BY count(*) DESC`.execute(database.db);
      expect(rows[0]!.programme).toBe('MHI');
      expect(rows.length).toBe(9);
    }
  });

  it('includes free-text comments, some naming programmes, and budget comments only after the cut', async () => {
    const comments = async (title: string) => {
      const { rows } = await sql<{ text: string }>`
        SELECT value #>> '{}' AS text FROM responses r CROSS JOIN LATERAL jsonb_each(r.answers)
        WHERE r.survey_id = ${await surveyId(title)} AND key IN (${q('helps')}, ${q('hinders')})`.execute(database.db);
      return rows.map((r) => r.text);
    };
    const [year1, year2] = [await comments(mainTitles[0]!), await comments(mainTitles[1]!)];
    expect(year1.length).toBeGreaterThan(60);
    expect(year1.filter((t) => programmeNames.test(t)).length).toBeGreaterThan(5);
    expect(year1.every((t) => [...helpsComments, ...hindersComments].includes(t))).toBe(true);
    expect(year2.some((t) => hindersCommentsAfterCut.includes(t))).toBe(true);
    expect(year1.some((t) => hindersCommentsAfterCut.includes(t) || helpsCommentsLater.includes(t))).toBe(false);
  });
});
