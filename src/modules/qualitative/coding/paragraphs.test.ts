import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../text-positions.ts';
import { escapeText, paragraphHtml } from './highlight.ts';
import { clockTime, paragraphsOf, trimRange } from './paragraphs.ts';

const turn = (speaker: string, start: number, end: number, startMs: number | null = null) => ({ position: 0, speaker, start, end, startMs, endMs: null });
const summary = (content: string, turns: ReturnType<typeof turn>[] = []) =>
  paragraphsOf({ content, turns }).map((p) => ({ speaker: p.speaker, text: p.text, points: sliceCodePoints(content, p.start, p.end), units: content.slice(p.start16, p.end16) }));

describe('paragraphs of a source', () => {
  it('are the speaker turns, and no text is hidden: what lies outside any turn makes paragraphs of its own', () => {
    const content = 'Preamble.\nQ: 😀 How was it?\nA: Tense 🎉 but hopeful.\n\nClosing note.';
    // Turn positions are code points: each emoji is one code point but two UTF-16 units.
    const len = (s: string) => [...s].length;
    const q = len('Preamble.\nQ: ');
    const a = len('Preamble.\nQ: 😀 How was it?\nA: ');
    const turns = [turn('Interviewer', q, q + len('😀 How was it?\n'), 61_000), turn('SM01', a, a + len('Tense 🎉 but hopeful.'))];
    const paragraphs = summary(content, turns);
    expect(paragraphs).toEqual([
      { speaker: '', text: 'Preamble.', points: 'Preamble.', units: 'Preamble.' },
      { speaker: '', text: 'Q:', points: 'Q:', units: 'Q:' },
      { speaker: 'Interviewer', text: '😀 How was it?', points: '😀 How was it?', units: '😀 How was it?' },
      { speaker: '', text: 'A:', points: 'A:', units: 'A:' },
      { speaker: 'SM01', text: 'Tense 🎉 but hopeful.', points: 'Tense 🎉 but hopeful.', units: 'Tense 🎉 but hopeful.' },
      { speaker: '', text: 'Closing note.', points: 'Closing note.', units: 'Closing note.' },
    ]);
    expect(paragraphsOf({ content, turns }).map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(paragraphsOf({ content, turns })[2]!.startMs).toBe(61_000);
  });

  it('split plain text at blank lines when it has them, otherwise at line breaks', () => {
    expect(summary('One line\nwrapped.\n\n  Second paragraph.  \r\n\r\nThird.').map((p) => p.text)).toEqual(['One line\nwrapped.', 'Second paragraph.', 'Third.']);
    expect(summary('First\r\nSecond\n\nThird'.replace('\n\n', '\n')).map((p) => p.text)).toEqual(['First', 'Second', 'Third']);
    expect(summary('   \n  ')).toEqual([]);
  });

  it('trim white space from ranges and write times as a clock', () => {
    expect(trimRange('  ab \n', 0, 6)).toEqual([2, 4]);
    expect(trimRange(' \n ', 0, 3)).toBeNull();
    expect([clockTime(5_000), clockTime(65_000), clockTime(3_723_000)]).toEqual(['0:05', '1:05', '1:02:03']);
  });
});

describe('paragraph highlighting', () => {
  const paragraph = { start: 10, end: 34, text: '😀 tension <and> time, ok' };

  it('marks overlapping and nested codings with numbered brackets and deeper shading', () => {
    // Code points: "😀" is 10, "tension " 12–20, "<and> " 20–26, "time," 26–31, " ok" 31–34.
    const html = paragraphHtml(paragraph, [
      { id: 'a', number: 1, start: 12, end: 26 },
      { id: 'b', number: 2, start: 20, end: 31 },
      { id: 'c', number: 3, start: 2, end: 5 },
    ]);
    expect(html).toBe(
      '😀 ' +
        '<span class="coding-marker" aria-hidden="true">[1</span><mark class="coding-mark coding-mark--1" data-codings="1">tension </mark>' +
        '<span class="coding-marker" aria-hidden="true">[2</span><mark class="coding-mark coding-mark--2" data-codings="1 2">&lt;and&gt; </mark>' +
        '<span class="coding-marker" aria-hidden="true">1]</span><mark class="coding-mark coding-mark--1" data-codings="2">time,</mark>' +
        '<span class="coding-marker" aria-hidden="true">2]</span> ok',
    );
    // Without the brackets, the text is exactly the paragraph's: the page script counts on it.
    const text = html.replace(/<span class="coding-marker"[^>]*>[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(text).toBe(paragraph.text);
  });

  it('escapes markup and keeps carriage returns, which HTML parsing would drop', () => {
    expect(escapeText('a<b>&"c\'\r\n')).toBe('a&lt;b&gt;&amp;&quot;c&#39;&#13;\n');
    expect(paragraphHtml({ start: 0, end: 3, text: 'a\rb' }, [])).toBe('a&#13;b');
  });
});
