import type { SurveyDefinition } from '../definition.ts';
import { allQuestions } from '../definition.ts';

/**
 * What an import brought in and, element by element, what it left out and why. Nothing in a
 * source file is dropped without a line here: the team decides what to rebuild by hand.
 */
export interface NotImported {
  /** The kind of thing left out: 'question', 'condition', 'attribute', 'option', 'language', 'field' … */
  element: string;
  /** Its name in the source file: a question code, a variable name, an attribute as code.attribute. */
  name: string;
  /** Why, in words a researcher can act on; conditions quote the original expression. */
  reason: string;
}

export interface ImportCounts {
  pages: number;
  questions: number;
  /** Questions by response format, like { likert: 50, text: 2 }. */
  formats: Record<string, number>;
  /** Page and question conditions that were mapped to Formative conditions. */
  conditions: number;
  /** Display texts that became page introductions. */
  introTexts: number;
}

export interface ImportReport {
  imported: ImportCounts;
  notImported: NotImported[];
}

/** A converted file, ready to become a survey: the settings it implies, the questionnaire, the report. */
export interface SurveyImport {
  /** The source's own title; empty when the format has none (a REDCap dictionary). */
  title: string;
  anonymity: 'anonymous' | 'confidential';
  access: 'open' | 'personal';
  definition: SurveyDefinition;
  report: ImportReport;
}

/** What respondents read at the end when the source has no end text of its own. */
export const defaultThankYou = 'Thank you. Your answers have been saved.';

/** An import that cannot go ahead at all: the message names what is wrong and where. */
export class ImportError extends Error {}

/** Collects the not-imported list while a file is converted. */
export class ReportList {
  readonly items: NotImported[] = [];

  add(element: string, name: string, reason: string): void {
    this.items.push({ element, name, reason });
  }
}

export function countImported(definition: SurveyDefinition, introTexts: number): ImportCounts {
  const questions = allQuestions(definition);
  const formats: Record<string, number> = {};
  for (const q of questions) formats[q.format.type] = (formats[q.format.type] ?? 0) + 1;
  const conditions = definition.pages.filter((p) => p.condition).length + questions.filter((q) => q.condition).length;
  return { pages: definition.pages.length, questions: questions.length, formats, conditions, introTexts };
}

/** The largest file an import reads: larger uploads are refused before parsing. */
export const maxImportBytes = 10 * 1024 * 1024;

/** The content as text, refusing files too large to be a questionnaire and bytes that are not UTF-8. */
export function importText(content: string | Buffer, what: string, zipHint = ''): string {
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  if (bytes > maxImportBytes) {
    throw new ImportError(`The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; ${what} files of up to 10 MB can be imported`);
  }
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  if (content[0] === 0x50 && content[1] === 0x4b) {
    throw new ImportError(`The file is a ZIP archive, not ${what}${zipHint}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportError(`The file is not UTF-8 text, so it cannot be ${what}`);
  }
}
