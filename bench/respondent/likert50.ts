import type { SurveyDefinitionInput } from '../../src/modules/surveys/definition.ts';

/**
 * The shape of ../shared/fixtures/limesurvey/likert50.lss, in our own words: a welcome page, 50
 * five-point Likert items over four pages (13, 13, 12, 12) and two long free-text questions on the
 * last page. Only the shape matters for the benchmark, so the wording is generated.
 */
const themes = ['Understanding the change', 'Leadership and support', 'Capability and adoption', 'Outcomes and sustainability'];
const itemsPerPage = [13, 13, 12, 12];
const labels = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];

type QuestionInput = SurveyDefinitionInput['pages'][number]['questions'][number];

export function likert50(): SurveyDefinitionInput {
  let item = 0;
  const pages = themes.map((theme, p) => ({
    id: `g${p + 1}`,
    title: theme,
    intro: 'Say how far you agree with each statement.',
    questions: Array.from({ length: itemsPerPage[p]! }, (): QuestionInput => {
      item += 1;
      return {
        id: `q${String(item).padStart(2, '0')}`,
        text: `Statement ${item} about ${theme.toLowerCase()} in my part of the organisation`,
        format: { type: 'likert', points: 5, labels },
      };
    }),
  }));
  pages[3]!.questions.push(
    { id: 'helped', text: 'What has helped the change most?', format: { type: 'text', multiline: true, maxLength: 5000 } },
    { id: 'hindered', text: 'What has held the change back?', format: { type: 'text', multiline: true, maxLength: 5000 } },
  );
  return {
    welcome: 'This survey asks about the change programme in your organisation. It takes about ten minutes.\n\nYour answers are anonymous.',
    privacyNotice: '',
    thankYou: 'Thank you for taking part.',
    pages,
  };
}

/** The page sizes, for checking the survey built is the shape intended. */
export const likert50Shape = { pages: itemsPerPage.length, items: itemsPerPage.reduce((a, b) => a + b, 0), texts: 2 };
