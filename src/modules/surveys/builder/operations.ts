import { DefinitionError, type Condition, type Page, type Question, type SurveyDefinition } from '../definition.ts';

/**
 * Changes to a questionnaire, each a pure function from one definition to the next. They refuse,
 * with a DefinitionError naming the reason, what would leave a condition pointing at nothing;
 * everything else (ids, formats, conditions on earlier pages) is checked by parseDefinition when
 * the result is saved.
 */

export type Direction = 'up' | 'down';

export interface QuestionPlace {
  page: Page;
  pageIndex: number;
  question: Question;
  questionIndex: number;
}

export function findPage(definition: SurveyDefinition, pageId: string): Page | undefined {
  return definition.pages.find((p) => p.id === pageId);
}

export function findQuestion(definition: SurveyDefinition, questionId: string): QuestionPlace | undefined {
  for (const [pageIndex, page] of definition.pages.entries()) {
    const questionIndex = page.questions.findIndex((q) => q.id === questionId);
    const question = page.questions[questionIndex];
    if (question) return { page, pageIndex, question, questionIndex };
  }
  return undefined;
}

function pageOrRefuse(definition: SurveyDefinition, pageId: string): Page {
  const page = findPage(definition, pageId);
  if (!page) throw new DefinitionError([`There is no page ${pageId}`]);
  return page;
}

function placeOrRefuse(definition: SurveyDefinition, questionId: string): QuestionPlace {
  const place = findQuestion(definition, questionId);
  if (!place) throw new DefinitionError([`There is no question ${questionId}`]);
  return place;
}

function withPage(definition: SurveyDefinition, pageId: string, change: (page: Page) => Page): SurveyDefinition {
  pageOrRefuse(definition, pageId);
  return { ...definition, pages: definition.pages.map((p) => (p.id === pageId ? change(p) : p)) };
}

function withQuestion(definition: SurveyDefinition, questionId: string, change: (question: Question) => Question): SurveyDefinition {
  const { page } = placeOrRefuse(definition, questionId);
  return withPage(definition, page.id, (p) => ({ ...p, questions: p.questions.map((q) => (q.id === questionId ? change(q) : q)) }));
}

function clausesOf(condition: Condition | undefined) {
  if (!condition) return [];
  return 'all' in condition ? condition.all : condition.any;
}

/** Who refers to a question in a condition, in words: 'question q7', 'page "About you"'. */
export function referencesTo(definition: SurveyDefinition, questionIds: string[]): string[] {
  const wanted = new Set(questionIds);
  const refers = (condition: Condition | undefined) => clausesOf(condition).some((c) => wanted.has(c.question));
  const out: string[] = [];
  for (const page of definition.pages) {
    if (refers(page.condition)) out.push(`page "${page.title}"`);
    for (const q of page.questions) if (!wanted.has(q.id) && refers(q.condition)) out.push(`question ${q.id}`);
  }
  return out;
}

function refuseIfReferenced(definition: SurveyDefinition, questionIds: string[], what: string): void {
  const owners = referencesTo(definition, questionIds);
  if (owners.length) {
    throw new DefinitionError([`${what} cannot be deleted: the condition of ${owners.join(', ')} refers to it. Change or remove that condition first.`]);
  }
}

/** The questions a condition on this page (or a question on it) may use: those on earlier pages. */
export function earlierQuestions(definition: SurveyDefinition, pageId: string): Question[] {
  const index = definition.pages.findIndex((p) => p.id === pageId);
  return definition.pages.slice(0, Math.max(index, 0)).flatMap((p) => p.questions);
}

function nextNumberedId(prefix: string, taken: string[]): string {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  const highest = Math.max(0, ...taken.map((id) => Number(pattern.exec(id)?.[1] ?? 0)));
  return `${prefix}${highest + 1}`;
}

/**
 * The id to suggest for a new custom question: one above the highest q-number, so an id dropped
 * from an answered version is not quietly given to a different question.
 */
export function nextQuestionId(definition: SurveyDefinition): string {
  return nextNumberedId('q', definition.pages.flatMap((p) => p.questions.map((q) => q.id)));
}

export function nextPageId(definition: SurveyDefinition): string {
  return nextNumberedId('p', definition.pages.map((p) => p.id));
}

export function setTexts(definition: SurveyDefinition, texts: Pick<SurveyDefinition, 'welcome' | 'privacyNotice' | 'thankYou'>): SurveyDefinition {
  return { ...definition, welcome: texts.welcome, privacyNotice: texts.privacyNotice, thankYou: texts.thankYou };
}

export function addPage(definition: SurveyDefinition, details: { title: string; intro: string }): SurveyDefinition {
  const page: Page = { id: nextPageId(definition), title: details.title, intro: details.intro, questions: [] };
  return { ...definition, pages: [...definition.pages, page] };
}

export function updatePage(definition: SurveyDefinition, pageId: string, details: { title: string; intro: string }): SurveyDefinition {
  return withPage(definition, pageId, (p) => ({ ...p, title: details.title, intro: details.intro }));
}

/** Deletes a page and its questions, unless a condition elsewhere refers to one of them. */
export function deletePage(definition: SurveyDefinition, pageId: string): SurveyDefinition {
  const page = pageOrRefuse(definition, pageId);
  const others = { ...definition, pages: definition.pages.filter((p) => p.id !== pageId) };
  const owners = referencesTo(others, page.questions.map((q) => q.id));
  if (owners.length) {
    throw new DefinitionError([`Page "${page.title}" cannot be deleted: the condition of ${owners.join(', ')} refers to its questions. Change or remove that condition first.`]);
  }
  return others;
}

