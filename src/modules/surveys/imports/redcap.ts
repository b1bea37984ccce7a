import type { Condition, Page, Question, ResponseFormat, SurveyDefinition } from '../definition.ts';
import { DefinitionError, parseDefinition } from '../definition.ts';
import { htmlToLabel, htmlToPlainText } from './plain-text.ts';
import { isAlwaysShown, mapRelevance, type ConditionTarget, type ResolveTarget } from './relevance.ts';
import { columnTitle, parseChoices, readRedcapDictionary, type RedcapField } from './redcap-dictionary.ts';
import { countImported, defaultThankYou, ImportError, ReportList, type SurveyImport } from './report.ts';
import { uniqueOptionCodes, VariableNames } from './variable-names.ts';

/**
 * A REDCap data dictionary as a Formative survey: each form becomes a page (a section header
 * inside a form starts a new page), fields of the common types become questions, descriptive
 * fields become page introductions, and branching logic becomes conditions where it can.
 */

type Target = Omit<ConditionTarget, 'page'>;
type PageDraft = Omit<Page, 'questions'> & { questions: Question[] };
type Converted = { format: ResponseFormat; targets: [string, Target | string][] };

const notImportedTypes: Record<string, string> = {
  calc: 'A calculated field, worked out by REDCap; Formative has no computed questions',
  file: 'A file upload or signature; Formative does not collect files from respondents',
  sql: 'A field filled by a database query; Formative has no equivalent',
};

