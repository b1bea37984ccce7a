import type { Db } from '../../../db/database.ts';
import type { FormErrors } from '../../../http/forms.ts';
import type { Answers } from '../conditions.ts';
import type { Question, SurveyDefinition } from '../definition.ts';
import { getVersion } from '../service.ts';
import { describeAnswer, isChoiceFormat, missingChoices, offeredChoices } from './answer-formats.ts';
import type { FieldError } from './answers.ts';
import { dateFieldNames, type FormState } from './form-state.ts';
import { Lru } from './lru.ts';
import type { Visibility } from './navigation.ts';
import {
  checkPageContext,
  checkPageValueNames,
  donePageContext,
  donePageValueNames,
  questionPageContext,
  questionPageValueNames,
  startPageContext,
  startPageValueNames,
  valueSlots,
  type CheckPageValues,
  type DonePageValues,
  type QuestionPageValues,
  type StartPageValues,
} from './page-views.ts';
import { compileTemplate, containsMarks, fillTemplate, slotMark, type PageTemplate } from './page-template.ts';
import { renderView, type RespondentView } from './templates.ts';

/**
 * Respondent pages for each survey version, compiled once and kept in bounded caches. A version
 * that has responses never changes (edits make a new version), so its compiled pages stay right
 * for as long as they are cached.
 *
 * Each compiled page is checked once against a direct rendering of a sample filled with every box
 * ticked and awkward text in every field; a page that does not match (say, after a GOV.UK Frontend
 * upgrade changed its markup) is always rendered directly instead. Pages with errors, and the rare
 * pages (saved, resume, notices), are rendered directly too.
 */

export interface VersionPages {
  id: string;
  definition: SurveyDefinition;
  /** False when the survey's own wording contains characters used as slot marks. */
  compilable: boolean;
  pages: Map<number, PageTemplate | null>;
  /** Check pages, by which questions are hidden. */
  checks: Lru<string, PageTemplate | null>;
  done?: PageTemplate | null;
}

const awkwardText = 'Sample <b>&amp;</b> "quoted" \'single\' back\\slash\nsecond line';
const noneHidden: Visibility = { pages: [], hidden: new Set() };

function sampleState(questions: readonly Question[]): FormState {
  const state: FormState = { chosen: {}, typed: {} };
  for (const q of questions) {
    const format = q.format;
    if (isChoiceFormat(format)) state.chosen[q.id] = [...offeredChoices(format), ...missingChoices(format)].map((c) => c.code);
    else if (format.type === 'date') Object.values(dateFieldNames(q.id)).forEach((name, i) => (state.typed[name] = String(i + 11)));
    else state.typed[q.id] = awkwardText;
  }
  return state;
}

/** Compiles a page, or returns null when the compiled page would not give the same bytes. */
function compileChecked(view: RespondentView, marked: object, direct: string, fill: (template: PageTemplate) => Buffer): PageTemplate | null {
  const template = compileTemplate(renderView(view, marked));
  return fill(template).equals(Buffer.from(direct)) ? template : null;
}

/** A page to send: the bytes of a compiled page, or the text of one rendered directly. */
export type PageBody = Buffer | string;

export class SurveyPages {
  private readonly versions = new Lru<string, VersionPages>(64);
  private readonly loading = new Map<string, Promise<VersionPages | undefined>>();
  private readonly starts = new Lru<string, PageTemplate | null>(64);

  /**
   * A version already loaded for one of its responses. A version id posted in a form is only a
   * hint and is never loaded from it: a version without responses may still change.
   */
  cachedVersion(versionId: string): VersionPages | undefined {
    return this.versions.get(versionId);
  }

  /** A version's pages, loading its definition once however many requests ask at the same time. Only for ids read from responses. */
  async version(db: Db, versionId: string): Promise<VersionPages | undefined> {
    const cached = this.versions.get(versionId);
    if (cached) return cached;
    let pending = this.loading.get(versionId);
    if (!pending) {
      pending = this.load(db, versionId).finally(() => this.loading.delete(versionId));
      this.loading.set(versionId, pending);
    }
    return pending;
  }

  private async load(db: Db, versionId: string): Promise<VersionPages | undefined> {
    const version = await getVersion(db, versionId).catch(() => undefined);
    return version && this.remember(version.id, version.definition);
  }

  /** Caches a version's definition; only for versions that can no longer change (they have responses). */
  remember(versionId: string, definition: SurveyDefinition): VersionPages {
    const entry: VersionPages = {
      id: versionId,
      definition,
      compilable: !containsMarks(JSON.stringify(definition)),
      pages: new Map(),
      checks: new Lru(64),
    };
    this.versions.set(versionId, entry);
    return entry;
  }

