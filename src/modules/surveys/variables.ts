import type { MissingCode, Question, ResponseFormat, SurveyDefinition } from './definition.ts';
import { allQuestions } from './definition.ts';
import type { AnswerValue } from './conditions.ts';

/**
 * The variables of a survey as statistics packages see them: one per question, except multiple
 * choice, which becomes one 0/1 variable per option. Exports and the codebook are built from this.
 */
export interface Variable {
  name: string;
  questionId: string;
  label: string;
  kind: 'numeric' | 'string' | 'date';
  /** Code → label for coded answers; missing codes get their own values in numeric exports. */
  values: { code: string | number; label: string }[];
  missing: { code: MissingCode; label: string; numeric: number }[];
  /** For multiple choice: the option this 0/1 variable stands for. */
  option?: string;
  pageTitle: string;
  question: Question;
}

/** Numeric stand-ins for missing codes, as SPSS and R users expect (declared as missing values). */
export const numericMissing: Record<MissingCode, number> = { NR: -1, DK: -2 };

const booleanLabels: Record<string, [string, string]> = {
  'yes-no': ['Yes', 'No'],
  'true-false': ['True', 'False'],
  'agree-disagree': ['Agree', 'Disagree'],
};

function valuesOf(format: ResponseFormat): Variable['values'] {
  switch (format.type) {
    case 'likert':
      return format.labels.map((label, i) => ({ code: i + 1, label }));
    case 'single':
      return format.options.map((o) => ({ code: o.code, label: o.label }));
    case 'boolean': {
      const [yes, no] = booleanLabels[format.style] ?? ['Yes', 'No'];
      return [{ code: 1, label: yes }, { code: 0, label: no }];
    }
    case 'scale': {
      const out: Variable['values'] = [];
      if (format.lowLabel) out.push({ code: format.min, label: format.lowLabel });
      if (format.highLabel) out.push({ code: format.max, label: format.highLabel });
      return out;
    }
    default:
      return [];
  }
}

function missingOf(format: ResponseFormat): Variable['missing'] {
  return 'missing' in format ? format.missing.map((m) => ({ code: m.code, label: m.label, numeric: numericMissing[m.code] })) : [];
}

export function variablesOf(definition: SurveyDefinition): Variable[] {
  const out: Variable[] = [];
  for (const page of definition.pages) {
    for (const q of page.questions) {
      const base = { questionId: q.id, pageTitle: page.title, question: q };
      const f = q.format;
      if (f.type === 'multiple') {
        for (const o of f.options) {
          out.push({ ...base, name: `${q.id}_${o.code}`, label: `${q.text} [${o.label}]`, kind: 'numeric', values: [{ code: 1, label: 'Chosen' }, { code: 0, label: 'Not chosen' }], missing: [], option: o.code });
        }
        continue;
      }
      const kind = f.type === 'text' || f.type === 'single' ? 'string' : f.type === 'date' ? 'date' : 'numeric';
      out.push({ ...base, name: q.id, label: q.text, kind, values: valuesOf(f), missing: missingOf(f) });
    }
  }
  return out;
}

/** The value of one variable in a response, as stored (a code, number, text or missing code). */
export function variableValue(variable: Variable, answers: Record<string, AnswerValue>): AnswerValue | undefined {
  const value = answers[variable.questionId];
  if (variable.option !== undefined) {
    if (value === undefined) return undefined;
    return Array.isArray(value) && value.includes(variable.option) ? 1 : 0;
  }
  return value;
}

/** The label of a stored value, for "labels" exports. */
export function valueLabel(variable: Variable, value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  const missing = variable.missing.find((m) => m.code === value);
  if (missing) return missing.label;
  const coded = variable.values.find((v) => String(v.code) === String(value));
  return coded ? coded.label : Array.isArray(value) ? value.join(';') : String(value);
}

export function questionCount(definition: SurveyDefinition): number {
  return allQuestions(definition).length;
}
