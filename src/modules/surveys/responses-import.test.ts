import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { HttpError } from '../../http/errors.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { parseDefinition, type SurveyDefinitionInput } from './definition.ts';
import { checkStoredAnswers, describeRowProblems, storeResponses, type ResponseToStore } from './responses-import.ts';
import { linkingHash } from './linking/code.ts';
import { linkingKey, setLinkingCode } from './linking/service.ts';
import { createSurvey, getSurvey, saveDefinition } from './service.ts';

const agree5 = {
  type: 'likert' as const,
  points: 5,
  labels: ['Strongly disagree', 'Disagree', 'Neither', 'Agree', 'Strongly agree'],
  missing: [{ code: 'NR' as const, label: 'Not relevant to my work' }],
};

/** One question of each format, a required question hidden by a condition, and a page shown only to managers. */
const questionnaire: SurveyDefinitionInput = {
  pages: [
    {
      id: 'you',
      title: 'About you',
      questions: [
        { id: 'programme', text: 'Which programme?', required: true, format: { type: 'single', options: [{ code: 'MHI', label: 'Mental health' }, { code: 'CfC', label: 'Children' }], missing: [{ code: 'DK', label: "Don't know" }] } },
        { id: 'manager', text: 'Do you manage staff?', format: { type: 'boolean', style: 'yes-no' } },
        { id: 'started', text: 'When did you start?', format: { type: 'date', min: '1990-01-01' } },
      ],
    },
    {
      id: 'views',
      title: 'Your views',
      questions: [
        { id: 'tc1', text: 'There is a need for change.', required: true, format: agree5 },
        { id: 'tc2', text: 'The old way was good enough.', format: agree5 },
        { id: 'heard', text: 'How did you hear?', format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }, { code: 'meeting', label: 'Meeting' }, { code: 'web', label: 'Web' }], maxChoices: 2 } },
        { id: 'support', text: 'How supported?', format: { type: 'scale', min: 0, max: 10 } },
        { id: 'hours', text: 'Hours a week', format: { type: 'number', min: 0, max: 80, integer: true } },
        { id: 'comment', text: 'Anything else?', format: { type: 'text', maxLength: 20 } },
        { id: 'why', text: 'Why not?', required: true, format: { type: 'text' }, condition: { all: [{ question: 'programme', op: 'equals', value: 'CfC' }] } },
      ],
    },
    {
      id: 'managers',
      title: 'Managing',
      condition: { all: [{ question: 'manager', op: 'equals', value: 1 }] },
      questions: [{ id: 'team', text: 'How many do you manage?', required: true, format: { type: 'number', min: 1 } }],
    },
  ],
};

const definition = parseDefinition(questionnaire);
const valid = { programme: 'MHI', manager: 0, tc1: 4, tc2: 'NR', heard: ['email', 'web'], support: 7, hours: 37, comment: 'Fine', started: '2004-02-29' };

