import type { LssQuestion } from './lss-document.ts';
import type { ReportList } from './report.ts';

/**
 * LimeSurvey question attributes the importer does not convert. Attributes that only change how
 * a page looks (column counts, box widths, statistics settings) are left out of the report,
 * because Formative lays out every page itself; attributes that change what is asked, allowed or
 * shown are reported one by one, with their value.
 */

const layoutOnly = new Set([
  // An old copy of the question's own relevance, which is read from the question itself.
  'relevance',
  'hide_tip', 'display_columns', 'display_rows', 'text_input_width', 'text_input_columns', 'input_size', 'answer_width',
  'answer_width_bycolumn', 'repeat_headings', 'use_dropdown', 'dropdown_size', 'dropdown_prefix', 'page_break',
  'public_statistics', 'statistics_showgraph', 'statistics_graphtype', 'statistics_showmap', 'scale_export', 'cssclass',
  'question_template', 'printable_help', 'alphasort', 'save_as_default', 'clear_default', 'label_input_columns',
  'max_subquestions', 'answer_order', 'input_boxes', 'show_totals', 'show_grand_total', 'slider_layout', 'slider_showminmax',
  'choice_input_columns', 'array_filter_style', 'category_separator', 'encrypted', 'time_limit_action',
  // Scoring weights only count when assessments are on; the survey's assessments are reported once.
  'assessment_value',
  // Tips and "other" wording go with a validation or an "other" option that is reported itself.
  'em_validation_q_tip', 'em_validation_sq_tip', 'other_replace_text', 'other_comment_mandatory', 'other_numbers_only', 'other_position',
]);

const descriptions: Record<string, string> = {
  em_validation_q: 'a validation equation on the answer',
  em_validation_sq: 'a validation equation on each row',
  array_filter: 'shows rows only for options chosen in another question',
  array_filter_exclude: 'hides rows for options chosen in another question',
  exclude_all_others: 'an option that clears every other choice',
  exclude_all_others_auto: 'an option chosen automatically when no other is',
  random_order: 'shows options or rows in random order',
  random_group: 'shuffles questions within a randomisation group',
  time_limit: 'a time limit for answering',
  prefix: 'text shown before the answer box',
  suffix: 'text shown after the answer box',
  min_num_value_n: 'the smallest number allowed',
  max_num_value_n: 'the largest number allowed',
  maximum_chars: 'the longest answer allowed',
  date_min: 'the earliest date allowed',
  date_max: 'the latest date allowed',
  min_answers: 'the fewest answers allowed',
  max_answers: 'the most answers allowed',
  min_num_value: 'the smallest total of the answers',
  max_num_value: 'the largest total of the answers',
  equals_num_value: 'the total the answers must add up to',
  min_num_value_sgqa: 'the smallest total, from another answer',
  max_num_value_sgqa: 'the largest total, from another answer',
  num_value_equals_sgqa: 'the required total, from another answer',
  multiflexible_min: 'the lowest number offered',
  multiflexible_max: 'the highest number offered',
  numbers_only: 'allows only digits in a text answer',
  location_mapservice: 'a map for choosing a place',
  slider_min: 'the lowest slider value',
  slider_max: 'the highest slider value',
  code_filter: 'filters options by a code',
};

/** Unset, off or empty: LimeSurvey writes every attribute, most of them at "" or "0". */
function isUnset(value: string): boolean {
  return ['', '0', 'N'].includes(value.trim());
}

function isTimeLimitDetail(name: string): boolean {
  return name.startsWith('time_limit_');
}

function isMapDetail(name: string): boolean {
  return name.startsWith('location_') && name !== 'location_mapservice';
}

/** Reports every attribute of a converted question that was neither used nor layout only. */
export function reportAttributes(question: LssQuestion, used: ReadonlySet<string>, report: ReportList): void {
  for (const [name, value] of question.attributes) {
    if (used.has(name) || layoutOnly.has(name) || isTimeLimitDetail(name) || isMapDetail(name) || isUnset(value)) continue;
    if (name === 'hidden') continue;
    const what = descriptions[name] ?? 'a LimeSurvey setting';
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    report.add('attribute', `${question.title}.${name}`, `${what}; Formative has no equivalent (value "${shown}")`);
  }
}

/** A whole or decimal number written in an attribute; an expression or blank gives undefined. */
export function numericAttribute(question: LssQuestion, name: string): number | undefined {
  const value = question.attributes.get(name)?.trim() ?? '';
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}
