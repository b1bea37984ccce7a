import type { Condition, Question, SurveyDefinition } from '../definition.ts';
import { DefinitionError, parseDefinition } from '../definition.ts';
import { readLssDocument, type LssDocument, type LssGroup, type LssQuestion } from './lss-document.ts';
import { convertQuestion, type ConvertedQuestion, type Target } from './lss-questions.ts';
import { reportSurveyLevel } from './lss-survey.ts';
import { htmlToLabel, htmlToPlainText } from './plain-text.ts';
import { isAlwaysShown, mapRelevance, type ResolveTarget } from './relevance.ts';
import { countImported, defaultThankYou, ImportError, ReportList, type SurveyImport } from './report.ts';
import { VariableNames } from './variable-names.ts';

/**
 * A LimeSurvey survey structure as a Formative survey: each question group becomes a page, the
 * common question types become questions, relevance becomes conditions where Formative can hold
 * them, and everything else is listed in the report.
 */

interface PendingQuestion extends ConvertedQuestion {
  source: LssQuestion;
}

interface PageDraft {
  group: LssGroup;
  title: string;
  intro: string[];
  questions: PendingQuestion[];
}

class LssConversion {
  readonly report = new ReportList();
  private readonly names = new VariableNames();
  private readonly targets = new Map<string, { target: Target | string; page: number }>();
  private readonly leftOut = new Map<string, string>();
  /** Each LimeSurvey question's own condition, mapped (and reported) once for all its rows. */
  private readonly ownConditions = new Map<string, Condition | undefined>();
  introTexts = 0;

  constructor(private readonly doc: LssDocument) {}

  /** Plain text from LimeSurvey's HTML, reporting the {…} expressions it fills in at run time. */
  text(raw: string, element: string, name: string): string {
    if (/\{[^{}\n]+\}/.test(raw)) {
      this.report.add('text', name, `The ${element} contains LimeSurvey expressions in braces ({…}), which Formative shows as written instead of filling in`);
    }
    return htmlToPlainText(raw);
  }

  pages(): PageDraft[] {
    const drafts = this.doc.groups.map((group, i): PageDraft => ({
      group,
      title: htmlToLabel(group.name) || `Page ${i + 1}`,
      intro: [this.text(group.description, 'page description', `page "${htmlToLabel(group.name)}"`)].filter(Boolean),
      questions: [],
    }));
    const pageOf = new Map(this.doc.groups.map((g, i) => [g.gid, i]));
    for (const q of this.doc.questions) {
      const index = pageOf.get(q.gid);
      if (index === undefined) {
        this.report.add('question', q.title, 'It belongs to no question group in the file, so it has no page');
        continue;
      }
      this.addQuestion(q, drafts[index]!, index);
    }
    return drafts;
  }

  private addQuestion(q: LssQuestion, draft: PageDraft, page: number): void {
    const converted = convertQuestion(q, this.names, this.report);
    if (converted.kind === 'skipped') {
      this.leftOut.set(q.title, `${q.title}, which was not imported`);
      return;
    }
    if (converted.kind === 'intro') {
      this.leftOut.set(q.title, `${q.title}, a text display rather than a question`);
      const text = this.text(q.text, 'text display', q.title);
      if (text) {
        draft.intro.push(text);
        this.introTexts += 1;
      }
      if (!isAlwaysShown(q.relevance)) {
        this.report.add('condition', q.title, `Relevance "${q.relevance.trim()}" of a text display is not imported: the text is part of the page introduction and always shown`);
      }
      return;
    }
    const questionText = this.text(q.text, 'question text', q.title);
    // An array's question text is the stem its rows share: it introduces them on the page.
    if (['F', 'A', 'B', 'K'].includes(q.type) && questionText) draft.intro.push(questionText);
    for (const [name, target] of converted.targets) this.targets.set(name, { target, page });
    for (const question of converted.questions) draft.questions.push({ ...question, source: q });
  }

  private resolve(): ResolveTarget {
    return (ref) => {
      const found = this.targets.get(ref.name) ?? [...this.targets].find(([name]) => name.toLowerCase() === ref.name.toLowerCase())?.[1];
      if (!found) {
        const leftOut = this.leftOut.get(ref.name);
        return leftOut ? `refers to ${leftOut}` : `refers to ${ref.name}, which is not a question in this survey`;
      }
      return typeof found.target === 'string' ? found.target : { ...found.target, page: found.page };
    };
  }

