import { describe, expect, it } from 'vitest';
import { allQuestions } from '../definition.ts';
import { importRedcap } from './redcap.ts';
import { ImportError } from './report.ts';

/** A dictionary written for these tests, in the columns REDCap's designer downloads. */
const header = '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider Number","Text Validation Min","Text Validation Max","Identifier?","Branching Logic (Show field only if...)","Required Field?","Custom Alignment","Question Number (surveys only)","Matrix Group Name","Matrix Ranking?","Field Annotation"';
const rows = [
  'record_id,team_survey,,text,Record ID,,,,,,,,,,,,,',
  'welcome_text,team_survey,"<h2>About you</h2>",descriptive,"Answer for the team you spend <b>most</b> time in.",,,,,,,,,,,,,',
  'role,team_survey,,radio,"What is your role?","1, Manager | 2, Practitioner | 3, Administrator",,,,,,,y,,,,,',
  'dropdown_site,team_survey,,dropdown,"Which site?","N, North | S, South",,,,,,,,,,,,',
  'years,team_survey,,text,"Years in post","",Whole years,integer,0,45,,,y,,,,,',
  'hours,team_survey,,text,"Hours a week",,,number,0,,,,,,,,,',
  'started,team_survey,,text,"When did you start?",,,date_ymd,2000-01-01,today,,,,,,,,',
  'email,team_survey,,text,"Your e-mail address",,,email,,,y,,,,,,,',
  'supports,team_survey,"Support you used",checkbox,"Which support did you use?","1, Coaching | 2, Training | 3, Peer network",,,,,,,,,,,,',
  'involved,change_climate,,yesno,"Were you involved in planning the change?",,,,,,,,y,,,,,',
  'explained,change_climate,,truefalse,"My manager explained the change",,,,,,,"[role] = \'1\'",,,,,,',
  'more_training,change_climate,,notes,"What training would help?",,,,,,,"[supports(2)] = \'1\' and [years] > 2",,,,,,',
  'readiness,change_climate,,slider,"How ready is your team?","Not ready | Half way | Fully ready",,,,,,"[involved] = \'1\' or [role] <> \'3\'",,,,,,',
  'score,change_climate,,calc,"Readiness score","[years] * 2",,,,,,,,,,,,',
  'evidence,change_climate,,file,"Upload a document",,,,,,,,,,,,,',
  'same_page,change_climate,,text,"Anything else?",,,,,,,"[involved] = \'1\'",,,,,,',
  'odd,change_climate,,text,"Odd logic",,,,,,,"datediff([started],\'today\',\'y\') > 1",,,,,,@HIDDEN-SURVEY',
];
const dictionary = [header, ...rows].join('\r\n');

