import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allQuestions, type Question } from '../definition.ts';
import { importLss } from './lss.ts';
import { ImportError, type NotImported } from './report.ts';

const fixtures = join(import.meta.dirname, '../../../../../shared/fixtures/limesurvey');
const fixture = (name: string) => readFileSync(join(fixtures, name));
const names = (items: NotImported[], element: string) => items.filter((i) => i.element === element).map((i) => i.name);
const find = (items: NotImported[], name: string) => items.filter((i) => i.name === name);

describe('likert50.lss (the benchmark survey)', () => {
  const result = importLss(fixture('likert50.lss'));
  const { definition, report } = result;

  it('gives 4 pages of 50 Likert items (13+13+12+12) and 2 free texts, anonymous, with the welcome and end texts', () => {
    expect(result.title).toBe('Change programme evaluation (anchor)');
    expect(result.anonymity).toBe('anonymous');
    expect(result.access).toBe('open');
    expect(definition.pages.map((p) => p.title)).toEqual(['Understanding the change', 'Leadership and support', 'Capability and adoption', 'Outcomes and sustainability']);
    expect(definition.pages.map((p) => p.questions.filter((q) => q.format.type === 'likert').length)).toEqual([13, 13, 12, 12]);
    expect(report.imported).toEqual({ pages: 4, questions: 52, formats: { likert: 50, text: 2 }, conditions: 0, introTexts: 0 });
    expect(definition.welcome).toBe('Thank you for taking part. This survey takes about 10 minutes.');
    expect(definition.thankYou).toBe('Thank you, your response has been recorded.');
  });

  it('names each item <question code>_<row code> and gives it the five labelled points', () => {
    const first = definition.pages[0]!.questions[0]!;
    expect(first.id).toBe('G1Q1_SQ001');
    expect(first.text).toBe('I understand why this change is happening (item 1).');
    expect(first.format).toEqual({ type: 'likert', points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'], missing: [] });
    expect(definition.pages[0]!.questions[7]!.id).toBe('G1Q2_SQ001');
    expect(definition.pages[0]!.intro).toContain('Clarity of purpose and communication');
    expect(definition.pages[0]!.intro).toContain('To what extent do you agree with the following statements? (Understanding the change, part 1)');
  });

  it('makes the two long free texts multiline text questions on the last page', () => {
    const texts = definition.pages[3]!.questions.filter((q) => q.format.type === 'text');
    expect(texts.map((q) => [q.id, q.text])).toEqual([
      ['FT1', 'What has worked well in this change programme so far?'],
      ['FT2', 'What should be done differently?'],
    ]);
    expect(texts.every((q) => q.format.type === 'text' && q.format.multiline)).toBe(true);
  });

  it('reports only the survey description as not imported', () => {
    expect(report.notImported).toHaveLength(1);
    expect(report.notImported[0]).toMatchObject({ element: 'text', name: 'description' });
  });
});

describe("LimeSurvey's sample survey (nearly every question type)", () => {
  const { definition, report, anonymity, title } = importLss(fixture('ls205_sample_survey_english.lss'));
  const questions = allQuestions(definition);
  const byId = (id: string) => questions.find((q) => q.id === id) as Question;

  it('imports the common types and counts them', () => {
    expect(title).toBe('Sample LimeSurvey for 1.92+');
    expect(anonymity).toBe('confidential');
    expect(report.imported).toEqual({
      pages: 12,
      questions: 143,
      formats: { text: 11, number: 59, boolean: 4, multiple: 14, likert: 32, single: 6, scale: 16, date: 1 },
      conditions: 1,
      introTexts: 10,
    });
    expect(definition.pages[0]!.title).toBe('Dynamic, On-page Report Generation');
  });

  it('maps each question type as documented', () => {
    expect(byId('qListRadio').format.type).toBe('single');
    expect(byId('qListDropdown').format.type).toBe('single');
    expect(byId('qGender').format).toMatchObject({ type: 'single', options: [{ code: 'F', label: 'Female' }, { code: 'M', label: 'Male' }] });
    expect(byId('qYesNo').format).toMatchObject({ type: 'boolean', style: 'yes-no' });
    expect(byId('q5pointChoice').format).toMatchObject({ type: 'likert', points: 5, labels: ['1', '2', '3', '4', '5'] });
    expect(byId('qArray5Point_1').format).toMatchObject({ type: 'likert', points: 5 });
    expect(byId('qArray10Point_L1').format).toMatchObject({ type: 'scale', min: 1, max: 10 });
    expect(byId('qMultipleNumerical_self').format.type).toBe('number');
    expect(byId('qHugeText').format).toMatchObject({ type: 'text', multiline: true, maxLength: 20_000 });
    expect(byId('qShort').format).toMatchObject({ type: 'text', multiline: false });
    expect(byId('qDate').format.type).toBe('date');
    expect(byId('qMultipleChoice').format.type).toBe('multiple');
    expect(byId('qNumerical').text).toBe('How old are you?');
    expect(byId('kid1').required).toBe(true);
    expect(byId('qListDropdown').format).toMatchObject({ options: expect.arrayContaining([expect.objectContaining({ code: expect.any(String), label: expect.any(String) })]) });
  });

  it('lists the types it cannot import by name', () => {
    const left = names(report.notImported, 'question');
    for (const name of ['qRanking', 'qFileUpload', 'qArrayDualScale', 'qArrayNumbers', 'qArrayTexts', 'qArrayByColumn', 'qArrayISD', 'qArrayYNU', 'qListWithComment', 'qMultipleShort', 'qLanguage']) {
      expect(left).toContain(name);
    }
    expect(find(report.notImported, 'qRanking')[0]!.reason).toContain('ranking (type R)');
    expect(find(report.notImported, 'hidden2')[0]!.reason).toContain('type *');
    expect(names(report.notImported, 'comment')).toContain('qMultChoiceComment');
    expect(names(report.notImported, 'option')).toEqual(expect.arrayContaining(['qListRadio.other', 'qListDropdown.other']));
  });

  it('maps relevance on an earlier page and reports the rest with the expression', () => {
    expect(byId('OnPageRelevance').condition).toEqual({ all: [{ question: 'showAny', op: 'equals', value: 1 }] });
    const page = find(report.notImported, 'page "Dynamic Relevance"').find((i) => i.element === 'condition')!;
    expect(page.reason).toContain('Relevance "num > 10"');
    expect(page.reason).toContain('its answers are not numbers');
    expect(find(report.notImported, 'married')[0]!.reason).toContain('refers to age on the same page');
    expect(find(report.notImported, 'qArray').filter((i) => i.element === 'condition')).toHaveLength(1);
  });

  it('lists validation, array filters, defaults and participant attributes', () => {
    const attributes = names(report.notImported, 'attribute');
    expect(attributes).toEqual(expect.arrayContaining(['vS.preg', 'v1K.min_num_value', 'afAFR.array_filter', 'v5N.min_num_value_n']));
    expect(names(report.notImported, 'default value')).toContain('qListRadio');
    expect(names(report.notImported, 'participant attribute')).toHaveLength(3);
  });

  it('turns HTML into plain text with its line breaks', () => {
    expect(byId('qListRadio').text).toBe('What is your favorite color?');
    expect(definition.welcome).toContain('This demo shows the main capabilities of ExpressionManager, including:\n- Dynamic tailoring');
    expect(definition.welcome).not.toMatch(/<[a-z]/i);
  });
});

describe('group relevance (a census with a page per person)', () => {
  const { definition, report } = importLss(fixture('ls205_group_relevance.lss'));

  it('turns page relevance on earlier answers into page conditions', () => {
    expect(definition.pages.map((p) => p.title)).toEqual(['Initial Questions', 'Person 1', 'Person 2', 'Person 3', 'Person 4', 'Summary', 'Finished']);
    expect(definition.pages[1]!.condition).toEqual({ all: [{ question: 'cohabs', op: 'greater-than', value: 0 }] });
    expect(definition.pages[2]!.condition).toEqual({ all: [{ question: 'cohabs', op: 'greater-than', value: 1 }, { question: 'p1rel', op: 'answered' }] });
    expect(definition.pages[5]!.condition).toEqual({ all: [{ question: 'cohabs', op: 'answered' }] });
    expect(report.imported).toMatchObject({ pages: 7, questions: 21, conditions: 5 });
  });

  it('reports a page relevance with a function, and questions that depend on the same page', () => {
    expect(definition.pages[6]!.condition).toBeUndefined();
    expect(find(report.notImported, 'page "Finished"')[0]!.reason).toContain('uses the function count()');
    expect(find(report.notImported, 'gender')[0]!.reason).toContain('Relevance "!is_empty(name)" refers to name on the same page');
    expect(names(report.notImported, 'option')).toEqual(['p1rel.other', 'p2rel.other', 'p3rel.other', 'p4rel.other']);
  });
});

describe('validation tests', () => {
  const { definition, report } = importLss(fixture('ls205_validation_tests.lss'));

  it('imports the questions and reports each validation it cannot hold', () => {
    expect(report.imported).toMatchObject({ pages: 4, questions: 56 });
    const questions = allQuestions(definition);
    expect(questions.find((q) => q.id === 'maxSelect')!.format).toEqual({ type: 'number', max: 5, integer: true, suffix: '' });
    expect(questions.find((q) => q.id === 'v1MC')!.format).toMatchObject({ type: 'multiple', minChoices: 1, maxChoices: 3 });
    const attribute = find(report.notImported, 'v3K.equals_num_value')[0]!;
    expect(attribute.reason).toContain('"age + yearsMarried"');
    expect(find(report.notImported, 'v1MCC.exclude_all_others')).toHaveLength(1);
    expect(names(report.notImported, 'question')).toEqual(expect.arrayContaining(['afDS', 'afAMF', 'afMFtext', 'v1R', 'vQ']));
  });
});

describe('a malformed or unsupported file', () => {
  const likert = fixture('likert50.lss').toString('utf8');
  const cases: [string, string | Buffer, RegExp][] = [
    ['garbage', 'this is not a survey', /not XML: it starts with "this is not a survey"/],
    ['an empty file', '', /not XML/],
    ['truncated XML', likert.slice(0, Math.floor(likert.length / 2)), /ends on line \d+ before the LimeSurvey document is closed/],
    ['a DOCTYPE with an entity', '<?xml version="1.0"?>\n<!DOCTYPE document [<!ENTITY boom "x">]>\n<document>&boom;</document>', /declares a DOCTYPE on line 2/],
    ['broken XML', '<document><a>unclosed</document>', /not well-formed XML: .*\(line 1, column \d+\)/],
    ['XML of another kind', '<?xml version="1.0"?><rss><channel/></rss>', /root element is <rss>, not <document>/],
    ['a question group export', '<?xml version="1.0"?><document><LimeSurveyDocType>Group</LimeSurveyDocType><DBVersion>630</DBVersion></document>', /LimeSurvey "Group" export, not a survey structure/],
    ['a structure too old', '<?xml version="1.0"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>111</DBVersion></document>', /DBVersion 111, from before LimeSurvey 1\.92/],
    ['a ZIP archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /ZIP archive.*\.lsa/],
    ['bytes that are not UTF-8', Buffer.from([0x3c, 0xff, 0xfe, 0xfd]), /not UTF-8 text/],
    ['an oversized file', Buffer.alloc(10 * 1024 * 1024 + 1, 0x20), /10\.0 MB; .* up to 10 MB/],
  ];

  it.each(cases)('refuses %s with a message naming what and where', (_name, content, message) => {
    expect(() => importLss(content)).toThrow(ImportError);
    expect(() => importLss(content)).toThrow(message);
  });
});

/** A LimeSurvey 2-style structure written for these tests: rows carry their language. */
function section(name: string, rows: Record<string, string>[]): string {
  const cell = (key: string, value: string) => (value === '' ? `<${key}/>` : `<${key}><![CDATA[${value}]]></${key}>`);
  const fields = Object.keys(rows[0] ?? {}).map((f) => `<fieldname>${f}</fieldname>`).join('');
  return `<${name}><fields>${fields}</fields><rows>${rows.map((r) => `<row>${Object.entries(r).map(([k, v]) => cell(k, v)).join('')}</row>`).join('')}</rows></${name}>`;
}

function ownStructure(): string {
  const question = (qid: string, gid: string, type: string, title: string, text: string, order: string, relevance = '1', extra: Record<string, string> = {}) =>
    ['en', 'de'].map((language) => ({ qid, parent_qid: '0', sid: '1', gid, type, title, question: language === 'en' ? text : `DE ${text}`, help: '', other: 'N', mandatory: 'N', question_order: order, language, relevance, ...extra }));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n<document>',
    '<LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>366</DBVersion>',
    '<languages><language>en</language><language>de</language></languages>',
    section('groups', [
      { gid: '10', sid: '1', group_name: 'About your team', group_order: '0', description: '<p>Some questions about <b>your</b> team &amp; role.</p>', language: 'en', grelevance: '' },
      { gid: '10', sid: '1', group_name: 'Ihr Team', group_order: '0', description: '', language: 'de', grelevance: '' },
      { gid: '11', sid: '1', group_name: 'Managers only', group_order: '1', description: '', language: 'en', grelevance: 'role.NAOK == "MGR"' },
      { gid: '11', sid: '1', group_name: 'Nur Leitung', group_order: '1', description: '', language: 'de', grelevance: 'role.NAOK == "MGR"' },
    ]),
    section('questions', [
      ...question('100', '10', 'L', 'role', 'What is your role?', '0', '1', { other: 'Y', mandatory: 'Y' }),
      ...question('101', '10', 'N', 'years', 'Years in the team', '1'),
      ...question('102', '10', 'X', 'note', 'Answer for your <i>main</i> team.', '2'),
      ...question('103', '11', 'Y', 'coach', 'Have you had coaching?', '0', 'years > 2 && role == "MGR"'),
      ...question('104', '11', 'D', 'since', 'Since when?', '1', '!is_empty(coach)'),
      ...question('105', '11', '*', 'score', '{years * 2}', '2'),
      ...question('106', '11', 'S', 'Coach', 'Who coached you?', '3', '1', { mandatory: 'S' }),
    ]),
    section('answers', ['MGR', 'PRAC'].flatMap((code, i) => ['en', 'de'].map((language) => ({ qid: '100', code, answer: language === 'en' ? ['Manager', 'Practitioner'][i]! : `DE ${code}`, sortorder: String(i), assessment_value: '0', language, scale_id: '0' })))),
    section('question_attributes', [
      { qid: '101', attribute: 'min_num_value_n', value: '0', language: '' },
      { qid: '101', attribute: 'max_num_value_n', value: '40', language: '' },
      { qid: '101', attribute: 'num_value_int_only', value: '1', language: '' },
      { qid: '101', attribute: 'prefix', value: 'about', language: 'en' },
      { qid: '101', attribute: 'text_input_width', value: '3', language: '' },
    ]),
    section('quota', [{ id: '1', sid: '1', name: 'Enough managers', qlimit: '50', action: '1', active: '1' }]),
    section('surveys', [{ sid: '1', anonymized: 'Y', language: 'en', additional_languages: 'de', usetokens: 'N', assessments: 'N' }]),
    section('surveys_languagesettings', [
      { surveyls_survey_id: '1', surveyls_language: 'en', surveyls_title: 'Team climate', surveyls_description: '', surveyls_welcometext: 'Welcome&nbsp;to the <b>team</b> survey.', surveyls_endtext: '' },
      { surveyls_survey_id: '1', surveyls_language: 'de', surveyls_title: 'Teamklima', surveyls_description: '', surveyls_welcometext: 'Willkommen', surveyls_endtext: '' },
    ]),
    '</document>',
  ].join('\n');
}

describe('a small structure of our own, in two languages', () => {
  const { definition, report, title, anonymity } = importLss(ownStructure());
  const [first, second] = definition.pages;

  it('reads the base language and reports the other', () => {
    expect(title).toBe('Team climate');
    expect(anonymity).toBe('anonymous');
    expect(definition.welcome).toBe('Welcome to the team survey.');
    expect(definition.thankYou).toBe('Thank you. Your answers have been saved.');
    expect(first!.title).toBe('About your team');
    expect(first!.intro).toBe('Some questions about your team & role.\n\nAnswer for your main team.');
    expect(find(report.notImported, 'de')[0]).toMatchObject({ element: 'language', reason: expect.stringContaining('base language (en)') });
  });

  it('converts lists, numbers with their limits, yes/no and dates', () => {
    expect(first!.questions.map((q) => q.id)).toEqual(['role', 'years']);
    expect(first!.questions[0]).toMatchObject({ required: true, format: { type: 'single', options: [{ code: 'MGR', label: 'Manager' }, { code: 'PRAC', label: 'Practitioner' }] } });
    expect(first!.questions[1]!.format).toEqual({ type: 'number', min: 0, max: 40, integer: true, suffix: '' });
    expect(second!.questions.map((q) => [q.id, q.format.type, q.required])).toEqual([['coach', 'boolean', false], ['since', 'date', false], ['Coach_2', 'text', false]]);
  });

  it('maps page and question relevance on earlier pages, and reports what it cannot', () => {
    expect(second!.condition).toEqual({ all: [{ question: 'role', op: 'equals', value: 'MGR' }] });
    expect(second!.questions[0]!.condition).toEqual({ all: [{ question: 'years', op: 'greater-than', value: 2 }, { question: 'role', op: 'equals', value: 'MGR' }] });
    expect(second!.questions[1]!.condition).toBeUndefined();
    expect(find(report.notImported, 'since')[0]!.reason).toBe('Relevance "!is_empty(coach)" refers to coach on the same page; Formative conditions use answers from earlier pages only; the question is imported without it, so it is always shown');
    expect(report.imported.conditions).toBe(2);
  });

  it('lists the other option, the prefix, the equation, a renamed code, soft mandatory and the quota, and leaves layout settings out', () => {
    expect(report.notImported.map((i) => `${i.element}: ${i.name}`)).toEqual([
      'option: role.other',
      'attribute: years.prefix',
      'question: score',
      'question code: Coach',
      'attribute: Coach.mandatory',
      'condition: since',
      'language: de',
      'quota: Enough managers',
    ]);
  });
});