  /** The condition for an expression, or none with a report line naming `owner` and quoting the expression. */
  condition(expression: string, page: number, element: string, owner: string, consequence: string): Condition | undefined {
    if (isAlwaysShown(expression)) return undefined;
    const result = mapRelevance(expression, 'limesurvey', this.resolve(), page);
    if ('problem' in result) {
      this.report.add(element, owner, `Relevance "${expression.trim()}" ${result.problem}; ${consequence}`);
      return undefined;
    }
    return result.condition;
  }

  /** A row of an array may have a relevance of its own; both must hold, so they join when both are "and" lists. */
  private questionCondition(pending: PendingQuestion, page: number): Condition | undefined {
    const q = pending.source;
    if (!this.ownConditions.has(q.qid)) {
      this.ownConditions.set(q.qid, this.condition(q.relevance, page, 'condition', q.title, 'the question is imported without it, so it is always shown'));
    }
    const own = this.ownConditions.get(q.qid);
    if (!pending.rowRelevance) return own;
    const row = this.condition(pending.rowRelevance, page, 'condition', pending.question.id, 'the row is imported without it, so it is always shown');
    if (!row || !own) return row ?? own;
    if ('all' in own && 'all' in row) return { all: [...own.all, ...row.all] };
    this.report.add('condition', pending.question.id, `Relevance "${pending.rowRelevance.trim()}" of the row cannot be joined with the question's own; the row is imported with the question's condition only`);
    return own;
  }

  definition(drafts: PageDraft[]): SurveyDefinition {
    const texts = this.doc.texts;
    const pages = drafts.map((draft, index) => {
      const condition = this.condition(draft.group.relevance, index, 'condition', `page "${draft.title}"`, 'the page is imported without it, so it is always shown');
      const questions: Question[] = draft.questions.map((pending) => {
        const questionCondition = this.questionCondition(pending, index);
        return { ...pending.question, ...(questionCondition ? { condition: questionCondition } : {}) };
      });
      return { id: `p${index + 1}`, title: draft.title, intro: draft.intro.join('\n\n'), questions, ...(condition ? { condition } : {}) };
    });
    const showsPolicy = !['', '0', 'N'].includes((this.doc.survey.showsurveypolicynotice ?? '').trim());
    try {
      return parseDefinition({
        welcome: this.text(texts.surveyls_welcometext ?? '', 'welcome text', 'welcome'),
        privacyNotice: showsPolicy ? this.text(texts.surveyls_policy_notice ?? '', 'privacy notice', 'privacy notice') : '',
        thankYou: this.text(texts.surveyls_endtext ?? '', 'end text', 'end') || defaultThankYou,
        pages,
      });
    } catch (error) {
      if (error instanceof DefinitionError) throw new ImportError(`The LimeSurvey survey could not be converted: ${error.problems.join('; ')}`);
      throw error;
    }
  }
}

function reportDescription(doc: LssDocument, report: ReportList): void {
  const description = htmlToPlainText(doc.texts.surveyls_description ?? '');
  if (description) report.add('text', 'description', `The survey description ("${description.slice(0, 60)}${description.length > 60 ? '...' : ''}") is not imported: Formative has no separate description; add it to the welcome text if respondents should see it`);
}

export function importLss(content: string | Buffer): SurveyImport {
  const doc = readLssDocument(content);
  if (!doc.groups.length) throw new ImportError('The LimeSurvey survey has no question groups, so there is nothing to import');
  const conversion = new LssConversion(doc);
  const drafts = conversion.pages();
  const definition = conversion.definition(drafts);
  reportDescription(doc, conversion.report);
  reportSurveyLevel(doc, conversion.report);
  return {
    title: htmlToLabel(doc.texts.surveyls_title ?? '') || 'Imported LimeSurvey survey',
    anonymity: doc.survey.anonymized === 'Y' ? 'anonymous' : 'confidential',
    access: doc.survey.usetokens === 'Y' ? 'personal' : 'open',
    definition,
    report: { imported: countImported(definition, conversion.introTexts), notImported: conversion.report.items },
  };
}
