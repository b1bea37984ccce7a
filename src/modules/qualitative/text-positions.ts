/**
 * Positions in coded texts count Unicode code points (as REFI-QDA and PostgreSQL's substring()
 * do); JavaScript strings and browser selections count UTF-16 units. A character outside the
 * Basic Multilingual Plane (an emoji, some CJK) is one code point but two units, so every
 * position crossing that boundary must be converted here.
 */

/** The code-point position of a UTF-16 offset into `text`. */
export function toCodePoints(text: string, utf16Offset: number): number {
  let points = 0;
  for (let i = 0; i < utf16Offset && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    points++;
  }
  return points;
}

/** The UTF-16 offset of a code-point position into `text`. */
export function toUtf16(text: string, codePoint: number): number {
  let offset = 0;
  for (let points = 0; points < codePoint && offset < text.length; points++) {
    const unit = text.charCodeAt(offset);
    offset += unit >= 0xd800 && unit <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

/** The length of `text` in code points. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The text between two code-point positions (end exclusive). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(toUtf16(text, start), toUtf16(text, end));
}