function swap<T>(list: T[], index: number, direction: Direction): T[] {
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= list.length) return list;
  const out = [...list];
  [out[index], out[target]] = [out[target] as T, out[index] as T];
  return out;
}

/** Moves a page one place; the first page up or the last page down stays where it is. */
export function movePage(definition: SurveyDefinition, pageId: string, direction: Direction): SurveyDefinition {
  pageOrRefuse(definition, pageId);
  return { ...definition, pages: swap(definition.pages, definition.pages.findIndex((p) => p.id === pageId), direction) };
}

export function setPageCondition(definition: SurveyDefinition, pageId: string, condition: Condition | undefined): SurveyDefinition {
  return withPage(definition, pageId, (p) => withCondition(p, condition));
}

function withCondition<T extends { condition?: Condition }>(owner: T, condition: Condition | undefined): T {
  const { condition: _old, ...rest } = owner;
  return (condition ? { ...rest, condition } : rest) as T;
}

function refuseTakenIds(definition: SurveyDefinition, ids: string[]): void {
  const taken = ids.filter((id) => findQuestion(definition, id));
  if (taken.length === 1) throw new DefinitionError([`The question id ${taken[0]} is already used in this survey; choose another`]);
  if (taken.length > 1) throw new DefinitionError([`These question ids are already used in this survey: ${taken.join(', ')}`]);
}

/** Adds questions at the end of a page. */
export function addQuestions(definition: SurveyDefinition, pageId: string, questions: Question[]): SurveyDefinition {
  refuseTakenIds(definition, questions.map((q) => q.id));
  return withPage(definition, pageId, (p) => ({ ...p, questions: [...p.questions, ...questions] }));
}

function renameInCondition(condition: Condition | undefined, from: string, to: string): Condition | undefined {
  if (!condition) return undefined;
  const rename = (clauses: ReturnType<typeof clausesOf>) => clauses.map((c) => (c.question === from ? { ...c, question: to } : c));
  return 'all' in condition ? { all: rename(condition.all) } : { any: rename(condition.any) };
}

/**
 * Replaces a question with a changed one. A changed id is carried into every condition that used
 * the old one, so renaming never leaves a condition pointing at nothing.
 */
export function replaceQuestion(definition: SurveyDefinition, questionId: string, question: Question): SurveyDefinition {
  placeOrRefuse(definition, questionId);
  if (question.id !== questionId) refuseTakenIds(definition, [question.id]);
  const replaced = withQuestion(definition, questionId, (old) => withCondition(question, old.condition));
  if (question.id === questionId) return replaced;
  return {
    ...replaced,
    pages: replaced.pages.map((p) => withCondition({
      ...p,
      questions: p.questions.map((q) => withCondition(q, renameInCondition(q.condition, questionId, question.id))),
    }, renameInCondition(p.condition, questionId, question.id))),
  };
}

export function deleteQuestion(definition: SurveyDefinition, questionId: string): SurveyDefinition {
  const { page } = placeOrRefuse(definition, questionId);
  refuseIfReferenced(definition, [questionId], `Question ${questionId}`);
  return withPage(definition, page.id, (p) => ({ ...p, questions: p.questions.filter((q) => q.id !== questionId) }));
}

/** Moves a question one place within its page. */
export function moveQuestion(definition: SurveyDefinition, questionId: string, direction: Direction): SurveyDefinition {
  const { page, questionIndex } = placeOrRefuse(definition, questionId);
  return withPage(definition, page.id, (p) => ({ ...p, questions: swap(p.questions, questionIndex, direction) }));
}

/**
 * Moves a question to the end of another page. Whether its condition, and conditions on it, still
 * point at earlier pages is left to parseDefinition, which names any that no longer do.
 */
export function moveQuestionToPage(definition: SurveyDefinition, questionId: string, pageId: string): SurveyDefinition {
  const { page, question } = placeOrRefuse(definition, questionId);
  pageOrRefuse(definition, pageId);
  if (page.id === pageId) return definition;
  return {
    ...definition,
    pages: definition.pages.map((p) => {
      if (p.id === page.id) return { ...p, questions: p.questions.filter((q) => q.id !== questionId) };
      if (p.id === pageId) return { ...p, questions: [...p.questions, question] };
      return p;
    }),
  };
}

export function setQuestionCondition(definition: SurveyDefinition, questionId: string, condition: Condition | undefined): SurveyDefinition {
  return withQuestion(definition, questionId, (q) => withCondition(q, condition));
}

/** Instruments with questions still waiting for their licensed wording. */
export function wordingNeeded(definition: SurveyDefinition): string[] {
  const ids = definition.pages.flatMap((p) => p.questions).filter((q) => q.source && !q.text.trim()).map((q) => q.source!.instrument);
  return [...new Set(ids)];
}

/**
 * Puts wording loaded since the items were added into the questions still without any. Wording a
 * team has edited in the survey is left alone.
 */
export function fillWording(definition: SurveyDefinition, wording: ReadonlyMap<string, ReadonlyMap<string, string>>): { definition: SurveyDefinition; count: number } {
  let count = 0;
  const pages = definition.pages.map((p) => ({
    ...p,
    questions: p.questions.map((q) => {
      const text = q.source && !q.text.trim() ? wording.get(q.source.instrument)?.get(q.source.item) : undefined;
      if (!text) return q;
      count += 1;
      return { ...q, text };
    }),
  }));
  return { definition: { ...definition, pages }, count };
}