const numberValidations = /^(integer|number(_\d+dp)?(_comma_decimal)?)$/;
const dateValidations = new Set(['date_ymd', 'date_dmy', 'date_mdy']);
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function humanise(formName: string): string {
  const words = formName.replace(/_+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Form';
}

const numberOrUndefined = (value: string) => (value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
const textTarget: Target = { questionId: '', valueOf: (literal) => String(literal), numeric: false, wholeNumbers: false };
const numeric = (whole: boolean): Target => ({ questionId: '', valueOf: (literal) => numberOrUndefined(String(literal).trim()), numeric: true, wholeNumbers: whole });

class RedcapConversion {
  readonly report = new ReportList();
  private readonly names = new VariableNames();
  private readonly targets = new Map<string, { target: Target | string; page: number }>();
  private readonly leftOut = new Map<string, string>();
  readonly pages: PageDraft[] = [];
  private currentForm = '';
  introTexts = 0;
  identifiers = 0;

  private unused(field: RedcapField, column: 'min' | 'max' | 'validation', why: string): void {
    if (field[column]) this.report.add('attribute', `${field.variable}.${column === 'validation' ? 'validation' : `validation ${column}`}`, `${columnTitle(column)} "${field[column]}" ${why}`);
  }

  private choices(field: RedcapField, kind: 'single' | 'multiple'): Converted {
    const choices = parseChoices(field);
    if (choices.length < (kind === 'single' ? 2 : 1)) throw new ImportError(`Row ${field.row}, column ${columnTitle('choices')}: the ${field.type} field ${field.variable} needs ${kind === 'single' ? 'at least two choices' : 'at least one choice'}`);
    const codes = uniqueOptionCodes(choices.map((c) => c.code));
    choices.forEach((c, i) => {
      if (codes[i] !== c.code) this.report.add('option', `${field.variable}.${c.code}`, `The choice code "${c.code}" is not allowed in Formative and was imported as ${codes[i]}`);
    });
    const options = choices.map((c, i) => ({ code: codes[i]!, label: htmlToLabel(c.label) || c.code }));
    if (kind === 'single') {
      const map = new Map(choices.map((c, i) => [c.code, codes[i]!]));
      return { format: { type: 'single', options, missing: [] }, targets: [[field.variable, { ...textTarget, valueOf: (l) => map.get(String(l)) }]] };
    }
    const targets: [string, Target | string][] = [[field.variable, `[${field.variable}] is a checkbox field: a condition must name one of its choices, like [${field.variable}(${choices[0]!.code})]`]];
    choices.forEach((c, i) => targets.push([`${field.variable}(${c.code})`, { ...textTarget, option: { code: codes[i]!, chosen: '1', notChosen: '0' } }]));
    return { format: { type: 'multiple', options }, targets };
  }

  private text(field: RedcapField): Converted {
    const validation = field.validation;
    if (numberValidations.test(validation)) {
      const min = numberOrUndefined(field.min);
      const max = numberOrUndefined(field.max);
      if (min === undefined) this.unused(field, 'min', 'is not a number, so it is not imported');
      if (max === undefined) this.unused(field, 'max', 'is not a number, so it is not imported');
      const integer = validation === 'integer';
      return { format: { type: 'number', ...(min !== undefined ? { min } : {}), ...(max !== undefined && (min === undefined || max >= min) ? { max } : {}), integer, suffix: '' }, targets: [[field.variable, numeric(integer)]] };
    }
    if (dateValidations.has(validation)) {
      if (!isoDate.test(field.min)) this.unused(field, 'min', 'is not a yyyy-mm-dd date, so it is not imported');
      if (!isoDate.test(field.max)) this.unused(field, 'max', 'is not a yyyy-mm-dd date, so it is not imported');
      return { format: { type: 'date', ...(isoDate.test(field.min) ? { min: field.min } : {}), ...(isoDate.test(field.max) ? { max: field.max } : {}) }, targets: [[field.variable, textTarget]] };
    }
    this.unused(field, 'validation', 'is not imported: the answer is free text');
    this.unused(field, 'min', 'is not imported with a free-text answer');
    this.unused(field, 'max', 'is not imported with a free-text answer');
    return { format: { type: 'text', maxLength: 2000, multiline: false }, targets: [[field.variable, textTarget]] };
  }

  private slider(field: RedcapField): Converted {
    const min = numberOrUndefined(field.min) ?? 0;
    const max = numberOrUndefined(field.max) ?? 100;
    if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min) throw new ImportError(`Row ${field.row}, columns ${columnTitle('min')} and ${columnTitle('max')}: the slider ${field.variable} needs whole numbers with the maximum above the minimum`);
    const labels = field.choices.split('|').map((l) => htmlToLabel(l));
    if (labels.length === 3 && labels[1]) this.report.add('attribute', `${field.variable}.middle label`, `The slider's middle label "${labels[1]}" is not imported: Formative scales label their two ends`);
    return { format: { type: 'scale', min, max, lowLabel: labels[0] ?? '', highLabel: labels.length > 1 ? labels[labels.length - 1]! : '', missing: [] }, targets: [[field.variable, numeric(true)]] };
  }

  private format(field: RedcapField): Converted | undefined {
    switch (field.type) {
      case 'radio':
      case 'dropdown':
        return this.choices(field, 'single');
      case 'checkbox':
        return this.choices(field, 'multiple');
      case 'yesno':
      case 'truefalse': {
        const values = new Map([['1', 1], ['0', 0]]);
        return { format: { type: 'boolean', style: field.type === 'yesno' ? 'yes-no' : 'true-false', missing: [] }, targets: [[field.variable, { ...textTarget, valueOf: (l) => values.get(String(l)) }]] };
      }
      case 'text':
        return this.text(field);
      case 'notes':
        return { format: { type: 'text', maxLength: 20_000, multiline: true }, targets: [[field.variable, textTarget]] };
      case 'slider':
        return this.slider(field);
      default:
        this.leftOut.set(field.variable, `[${field.variable}], which was not imported`);
        this.report.add('field', field.variable, notImportedTypes[field.type] ?? `A field of type "${field.type}", which Formative does not know`);
        return undefined;
    }
  }

  private page(field: RedcapField): PageDraft {
    let page = this.pages[this.pages.length - 1];
    const header = htmlToPlainText(field.sectionHeader);
    if (!page || field.form !== this.currentForm) {
      this.currentForm = field.form;
      page = { id: `p${this.pages.length + 1}`, title: humanise(field.form), intro: header, questions: [] };
      this.pages.push(page);
    } else if (header && page.questions.length) {
      // A section header part-way through a form starts a page of its own.
      const title = header.length <= 100 && !header.includes('\n') ? header : `${humanise(field.form)} (continued)`;
      page = { id: `p${this.pages.length + 1}`, title, intro: title === header ? '' : header, questions: [] };
      this.pages.push(page);
    } else if (header) {
      page.intro = [page.intro, header].filter(Boolean).join('\n\n');
    }
    return page;
  }

  private reportExtras(field: RedcapField): void {
    if (field.identifier) {
      this.identifiers += 1;
      this.report.add('attribute', `${field.variable}.identifier`, 'Marked as an identifier in REDCap: Formative has no identifier flag, so the survey was made confidential rather than anonymous');
    }
    if (field.annotation) this.report.add('attribute', `${field.variable}.annotation`, `The field annotation "${field.annotation}" (REDCap action tags) is not imported`);
    if (field.matrixRanking) this.report.add('attribute', `${field.variable}.matrix ranking`, 'Matrix ranking (each choice used once across the matrix) is not imported');
  }

  add(field: RedcapField, isRecordId: boolean): void {
    if (!field.variable) throw new ImportError(`Row ${field.row}, column ${columnTitle('variable')}: the field has no variable name`);
    if (!field.form) throw new ImportError(`Row ${field.row}, column ${columnTitle('form')}: the field ${field.variable} has no form`);
    if (isRecordId) {
      this.leftOut.set(field.variable, `[${field.variable}], the record identifier, which was not imported`);
      this.report.add('field', field.variable, "The record identifier (a REDCap project's first field) is not imported: Formative numbers responses itself");
      return;
    }
    const page = this.page(field);
    if (field.type === 'descriptive') {
      const text = htmlToPlainText(field.label);
      if (text) page.intro = [page.intro, text].filter(Boolean).join('\n\n');
      this.introTexts += 1;
      this.leftOut.set(field.variable, `[${field.variable}], a descriptive text rather than a question`);
      if (!isAlwaysShown(field.branching)) this.report.add('condition', field.variable, `Branching logic "${field.branching}" of a descriptive text is not imported: the text is part of the page introduction and always shown`);
      return;
    }
    const converted = this.format(field);
    if (!converted) return;
    const id = this.names.claim(field.variable);
    if (id !== field.variable) this.report.add('field', field.variable, `The variable name is not allowed in Formative and was imported as ${id}`);
    const pageIndex = this.pages.length - 1;
    for (const [name, target] of converted.targets) this.targets.set(name, { target: typeof target === 'string' ? target : { ...target, questionId: id }, page: pageIndex });
    const condition = this.condition(field, pageIndex);
    page.questions.push({ id, text: htmlToPlainText(field.label), hint: htmlToPlainText(field.note), required: field.required, format: converted.format, ...(condition ? { condition } : {}) });
    this.reportExtras(field);
  }

  private resolve: ResolveTarget = (ref) => {
    const key = ref.option === undefined ? ref.name : `${ref.name}(${ref.option})`;
    const found = this.targets.get(key);
    if (!found) return this.leftOut.has(ref.name) ? `refers to ${this.leftOut.get(ref.name)}` : `refers to [${key}], which is not an earlier field of this dictionary`;
    return typeof found.target === 'string' ? found.target : { ...found.target, page: found.page };
  };

  private condition(field: RedcapField, page: number): Condition | undefined {
    if (isAlwaysShown(field.branching)) return undefined;
    const result = mapRelevance(field.branching, 'redcap', this.resolve, page);
    if ('problem' in result) {
      this.report.add('condition', field.variable, `Branching logic "${field.branching}" ${result.problem}; the question is imported without it, so it is always shown`);
      return undefined;
    }
    return result.condition;
  }
}

export function importRedcap(content: string | Buffer): SurveyImport {
  const fields = readRedcapDictionary(content);
  const conversion = new RedcapConversion();
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    const earlier = seen.get(field.variable);
    if (earlier !== undefined) throw new ImportError(`Row ${field.row}, column ${columnTitle('variable')}: ${field.variable} is already the variable of row ${earlier}`);
    seen.set(field.variable, field.row);
    conversion.add(field, i === 0);
  });
  let definition: SurveyDefinition;
  try {
    definition = parseDefinition({ welcome: '', privacyNotice: '', thankYou: defaultThankYou, pages: conversion.pages });
  } catch (error) {
    if (error instanceof DefinitionError) throw new ImportError(`The data dictionary could not be converted: ${error.problems.join('; ')}`);
    throw error;
  }
  return {
    title: '',
    anonymity: conversion.identifiers ? 'confidential' : 'anonymous',
    access: 'open',
    definition,
    report: { imported: countImported(definition, conversion.introTexts), notImported: conversion.report.items },
  };
}