describe('a REDCap data dictionary', () => {
  const { definition, report, anonymity, title } = importRedcap(dictionary);
  const questions = allQuestions(definition);
  const byId = (id: string) => questions.find((q) => q.id === id)!;

  it('makes a page per form, a new page at a section header inside a form, and page introductions from descriptive fields', () => {
    expect(title).toBe('');
    expect(definition.pages.map((p) => [p.title, p.questions.map((q) => q.id)])).toEqual([
      ['Team survey', ['role', 'dropdown_site', 'years', 'hours', 'started', 'email']],
      ['Support you used', ['supports']],
      ['Change climate', ['involved', 'explained', 'more_training', 'readiness', 'same_page', 'odd']],
    ]);
    expect(definition.pages[0]!.intro).toBe('About you\n\nAnswer for the team you spend most time in.');
    expect(report.imported).toEqual({ pages: 3, questions: 13, formats: { single: 2, number: 2, date: 1, text: 4, multiple: 1, boolean: 2, scale: 1 }, conditions: 2, introTexts: 1 });
  });

  it('maps each field type, choice list, validation and flag', () => {
    expect(byId('role')).toMatchObject({ text: 'What is your role?', required: true, format: { type: 'single', options: [{ code: '1', label: 'Manager' }, { code: '2', label: 'Practitioner' }, { code: '3', label: 'Administrator' }] } });
    expect(byId('dropdown_site').format).toMatchObject({ type: 'single', options: [{ code: 'N', label: 'North' }, { code: 'S', label: 'South' }] });
    expect(byId('years')).toMatchObject({ hint: 'Whole years', format: { type: 'number', min: 0, max: 45, integer: true } });
    expect(byId('hours').format).toEqual({ type: 'number', min: 0, integer: false, suffix: '' });
    expect(byId('started').format).toEqual({ type: 'date', min: '2000-01-01' });
    expect(byId('email').format).toMatchObject({ type: 'text', multiline: false });
    expect(byId('supports').format).toMatchObject({ type: 'multiple', options: [{ code: '1', label: 'Coaching' }, { code: '2', label: 'Training' }, { code: '3', label: 'Peer network' }] });
    expect(byId('involved').format).toMatchObject({ type: 'boolean', style: 'yes-no' });
    expect(byId('explained').format).toMatchObject({ type: 'boolean', style: 'true-false' });
    expect(byId('more_training').format).toMatchObject({ type: 'text', multiline: true });
    expect(byId('readiness').format).toEqual({ type: 'scale', min: 0, max: 100, lowLabel: 'Not ready', highLabel: 'Fully ready', missing: [] });
    expect(anonymity).toBe('confidential');
  });

  it('maps branching logic on earlier pages and reports the rest with the logic', () => {
    expect(byId('explained').condition).toEqual({ all: [{ question: 'role', op: 'equals', value: '1' }] });
    expect(byId('more_training').condition).toEqual({ all: [{ question: 'supports', op: 'equals', value: '2' }, { question: 'years', op: 'greater-than', value: 2 }] });
    expect(byId('readiness').condition).toBeUndefined();
    const reasons = Object.fromEntries(report.notImported.filter((i) => i.element === 'condition').map((i) => [i.name, i.reason]));
    expect(reasons.readiness).toContain("Branching logic \"[involved] = '1' or [role] <> '3'\" refers to [involved] on the same page");
    expect(reasons.odd).toContain('uses the function datediff()');
    expect(reasons.same_page).toContain('on the same page');
  });

  it('lists every field and setting it did not import', () => {
    expect(report.notImported.filter((i) => i.element !== 'condition').map((i) => `${i.element}: ${i.name}`)).toEqual([
      'field: record_id',
      'attribute: started.validation max',
      'attribute: email.validation',
      'attribute: email.identifier',
      'attribute: readiness.middle label',
      'field: score',
      'field: evidence',
      'attribute: odd.annotation',
    ]);
    expect(report.notImported.find((i) => i.name === 'score')!.reason).toContain('calculated field');
  });

  it('reads the API export column names too, and stays anonymous without identifiers', () => {
    const api = [
      'field_name,form_name,section_header,field_type,field_label,select_choices_or_calculations,field_note,text_validation_type_or_show_slider_number,text_validation_min,text_validation_max,identifier,branching_logic,required_field',
      'id,f,,text,ID,,,,,,,,',
      'q1,f,,yesno,Agreed?,,,,,,,,',
      "q2,second_form,,radio,Why?,\"a, Because | b, Other\",,,,,,[q1] = '1',y",
    ].join('\n');
    const result = importRedcap(Buffer.from(`\uFEFF${api}`));
    expect(result.anonymity).toBe('anonymous');
    expect(allQuestions(result.definition).map((q) => [q.id, q.format.type, q.required])).toEqual([['q1', 'boolean', false], ['q2', 'single', true]]);
    expect(result.definition.pages[1]!.questions[0]!.condition).toEqual({ all: [{ question: 'q1', op: 'equals', value: 1 }] });
  });
});

describe('a CSV that is not a usable dictionary', () => {
  it.each([
    ['a spreadsheet of something else', 'name,email\nAnn,ann@example.org', /not a REDCap data dictionary: its first row has no Variable \/ Field Name, Form Name, Field Type, Field Label columns \(it starts "name", "email"\)/],
    ['a dictionary missing the field type', '"Variable / Field Name","Form Name","Field Label"\nq1,f,Q', /has no Field Type column/],
    ['a header only', header, /header row but no fields/],
    ['an empty file', '', /The file is empty/],
    ['an unclosed quote', `${header}\nrecord_id,f,,text,"Record ID`, /cannot be read at row \d+: a quoted field is never closed/],
    ['choices that are not code, label pairs', `${header}\nrecord_id,f,,text,ID\nq1,f,,radio,Pick,"Yes | No"`, /Row 3, column Choices, Calculations, OR Slider Labels: "Yes" is not a "code, label" pair \(field q1\)/],
    ['a variable used twice', `${header}\nrecord_id,f,,text,ID\nq1,f,,yesno,A\nq1,f,,yesno,B`, /Row 4, column Variable \/ Field Name: q1 is already the variable of row 3/],
    ['a field without a form', `${header}\nrecord_id,f,,text,ID\nq1,,,yesno,A`, /Row 3, column Form Name: the field q1 has no form/],
    ['XML sent as a dictionary', '<?xml version="1.0"?><document/>', /looks like XML or HTML, not CSV/],
  ])('refuses %s, naming the row and column', (_name, content, message) => {
    expect(() => importRedcap(content)).toThrow(ImportError);
    expect(() => importRedcap(content)).toThrow(message);
  });
});