  questionPage(v: VersionPages, pageNumber: number, values: QuestionPageValues, state: FormState, seen: Visibility, errors: readonly FieldError[] = []): PageBody {
    const page = v.definition.pages[pageNumber - 1]!;
    const template = errors.length === 0 ? this.compiledQuestionPage(v, pageNumber) : null;
    if (template) return fillTemplate(template, { values: { ...values }, state, hidden: seen.hidden });
    return renderView('page', questionPageContext(v.id, page, pageNumber, values, { state, errors, seen }));
  }

  private compiledQuestionPage(v: VersionPages, pageNumber: number): PageTemplate | null {
    if (!v.compilable) return null;
    let template = v.pages.get(pageNumber);
    if (template === undefined) {
      const page = v.definition.pages[pageNumber - 1]!;
      const sample = sampleState(page.questions);
      const sampleValues = sampleOf(questionPageValueNames);
      const direct = renderView('page', questionPageContext(v.id, page, pageNumber, sampleValues, { state: sample, errors: [], seen: noneHidden }));
      const marked = questionPageContext(v.id, page, pageNumber, valueSlots(questionPageValueNames), 'slots');
      template = compileChecked('page', marked, direct, (t) => fillTemplate(t, { values: { ...sampleValues }, state: sample }));
      v.pages.set(pageNumber, template);
    }
    return template;
  }

  checkPage(v: VersionPages, seen: Visibility, values: CheckPageValues, answers: Answers, errors?: FormErrors): PageBody {
    const describe = (q: Question) => describeAnswer(q, answers);
    const template = errors ? null : this.compiledCheckPage(v, seen);
    if (!template) return renderView('check', checkPageContext(v.id, v.definition, seen, values, describe, errors));
    const typed: Record<string, string> = {};
    for (const page of v.definition.pages) for (const q of page.questions) if (!seen.hidden.has(q.id)) typed[q.id] = describe(q);
    return fillTemplate(template, { values: { ...values }, state: { chosen: {}, typed } });
  }

  private compiledCheckPage(v: VersionPages, seen: Visibility): PageTemplate | null {
    if (!v.compilable) return null;
    const key = [...seen.hidden].sort().join(',');
    let template = v.checks.get(key);
    if (template === undefined) {
      const sampleValues = sampleOf(checkPageValueNames);
      const sampleAnswer = (q: Question) => `${awkwardText} ${q.id}`;
      const direct = renderView('check', checkPageContext(v.id, v.definition, seen, sampleValues, sampleAnswer));
      const marked = checkPageContext(v.id, v.definition, seen, valueSlots(checkPageValueNames), (q) => slotMark(`t:${q.id}`));
      const typed = Object.fromEntries(v.definition.pages.flatMap((p) => p.questions).map((q) => [q.id, sampleAnswer(q)]));
      template = compileChecked('check', marked, direct, (t) => fillTemplate(t, { values: { ...sampleValues }, state: { chosen: {}, typed } }));
      v.checks.set(key, template);
    }
    return template;
  }

  donePage(v: VersionPages, values: DonePageValues): PageBody {
    if (v.done === undefined) {
      const sampleValues = sampleOf(donePageValueNames);
      const direct = renderView('done', donePageContext(v.definition, sampleValues));
      v.done = v.compilable
        ? compileChecked('done', donePageContext(v.definition, valueSlots(donePageValueNames)), direct, (t) => fillTemplate(t, { values: { ...sampleValues }, state: emptyState }))
        : null;
    }
    if (v.done) return fillTemplate(v.done, { values: { ...values }, state: emptyState });
    return renderView('done', donePageContext(v.definition, values));
  }

  /** How many start pages are compiled and cached (for tests). */
  compiledStartPages(): number {
    return this.starts.countWhere((template) => template !== null);
  }

  /** The start page; the welcome and privacy texts are part of the cache key, as a version without responses may still be edited. */
  startPage(versionId: string, texts: { welcome: string; privacyNotice: string }, code: string, values: StartPageValues, options: { preview?: boolean; errors?: FormErrors } = {}): PageBody {
    if (options.preview || options.errors || containsMarks(texts.welcome + texts.privacyNotice)) {
      return renderView('start', startPageContext(texts, code, values, options));
    }
    const key = [versionId, code, texts.welcome, texts.privacyNotice].join('\u0000');
    let template = this.starts.get(key);
    if (template === undefined) {
      const sampleValues = sampleOf(startPageValueNames);
      const direct = renderView('start', startPageContext(texts, code, sampleValues));
      template = compileChecked('start', startPageContext(texts, code, valueSlots(startPageValueNames)), direct, (t) => fillTemplate(t, { values: { ...sampleValues }, state: emptyState }));
      this.starts.set(key, template);
    }
    if (template) return fillTemplate(template, { values: { ...values }, state: emptyState });
    return renderView('start', startPageContext(texts, code, values));
  }
}

const emptyState: FormState = { chosen: {}, typed: {} };

/** Sample values for the compile check: awkward enough that a misplaced slot or missed escape shows. */
function sampleOf<K extends string>(names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, `${name} <&"'\\>`])) as Record<K, string>;
}
