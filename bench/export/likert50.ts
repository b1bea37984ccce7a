import type { SurveyDefinitionInput } from '../../src/modules/surveys/definition.ts';

/**
 * The benchmark survey shape of ../shared/fixtures/limesurvey/likert50.lss: 50 five-point Likert
 * items over four pages (13, 13, 12, 12) and two free-text questions on the last page. The
 * wording is placeholder text of our own; only the shape matters here.
 */
const agreement = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
const pageSizes = [13, 13, 12, 12];

export const likertIds = Array.from({ length: 50 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`);
export const textIds = ['t1', 't2'];

type PageInput = SurveyDefinitionInput['pages'][number];

function likertPage(page: number, first: number, size: number): PageInput {
  return {
    id: `p${page}`,
    title: `Part ${page}`,
    questions: likertIds.slice(first, first + size).map((id, i) => ({
      id,
      text: `Statement ${first + i + 1} about working here`,
      format: { type: 'likert', points: 5, labels: agreement, missing: [{ code: 'NR', label: 'Not relevant to my work' }] },
    })),
  };
}

export function likert50(): SurveyDefinitionInput {
  let first = 0;
  const pages = pageSizes.map((size, i) => {
    const page = likertPage(i + 1, first, size);
    first += size;
    return page;
  });
  const wording = ['What has helped the change most?', 'What has held it back?'];
  pages[3]!.questions.push(...textIds.map((id, i) => ({ id, text: wording[i]!, format: { type: 'text' as const, multiline: true } })));
  return { welcome: 'Thank you for taking part.', pages };
}