describe('checkStoredAnswers', () => {
  it('accepts valid answers of every format', () => {
    expect(checkStoredAnswers(definition, valid, 'complete')).toEqual([]);
  });

  it.each([
    ['a Likert value out of range', { tc2: 7 }, 'tc2', '7 is not one of the offered values 1–5, NR'],
    ['a Likert value held as text', { tc2: '4' }, 'tc2', '"4" is text, but this question stores numbers (1–5, NR): give 4 without quotes'],
    ['a missing code the question does not offer', { tc2: 'DK' }, 'tc2', '"DK" is not one of the offered values 1–5, NR'],
    ['a Likert value that is not whole', { tc2: 2.5 }, 'tc2', '2.5 is not one of the offered values 1–5, NR'],
    ['a wrong option code', { programme: 'XYZ' }, 'programme', '"XYZ" is not one of the offered values MHI, CfC, DK'],
    ['a yes/no answer other than 1 or 0', { manager: 2 }, 'manager', '2 is not one of the offered values 1, 0'],
    ['a scale value out of range', { support: 11 }, 'support', '11 is not one of the offered values 0–10'],
    ['a number below the minimum', { hours: -1 }, 'hours', '-1 is below the minimum of 0'],
    ['a number that should be whole', { hours: 37.5 }, 'hours', '37.5 is not a whole number'],
    ['a number given as text', { hours: 'many' }, 'hours', '"many" is not a number'],
    ['a text that is too long', { comment: 'x'.repeat(21) }, 'comment', 'the answer is 21 characters long, more than the 20 allowed'],
    ['a date that does not exist', { started: '2005-02-29' }, 'started', '"2005-02-29" is not a real date written as yyyy-mm-dd'],
    ['a date in another form', { started: '29/02/2004' }, 'started', '"29/02/2004" is not a real date written as yyyy-mm-dd'],
    ['a date before the earliest allowed', { started: '1989-12-31' }, 'started', '1989-12-31 is before the earliest date allowed, 1990-01-01'],
    ['a multiple choice code not offered', { heard: ['email', 'post'] }, 'heard', '"post" is not one of the offered values email, meeting, web'],
    ['a multiple choice answer that is not a list', { heard: 'email' }, 'heard', '"email" is not a list of option codes (offered: email, meeting, web)'],
    ['too many choices', { heard: ['email', 'meeting', 'web'] }, 'heard', '3 options are chosen, but at most 2 may be'],
    ['the same choice twice', { heard: ['email', 'email'] }, 'heard', '"email" is chosen twice'],
    ['an empty answer', { comment: '' }, 'comment', 'the answer is empty: leave out questions that were not answered'],
    ['a question the survey does not have', { tc9: 3 }, 'tc9', 'there is no question with this id in the survey'],
  ])('refuses %s', (_, change, question, message) => {
    expect(checkStoredAnswers(definition, { ...valid, ...change }, 'partial')).toEqual([{ question, message }]);
  });

  it('requires required questions in complete responses only', () => {
    const { tc1: _, ...withoutTc1 } = valid;
    expect(checkStoredAnswers(definition, withoutTc1, 'complete')).toEqual([{ question: 'tc1', message: 'the question must be answered, but has no answer' }]);
    expect(checkStoredAnswers(definition, withoutTc1, 'partial')).toEqual([]);
  });

  it('does not require questions and pages that the answers hide, and does require them when shown', () => {
    expect(checkStoredAnswers(definition, valid, 'complete')).toEqual([]);
    expect(checkStoredAnswers(definition, { ...valid, programme: 'CfC' }, 'complete').map((p) => p.question)).toEqual(['why']);
    expect(checkStoredAnswers(definition, { ...valid, programme: 'CfC', why: 'Because' }, 'complete')).toEqual([]);
    expect(checkStoredAnswers(definition, { ...valid, manager: 1 }, 'complete').map((p) => p.question)).toEqual(['team']);
    expect(checkStoredAnswers(definition, { ...valid, manager: 1, team: 6 }, 'complete')).toEqual([]);
  });

  it('accepts any subset of multiple choice codes within the limits', () => {
    for (const heard of [['email'], ['web', 'meeting'], ['meeting']]) expect(checkStoredAnswers(definition, { ...valid, heard }, 'complete')).toEqual([]);
  });

  it('refuses answers that are not an object', () => {
    expect(checkStoredAnswers(definition, [1, 2], 'partial')).toEqual([{ question: null, message: 'the answers are not a set of question ids and values' }]);
  });

  it('names each row from 1 and each question in its sentences', () => {
    const rows: ResponseToStore[] = [{ answers: valid }, { answers: valid }, { answers: { ...valid, tc2: 7 } }, { answers: valid, status: 'partial', pagesSaved: 9 }];
    expect(describeRowProblems(definition, rows)).toEqual([
      'Row 3, question tc2: 7 is not one of the offered values 1–5, NR',
      'Row 4: 9 pages saved is not a whole number from 0 to 3',
    ]);
  });
});

