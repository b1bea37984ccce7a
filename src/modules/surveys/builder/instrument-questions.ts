import type { Instrument } from '../../instruments/definition.ts';
import type { ResponseFormat as ItemFormat } from '../../instruments/response-formats.ts';
import type { MissingCode, Page, Question, ResponseFormat } from '../definition.ts';
import { likertLabels } from './question-form.ts';

/**
 * Turns an instrument's items into survey questions: ids `<instrument>_<item>` (hyphens become
 * underscores, as variable names allow), the source recorded so scoring can find the item, and
 * wording from the team's licensed copy when the file ships none.
 */

export function questionIdFor(instrumentId: string, itemId: string): string {
  return `${instrumentId.replace(/-/g, '_')}_${itemId}`;
}

/**
 * An instrument's missing options as the survey's two missing codes. Several "not relevant"
 * options (NoMAD has three) share the one code, so the first one's wording is kept.
 */
function missingCodes(format: ItemFormat): { code: MissingCode; label: string }[] {
  const out: { code: MissingCode; label: string }[] = [];
  for (const m of format.missing) {
    const code: MissingCode = m.kind === 'dont-know' ? 'DK' : 'NR';
    if (!out.some((o) => o.code === code)) out.push({ code, label: m.label });
  }
  return out;
}

function agreementLabels(points: number, labels: string[] | undefined): string[] {
  if (labels) return labels;
  if (points === 5 || points === 7) return likertLabels[points];
  if (points === 4) return ['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree'];
  if (points === 6) return ['Strongly disagree', 'Disagree', 'Slightly disagree', 'Slightly agree', 'Agree', 'Strongly agree'];
  return ['Disagree', 'Agree'];
}

/** The survey format for an item format; answers keep the values the instrument scores. */
export function surveyFormatFor(format: ItemFormat): ResponseFormat {
  const missing = missingCodes(format);
  switch (format.type) {
    case 'likert':
      // Survey Likert answers are stored 1..points; a scale starting elsewhere keeps its own values as codes.
      if (format.start === 1) return { type: 'likert', points: format.points, labels: format.labels, missing };
      return { type: 'single', options: format.labels.map((label, i) => ({ code: String(format.start + i), label })), missing };
    case 'agreement':
      return { type: 'likert', points: format.points, labels: agreementLabels(format.points, format.labels), missing };
    case 'true-false':
      return { type: 'boolean', style: 'true-false', missing };
    case 'yes-no':
      return { type: 'boolean', style: 'yes-no', missing };
    case 'zero-to-ten':
      return { type: 'scale', min: 0, max: 10, lowLabel: format.lowLabel ?? '', highLabel: format.highLabel ?? '', missing };
    case 'number':
      return { type: 'number', min: format.min, max: format.max, integer: format.integer, suffix: format.unit ?? '' };
    case 'single-choice':
      return { type: 'single', options: format.options.map((o) => ({ code: String(o.value).replace('-', 'm'), label: o.label })), missing };
    case 'multiple-choice':
      return {
        type: 'multiple',
        options: format.options.map((o) => ({ code: String(o.value).replace('-', 'm'), label: o.label })),
        ...(format.maxChoices ? { maxChoices: format.maxChoices } : {}),
      };
    case 'free-text':
      return { type: 'text', maxLength: format.maxLength, multiline: true };
    case 'date':
      return { type: 'date', ...(format.earliest ? { min: format.earliest } : {}), ...(format.latest ? { max: format.latest } : {}) };
  }
}

/** Item wording by item id: the team's licensed copy, or the file's own text. */
export type Wording = ReadonlyMap<string, string>;

export function questionsForItems(instrument: Instrument, itemIds: string[], wording: Wording): Question[] {
  const wanted = new Set(itemIds);
  return instrument.items
    .filter((item) => wanted.has(item.id))
    .map((item) => {
      const format = instrument.responseFormats[item.format];
      if (!format) throw new Error(`Instrument ${instrument.id} item ${item.id} names an unknown format`);
      return {
        id: questionIdFor(instrument.id, item.id),
        text: wording.get(item.id) ?? item.text ?? '',
        hint: '',
        format: surveyFormatFor(format),
        required: false,
        source: { instrument: instrument.id, item: item.id },
      };
    });
}

/** The items of a scale, through its subscales, in the instrument's item order. */
export function scaleItems(instrument: Instrument, scaleId: string, seen: Set<string> = new Set()): string[] {
  const scale = instrument.scales.find((s) => s.id === scaleId);
  if (!scale || seen.has(scaleId)) return [];
  seen.add(scaleId);
  const ids = new Set([...(scale.items ?? []).map((m) => m.item), ...(scale.subscales ?? []).flatMap((s) => scaleItems(instrument, s, seen))]);
  return instrument.items.map((i) => i.id).filter((id) => ids.has(id));
}

/** Item ids of the chosen scales, each once, in the instrument's order; every item when none are chosen. */
export function itemsForScales(instrument: Instrument, scaleIds: string[]): string[] {
  if (!scaleIds.length) return instrument.items.map((i) => i.id);
  const chosen = new Set(scaleIds.flatMap((s) => scaleItems(instrument, s)));
  return instrument.items.map((i) => i.id).filter((id) => chosen.has(id));
}

export type PageLayout = { by: 'scale' } | { by: 'count'; perPage: number };

function pageOf(number: number, title: string, questions: Question[]): Page {
  return { id: `p${number}`, title, intro: '', questions };
}

/**
 * A whole instrument as survey pages: one page per scale that lists items (items in no scale on a
 * last page), or a fixed number of items per page. Pages are numbered from `firstPage`.
 */
export function pagesForInstrument(instrument: Instrument, wording: Wording, layout: PageLayout, firstPage = 1): Page[] {
  const questions = questionsForItems(instrument, instrument.items.map((i) => i.id), wording);
  const byItem = new Map(questions.map((q) => [q.source!.item, q]));
  const pages: Page[] = [];
  if (layout.by === 'count') {
    const size = Math.max(1, layout.perPage);
    for (let start = 0; start < questions.length; start += size) {
      pages.push(pageOf(firstPage + pages.length, `${instrument.shortName ?? instrument.name} (${pages.length + 1} of ${Math.ceil(questions.length / size)})`, questions.slice(start, start + size)));
    }
    return pages;
  }
  const placed = new Set<string>();
  for (const scale of instrument.scales) {
    const items = (scale.items ?? []).map((m) => m.item).filter((id) => !placed.has(id));
    if (!items.length) continue;
    items.forEach((id) => placed.add(id));
    const onPage = instrument.items.filter((i) => items.includes(i.id)).map((i) => byItem.get(i.id)!);
    pages.push(pageOf(firstPage + pages.length, scale.name, onPage));
  }
  const rest = instrument.items.filter((i) => !placed.has(i.id)).map((i) => byItem.get(i.id)!);
  if (rest.length) pages.push(pageOf(firstPage + pages.length, pages.length ? 'Other questions' : instrument.name, rest));
  return pages;
}
