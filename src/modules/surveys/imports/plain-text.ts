import { decodeHTML } from 'entities';

/**
 * Survey tools store question texts as HTML; Formative stores plain text and escapes it when it
 * renders a page. Block ends and <br> become line breaks so paragraphs and lists survive; every
 * other tag goes, and entities (&nbsp;, &eacute;, &#39;) become the characters they stand for.
 */

const lineEnds = /<(br|\/li|\/tr)\b[^>]*>/gi;
const paragraphEnds = /<\/(p|div|h[1-6]|blockquote|table|ul|ol)\s*>/gi;
const hiddenBlocks = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

export function htmlToPlainText(html: string): string {
  const source = html.replace(/\r\n?/g, '\n');
  // In HTML a line break in the source is not one on the page; in plain text it is.
  const isMarkup = /<[a-z!/][^>]*>/i.test(source);
  const text = (isMarkup ? source.replace(/\n/g, ' ') : source)
    .replace(hiddenBlocks, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/t[dh]\s*>/gi, '\t')
    .replace(lineEnds, '\n')
    .replace(paragraphEnds, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A short single-line label: line breaks become spaces. */
export function htmlToLabel(html: string): string {
  return htmlToPlainText(html).replace(/\s*\n+\s*/g, ' ');
}
