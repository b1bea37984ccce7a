import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import { HttpError } from '../../../http/errors.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { allQuestions } from '../definition.ts';
import { getSurvey, listSurveys } from '../service.ts';
import { importSurvey, kindFromFilename } from './service.ts';

const fixtures = join(import.meta.dirname, '../../../../../shared/fixtures/limesurvey');
const fixture = (name: string) => readFileSync(join(fixtures, name));

const dictionary = [
  'Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"Choices, Calculations, OR Slider Labels",Field Note,Text Validation Type OR Show Slider Number,Text Validation Min,Text Validation Max,Identifier?,Branching Logic (Show field only if...),Required Field?',
  'record_id,wellbeing,,text,Record ID,,,,,,,,',
  'stress,wellbeing,,radio,How often do you feel stressed at work?,"1, Never | 2, Sometimes | 3, Often",,,,,,,y',
  'comments,follow_up,,notes,What would help?,,,,,,,[stress] = \'3\',',
].join('\n');

describe.each(backends)('importing surveys on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let userId: string;
  const surveyCount = async () => (await database.db.selectFrom('surveys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Import tests' })).id;
  });
  afterAll(() => database.close());

  it('stores likert50.lss as a draft with its 52 questions over 4 pages, anonymous', async () => {
    const { survey, report } = await importSurvey(database.db, userId, evaluationId, { kind: 'lss', content: fixture('likert50.lss'), purpose: 'pilot', filename: 'likert50.lss' });
    expect(survey).toMatchObject({ title: 'Change programme evaluation (anchor)', purpose: 'pilot', anonymity: 'anonymous', access: 'open', status: 'draft' });
    expect(report.imported).toMatchObject({ pages: 4, questions: 52, formats: { likert: 50, text: 2 } });
    const stored = await getSurvey(database.db, evaluationId, survey.id);
    expect(stored.version.number).toBe(1);
    expect(stored.version.definition.pages.map((p) => p.questions.length)).toEqual([13, 13, 12, 14]);
    expect(allQuestions(stored.version.definition)[0]!.id).toBe('G1Q1_SQ001');
    expect(stored.version.definition.welcome).toBe('Thank you for taking part. This survey takes about 10 minutes.');
  });

  it('stores every LimeSurvey fixture, each with its report', async () => {
    for (const [file, questions] of [['ls205_sample_survey_english.lss', 143], ['ls205_group_relevance.lss', 21], ['ls205_validation_tests.lss', 56]] as const) {
      const { survey, report } = await importSurvey(database.db, userId, evaluationId, { kind: 'lss', content: fixture(file) });
      expect(report.imported.questions).toBe(questions);
      expect(report.notImported.length).toBeGreaterThan(0);
      expect(allQuestions((await getSurvey(database.db, evaluationId, survey.id)).version.definition)).toHaveLength(questions);
    }
  });

  it('stores a REDCap dictionary, titled from the file name unless a title is given', async () => {
    const named = await importSurvey(database.db, userId, evaluationId, { kind: 'redcap', content: dictionary, filename: 'staff_wellbeing.csv' });
    expect(named.survey).toMatchObject({ title: 'staff wellbeing', purpose: 'main', anonymity: 'anonymous' });
    const stored = (await getSurvey(database.db, evaluationId, named.survey.id)).version.definition;
    expect(stored.pages.map((p) => p.title)).toEqual(['Wellbeing', 'Follow up']);
    expect(stored.pages[1]!.questions[0]!.condition).toEqual({ all: [{ question: 'stress', op: 'equals', value: '3' }] });
    const titled = await importSurvey(database.db, userId, evaluationId, { kind: 'redcap', content: Buffer.from(dictionary), title: 'Wellbeing pulse 2026' });
    expect(titled.survey.title).toBe('Wellbeing pulse 2026');
    const listed = await listSurveys(database.db, evaluationId);
    expect(listed.map((s) => s.title)).toEqual(expect.arrayContaining(['staff wellbeing', 'Wellbeing pulse 2026']));
  });

  it('creates nothing when a file cannot be imported, and says what is wrong', async () => {
    const before = await surveyCount();
    const likert = fixture('likert50.lss').toString('utf8');
    const bad: [ 'lss' | 'redcap', string, string][] = [
      ['lss', 'garbage, not XML', 'The file is not XML'],
      ['lss', likert.slice(0, 20_000), 'before the LimeSurvey document is closed'],
      ['lss', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><document>&e;</document>', 'declares a DOCTYPE'],
      ['redcap', 'name,email\nAnn,ann@example.org', 'not a REDCap data dictionary'],
    ];
    for (const [kind, content, message] of bad) {
      const attempt = importSurvey(database.db, userId, evaluationId, { kind, content });
      await expect(attempt).rejects.toThrow(HttpError);
      await expect(importSurvey(database.db, userId, evaluationId, { kind, content })).rejects.toThrow(message);
    }
    await expect(importSurvey(database.db, userId, evaluationId, { kind: 'lss', content: fixture('likert50.lss'), purpose: 'final' as 'main' })).rejects.toThrow('pre-test, a pilot or the main survey');
    expect(await surveyCount()).toBe(before);
  });

  it('knows a file by its extension', () => {
    expect([kindFromFilename('survey.LSS'), kindFromFilename('dictionary.csv'), kindFromFilename('notes.txt'), kindFromFilename('lss')]).toEqual(['lss', 'redcap', undefined, undefined]);
  });
});