describe.each(backends)('storeResponses on $name', (backend) => {
  let database: Database;
  let evaluationId: string;
  let userId: string;

  beforeAll(async () => {
    database = await backend.open();
    userId = (await addUser(database)).id;
    evaluationId = (await createEvaluation(database.db, userId, { title: 'Response import tests' })).id;
  });
  afterAll(() => database.close());

  async function newSurvey(anonymity: 'anonymous' | 'identified' = 'anonymous') {
    const survey = await createSurvey(database.db, userId, evaluationId, { title: `Imported ${anonymity}`, purpose: 'main', anonymity });
    await saveDefinition(database.db, userId, evaluationId, survey.id, questionnaire);
    return survey.id;
  }

  function storedRows(surveyId: string) {
    return database.db.selectFrom('responses').selectAll().where('survey_id', '=', surveyId).execute();
  }

  it('stores complete and partial responses with no participant and no times, and audits the count', async () => {
    const surveyId = await newSurvey();
    const rows: ResponseToStore[] = [
      { answers: valid },
      { answers: { programme: 'CfC', tc1: 2 }, status: 'partial' },
      { answers: { programme: 'MHI' }, status: 'partial', purpose: 'pilot', pagesSaved: 1 },
    ];
    expect(await storeResponses(database.db, userId, evaluationId, surveyId, rows)).toBe(3);
    const stored = await storedRows(surveyId);
    const byProgramme = (programme: string, status: string) => stored.find((r) => r.answers.programme === programme && r.status === status)!;
    expect(byProgramme('MHI', 'complete')).toMatchObject({ purpose: 'main', pages_saved: 3, answers: valid });
    expect(byProgramme('CfC', 'partial')).toMatchObject({ purpose: 'main', pages_saved: 2 });
    expect(byProgramme('MHI', 'partial')).toMatchObject({ purpose: 'pilot', pages_saved: 1 });
    for (const row of stored) expect(row).toMatchObject({ participant_id: null, started_at: null, completed_at: null, resume_hash: null });
    expect(new Set(stored.map((r) => r.key_hash)).size).toBe(3);
    const audit = await listAuditEntries(database.db, evaluationId);
    expect(audit.entries.find((e) => e.action === 'store-responses' && e.entityId === surveyId)?.detail).toEqual({ responses: 3, version: 1 });
    expect((await getSurvey(database.db, evaluationId, surveyId)).version.frozen).toBe(true);
  });

  it('stores nothing at all when row 500 of 1,200 is wrong, and says which row and question', async () => {
    const surveyId = await newSurvey();
    const rows: ResponseToStore[] = Array.from({ length: 1200 }, (_, i) => ({ answers: { ...valid, tc1: (i % 5) + 1 } }));
    rows[499] = { answers: { ...valid, tc2: 7 } };
    const attempt = storeResponses(database.db, userId, evaluationId, surveyId, rows);
    await expect(attempt).rejects.toBeInstanceOf(HttpError);
    await expect(attempt).rejects.toThrow('No responses were stored because of a problem: Row 500, question tc2: 7 is not one of the offered values 1–5, NR');
    expect(await storedRows(surveyId)).toEqual([]);
    expect((await getSurvey(database.db, evaluationId, surveyId)).version.frozen).toBe(false);
  });

  it('stores more than one statement’s worth of rows in one go', async () => {
    const surveyId = await newSurvey();
    const rows: ResponseToStore[] = Array.from({ length: 2345 }, (_, i) => ({ answers: { ...valid, tc1: (i % 5) + 1 } }));
    expect(await storeResponses(database.db, userId, evaluationId, surveyId, rows)).toBe(2345);
    const [counts] = await database.db
      .selectFrom('responses')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>(eb.cast<number>(eb.ref('answers', '->>').key('tc1'), 'integer')).as('total')])
      .where('survey_id', '=', surveyId)
      .execute();
    expect(Number(counts!.n)).toBe(2345);
    expect(Number(counts!.total)).toBe(rows.reduce((sum, r) => sum + (r.answers.tc1 as number), 0));
  });

  it('lists at most 20 problems, then how many more', async () => {
    const surveyId = await newSurvey();
    const rows: ResponseToStore[] = Array.from({ length: 30 }, () => ({ answers: { ...valid, programme: 'XYZ' } }));
    const error = await storeResponses(database.db, userId, evaluationId, surveyId, rows).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toContain('because of 30 problems: Row 1, question programme');
    expect((error as HttpError).fields).toHaveLength(21);
    expect((error as HttpError).fields.at(-1)?.message).toBe('…and 10 more problems');
  });

  it('checks rows against the current version, which stored rows freeze', async () => {
    const surveyId = await newSurvey('identified');
    await storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: valid }]);
    const narrower = structuredClone(questionnaire);
    narrower.pages[1]!.questions = narrower.pages[1]!.questions.filter((q) => q.id !== 'hours');
    await saveDefinition(database.db, userId, evaluationId, surveyId, narrower);
    await expect(storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: valid }])).rejects.toThrow('Row 1, question hours: there is no question with this id in the survey');
    const { hours: _, ...rest } = valid;
    expect(await storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: rest }])).toBe(1);
    const versions = new Set((await storedRows(surveyId)).map((r) => r.version_id));
    expect(versions.size).toBe(2);
  });

  it('keeps a row\'s linking code only as its keyed hash, and refuses codes the survey does not ask or answers to its questions', async () => {
    const surveyId = await newSurvey();
    await expect(storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: valid, linkingCode: ['M', '7'] }])).rejects.toThrow('Row 1: the row has a linking code, but the survey does not ask for one');
    await setLinkingCode(database.db, userId, evaluationId, surveyId, ['mother', 'day']);
    await expect(storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: { ...valid, link_mother: 'M' } }])).rejects.toThrow('Row 1, question link_mother: this question is part of the linking code');
    await expect(storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: valid, linkingCode: ['M'] }])).rejects.toThrow('Row 1: the linking code must have 2 parts, none blank');
    expect(await database.db.selectFrom('response_links').select('response_id').where('survey_id', '=', surveyId).execute()).toEqual([]);
    expect(await storeResponses(database.db, userId, evaluationId, surveyId, [{ answers: valid, linkingCode: ['M', '7'] }, { answers: valid }])).toBe(2);
    const links = await database.db.selectFrom('response_links').selectAll().where('survey_id', '=', surveyId).execute();
    const stored = await storedRows(surveyId);
    expect(links).toEqual([{ response_id: expect.any(String), survey_id: surveyId, code_hash: linkingHash(await linkingKey(database.db, evaluationId), ['M', '7']) }]);
    expect(stored.map((r) => r.id)).toContain(links[0]!.response_id);
    expect(stored.every((r) => !('link_mother' in r.answers))).toBe(true);
  });

  it('refuses a survey of another evaluation', async () => {
    const surveyId = await newSurvey();
    const other = await createEvaluation(database.db, userId, { title: 'Another evaluation' });
    await expect(storeResponses(database.db, userId, other.id, surveyId, [{ answers: valid }])).rejects.toThrow('Survey not found');
  });
});
