import { describe, expect, it } from 'vitest';
import type { Answers } from '../conditions.ts';
import { parseDefinition, type Question } from '../definition.ts';
import { describeAnswer } from './answer-formats.ts';
import { formStateFromAnswers } from './form-state.ts';
import { visibility } from './navigation.ts';
import { checkPageContext, donePageContext, questionPageContext, startPageContext, type QuestionPageValues } from './page-views.ts';
import { SurveyPages, type PageBody } from './survey-pages.ts';
import { renderView } from './templates.ts';
import { everyFormat } from './test-fixtures.ts';

/**
 * The compiled pages must give exactly the bytes the GOV.UK macros give for the same values:
 * respondents must not be able to tell which way a page was made.
 */

const definition = parseDefinition(everyFormat);
const text = (body: PageBody) => body.toString();
const versionId = '11111111-2222-4333-8444-555555555555';

const values: QuestionPageValues = {
  surveyTitle: 'Staff survey <2024> & "more"',
  cspNonce: 'a1b2c3',
  key: 'K'.repeat(43) + 'abcdefghjk',
  formToken: 'token-value_1',
  position: 'Page 2 of 3',
  backHref: '/r/key/1',
  resumeCode: 'ABCD-EFGH-JK',
};

const answerSets: Record<string, Answers> = {
  'no answers': {},
  'a lead who manages': {
    role: 'lead',
    clear: 4,
    manager: 1,
    teamSize: 12,
    likely: 9,
    channels: ['email', 'intranet'],
    joined: '2003-04-07',
    hours: 37.5,
    leadOnly: '<script>alert("x")</script> & more',
    comments: 'First line with <b>markup</b>\nsecond line \\ backslash\n\n  indented "quoted" \'single\'',
  },
  'missing codes and a hidden page': { role: 'NR', clear: 'DK', manager: 0, likely: 0, channels: ['meet'] },
};

function directPage(pageNumber: number, answers: Answers): string {
  const page = definition.pages[pageNumber - 1]!;
  const seen = visibility(definition, answers);
  return renderView('page', questionPageContext(versionId, page, pageNumber, values, { state: formStateFromAnswers(page.questions, answers), errors: [], seen }));
}

describe('compiled respondent pages', () => {
  for (const [name, answers] of Object.entries(answerSets)) {
    it(`gives the macros' bytes for every question page with ${name}`, () => {
      const pages = new SurveyPages();
      const version = pages.remember(versionId, definition);
      definition.pages.forEach((page, index) => {
        const pageNumber = index + 1;
        const seen = visibility(definition, answers);
        const compiled = text(pages.questionPage(version, pageNumber, values, formStateFromAnswers(page.questions, answers), seen));
        expect(version.pages.get(pageNumber), `page ${pageNumber} was compiled`).toBeTruthy();
        expect(compiled).toBe(directPage(pageNumber, answers));
      });
    });

    it(`gives the macros' bytes for the check page with ${name}`, () => {
      const pages = new SurveyPages();
      const version = pages.remember(versionId, definition);
      const seen = visibility(definition, answers);
      const checkValues = { surveyTitle: values.surveyTitle, cspNonce: values.cspNonce, key: values.key, formToken: values.formToken, backHref: values.backHref };
      const compiled = text(pages.checkPage(version, seen, checkValues, answers));
      // Check pages are cached by the questions hidden.
      expect(version.checks.get([...seen.hidden].sort().join(',')), 'the check page was compiled').toBeTruthy();
      const direct = renderView('check', checkPageContext(versionId, definition, seen, checkValues, (q: Question) => describeAnswer(q, answers)));
      expect(compiled).toBe(direct);
    });
  }

  it('shows markup in answers and survey wording as text', () => {
    const pages = new SurveyPages();
    const version = pages.remember(versionId, definition);
    const answers = answerSets['a lead who manages']!;
    const html = text(pages.questionPage(version, 3, values, formStateFromAnswers(definition.pages[2]!.questions, answers), visibility(definition, answers)));
    expect(html).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"');
    expect(html).toContain('First line with &lt;b&gt;markup&lt;/b&gt;\nsecond line &#92; backslash');
    expect(html).not.toContain('<script>alert');
    const first = text(pages.questionPage(version, 1, values, formStateFromAnswers(definition.pages[0]!.questions, answers), visibility(definition, answers)));
    expect(first).toContain('I understand why the change is happening &lt;em&gt;now&lt;/em&gt;');
    expect(first).toContain('<title>About your work – Staff survey &lt;2024&gt; &amp; &quot;more&quot;</title>');
  });

  it('ticks the saved answers and leaves out questions not shown', () => {
    const pages = new SurveyPages();
    const version = pages.remember(versionId, definition);
    const staff: Answers = { role: 'staff', clear: 2, manager: 0 };
    const html = text(pages.questionPage(version, 3, values, formStateFromAnswers(definition.pages[2]!.questions, staff), visibility(definition, staff)));
    expect(html).not.toContain('As a lead, what would help most?');
    const first = text(pages.questionPage(version, 1, values, formStateFromAnswers(definition.pages[0]!.questions, staff), visibility(definition, staff)));
    expect(first).toContain('id="role-staff" name="role" type="radio" value="staff" checked>');
    expect(first).toContain('id="clear-2" name="clear" type="radio" value="2" checked>');
    expect(first).toContain('id="manager-0" name="manager" type="radio" value="0" checked>');
    expect(first.match(/ checked>/g)).toHaveLength(3);
  });

  it('gives the macros bytes for the start and thank-you pages', () => {
    const pages = new SurveyPages();
    const version = pages.remember(versionId, definition);
    const startValues = { surveyTitle: values.surveyTitle, cspNonce: 'n0nce', csrfToken: 'csrf-token' };
    const texts = { welcome: definition.welcome, privacyNotice: definition.privacyNotice };
    for (let i = 0; i < 2; i++) {
      expect(text(pages.startPage(versionId, texts, 'abcd2345', startValues))).toBe(renderView('start', startPageContext(texts, 'abcd2345', startValues)));
    }
    expect(pages.compiledStartPages(), 'the start page was compiled').toBe(1);
    const doneValues = { surveyTitle: values.surveyTitle, cspNonce: 'n0nce' };
    expect(text(pages.donePage(version, doneValues))).toBe(renderView('done', donePageContext(definition, doneValues)));
    expect(version.done).toBeTruthy();
  });

  it('renders directly, and still correctly, a survey whose wording holds the slot mark characters', () => {
    const odd = parseDefinition({ ...everyFormat, pages: [{ id: 'p', title: 'Odd \uE000s:key\uE001 title', questions: [{ id: 'q', text: 'Q', format: { type: 'text' } }] }] });
    const pages = new SurveyPages();
    const version = pages.remember(versionId, odd);
    const seen = visibility(odd, {});
    const html = text(pages.questionPage(version, 1, values, formStateFromAnswers([], {}), seen));
    expect(version.compilable).toBe(false);
    expect(html).toBe(renderView('page', questionPageContext(versionId, odd.pages[0]!, 1, values, { state: { chosen: {}, typed: {} }, errors: [], seen })));
  });
});
