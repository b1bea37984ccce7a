import type { FormState } from './form-state.ts';

/**
 * A page rendered once through the GOV.UK macros with slot marks where per-request content goes,
 * then split into static chunks and slots. Completing it for one respondent is concatenation, and
 * gives the same bytes as rendering the macros with that respondent's values (the tests compare the
 * two, and survey-pages.ts checks each page once when it is compiled).
 *
 * Marks are private-use characters, which autoescaping leaves alone and no template adds. Each
 * mark ends with a line break: where GOV.UK indents the markup around a slot (its `indent`
 * filter), the spaces land after that break, and the slot then indents every line of its value the
 * same way, as the filter would have done to the value itself.
 *
 *   s:NAME        a per-request value (key, form token, CSP nonce, "Page 3 of 7"), escaped
 *   c:ID:CODE     " checked" when the respondent chose CODE for question ID
 *   t:FIELD       escaped typed text (an input's value, a textarea's content, an answer on the check page)
 *   q:ID … /q     the markup of question ID, left out when the question is not shown
 */

const markOpen = '\uE000';
const markClose = '\uE001';
const markPattern = /\uE000([^\uE000\uE001\n]*)\n( *)\uE001/g;

export const slotMark = (name: string): string => `${markOpen}${name}\n${markClose}`;

/** Whether a text could be mistaken for a mark; pages of a survey whose wording has one are never compiled. */
export function containsMarks(text: string): boolean {
  return text.includes(markOpen) || text.includes(markClose);
}

type Slot =
  | { kind: 'value'; name: string; indent: string }
  | { kind: 'checked'; question: string; code: string }
  | { kind: 'text'; field: string; indent: string };

/** Static chunks are kept as UTF-8 bytes: encoding a whole page on every reply would cost more than filling it. */
type Part = Buffer | Slot;

interface Segment {
  /** Set when the segment is one question's markup. */
  question?: string;
  parts: Part[];
}

export interface PageTemplate {
  segments: Segment[];
}

export interface FillInput {
  /** Per-request values by name, unescaped. */
  values: Record<string, string>;
  state: FormState;
  /** Questions to leave out. */
  hidden?: ReadonlySet<string>;
}

// The escaping Nunjucks applies to every {{ value }} with autoescape on.
const escapes: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
const escapePattern = /[&"'<>\\]/g;
const needsEscaping = /[&"'<>\\]/;

export function escapeHtml(text: string): string {
  return needsEscaping.test(text) ? text.replace(escapePattern, (ch) => escapes[ch]!) : text;
}

function parseSlot(name: string, indent: string): Slot | 'start' | 'end' {
  const [kind = '', first = '', second] = name.split(':');
  if (kind === 's' && first) return { kind: 'value', name: first, indent };
  if (kind === 'c' && first && second !== undefined) return { kind: 'checked', question: first, code: second };
  if (kind === 't' && first) return { kind: 'text', field: first, indent };
  if (kind === 'q' && first) return 'start';
  if (name === '/q') return 'end';
  throw new Error(`Unknown slot mark "${name}" in a compiled page`);
}

/** Splits a page rendered with slot marks into static chunks and slots. */
export function compileTemplate(marked: string): PageTemplate {
  const segments: Segment[] = [{ parts: [] }];
  let current = segments[0]!;
  let last = 0;
  const addText = (text: string) => {
    if (text) current.parts.push(Buffer.from(text));
  };
  for (const match of marked.matchAll(markPattern)) {
    addText(marked.slice(last, match.index));
    last = match.index + match[0].length;
    const slot = parseSlot(match[1]!, match[2]!);
    if (slot === 'start' || slot === 'end') {
      current = slot === 'start' ? { question: match[1]!.slice(2), parts: [] } : { parts: [] };
      segments.push(current);
    } else {
      current.parts.push(slot);
    }
  }
  addText(marked.slice(last));
  return { segments: segments.filter((s) => s.parts.length) };
}

function indented(text: string, indent: string): string {
  return indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
}

const checked = Buffer.from(' checked');
const nothing = Buffer.alloc(0);

function fillSlot(slot: Slot, input: FillInput): Buffer {
  switch (slot.kind) {
    case 'value':
      return Buffer.from(indented(escapeHtml(input.values[slot.name] ?? ''), slot.indent));
    case 'checked':
      return input.state.chosen[slot.question]?.includes(slot.code) ? checked : nothing;
    case 'text':
      return Buffer.from(indented(escapeHtml(input.state.typed[slot.field] ?? ''), slot.indent));
  }
}

/** Completes a compiled page for one request, as the bytes to send. */
export function fillTemplate(template: PageTemplate, input: FillInput): Buffer {
  const pieces: Buffer[] = [];
  let length = 0;
  for (const segment of template.segments) {
    if (segment.question && input.hidden?.has(segment.question)) continue;
    for (const part of segment.parts) {
      const piece = 'kind' in part ? fillSlot(part, input) : part;
      pieces.push(piece);
      length += piece.length;
    }
  }
  return Buffer.concat(pieces, length);
}
