import type { Paragraph } from './paragraphs.ts';

/**
 * A paragraph's text as HTML with its codings marked: each stretch covered by one or more codings
 * in a <mark> (shaded deeper where codings overlap), and a numbered bracket where each coding
 * starts and ends, so coded text is never shown by colour alone. The brackets are hidden from
 * screen readers, which get the list of codings under the paragraph instead, and the page script
 * leaves them out when it counts offsets: the element's other text is exactly the paragraph's.
 */

export interface PlacedCoding {
  id: string;
  /** The coding's number on the page, shown in its brackets and in the lists. */
  number: number;
  /** Code points, end exclusive. */
  start: number;
  end: number;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;' };

/** Escapes text for HTML, keeping carriage returns (which an HTML parser would otherwise drop) so offsets still count them. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => entities[c]!);
}

const marker = (text: string) => `<span class="coding-marker" aria-hidden="true">${text}</span>`;

/** The codings that cover some of the paragraph, in number order. */
export function codingsIn<T extends PlacedCoding>(paragraph: Pick<Paragraph, 'start' | 'end'>, codings: readonly T[]): T[] {
  return codings.filter((c) => c.start < paragraph.end && c.end > paragraph.start).sort((a, b) => a.number - b.number);
}

export function paragraphHtml(paragraph: Pick<Paragraph, 'start' | 'end' | 'text'>, codings: readonly PlacedCoding[]): string {
  const inside = codingsIn(paragraph, codings);
  const points = Array.from(paragraph.text);
  const cut = (from: number, to: number) => points.slice(from - paragraph.start, to - paragraph.start).join('');
  const bounds = new Set([paragraph.start, paragraph.end]);
  for (const c of inside) {
    if (c.start > paragraph.start) bounds.add(c.start);
    if (c.end < paragraph.end) bounds.add(c.end);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [from, to] = [sorted[i]!, sorted[i + 1]!];
    for (const c of inside) if (c.start === from) html += marker(`[${c.number}`);
    const covering = inside.filter((c) => c.start <= from && c.end >= to);
    const text = escapeText(cut(from, to));
    html += covering.length
      ? `<mark class="coding-mark coding-mark--${Math.min(covering.length, 3)}" data-codings="${covering.map((c) => c.number).join(' ')}">${text}</mark>`
      : text;
    for (const c of [...inside].reverse()) if (c.end === to) html += marker(`${c.number}]`);
  }
  return html;
}
