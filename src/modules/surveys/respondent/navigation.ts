import { isShown, type Answers } from '../conditions.ts';
import type { Page, Question, SurveyDefinition } from '../definition.ts';

/**
 * Which pages and questions a respondent sees, given the answers so far. Pages are numbered in
 * addresses by their place in the questionnaire (1-based), which never changes; the "Page 3 of 7"
 * a respondent reads counts only the pages shown to them.
 */

export interface Visibility {
  /** Page numbers shown, in order. */
  pages: number[];
  /** Questions not shown: on a hidden page, or hidden by their own condition. */
  hidden: Set<string>;
}

/**
 * Walks the pages in order, dropping the answers of hidden questions before later conditions are
 * read: an answer left over from a page the respondent no longer sees must not steer what follows.
 * Conditions refer only to earlier pages, so one pass suffices.
 */
export function visibility(definition: SurveyDefinition, answers: Answers): Visibility {
  const effective: Answers = { ...answers };
  const pages: number[] = [];
  const hidden = new Set<string>();
  definition.pages.forEach((page, index) => {
    const pageShown = isShown(page.condition, effective);
    if (pageShown) pages.push(index + 1);
    for (const q of page.questions) {
      if (pageShown && isShown(q.condition, effective)) continue;
      hidden.add(q.id);
      delete effective[q.id];
    }
  });
  return { pages, hidden };
}

export function shownQuestions(page: Page, seen: Visibility): Question[] {
  return page.questions.filter((q) => !seen.hidden.has(q.id));
}

/** "Page 3 of 7", counting only pages shown; a page not shown counts as where it would be. */
export function positionText(seen: Visibility, pageNumber: number): string {
  const place = seen.pages.filter((n) => n <= pageNumber).length;
  return `Page ${Math.max(place, 1)} of ${seen.pages.length}`;
}

/** The first shown page after `pageNumber`, or undefined when the next step is checking answers. */
export function nextPageNumber(seen: Visibility, pageNumber: number): number | undefined {
  return seen.pages.find((n) => n > pageNumber);
}

/** The last shown page before `pageNumber`, or undefined for the first. */
export function previousPageNumber(seen: Visibility, pageNumber: number): number | undefined {
  return seen.pages.filter((n) => n < pageNumber).at(-1);
}

/** Whether answers are needed to know what any page shows. */
export function hasConditions(definition: SurveyDefinition): boolean {
  return definition.pages.some(pageDependsOnAnswers);
}

/** Whether answers are needed to know what a page shows: the page or one of its questions has a condition. */
export function pageDependsOnAnswers(page: Page): boolean {
  return !!page.condition || page.questions.some((q) => q.condition);
}
