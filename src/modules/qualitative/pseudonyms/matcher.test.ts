import { describe, expect, it } from 'vitest';
import { buildMatcher, replacementSpans, type NamePattern } from './matcher.ts';

const pattern = (text: string, replacement: string, kind = 'programme'): NamePattern => ({ text, replacement, source: { kind, term: text, termId: null } });

describe('finding and replacing names', () => {
  const matcher = buildMatcher([
    pattern('Mental Health', '[name of programme]'),
    pattern('Mental Health Programme', '[name of programme]'),
    pattern('MH', '[name of programme]'),
    pattern('Jo Smith', '[name]', 'person'),
    pattern('Zoë Brontë', '[name]', 'person'),
    pattern('A&E (North)', '[place]', 'place'),
  ]);

  it.each([
    ['the longest name first', 'The Mental Health Programme and mental health staff', 'The [name of programme] and [name of programme] staff'],
    ['whole words only', 'MHz and SMH are not MH.', 'MHz and SMH are not [name of programme].'],
    ['any case and any spacing', 'jo  SMITH said, then Jo\nSmith left', '[name] said, then [name] left'],
    ['letters outside ASCII as word characters', 'Zoë Brontë’s view; ZOË BRONTË; Zoë Brontëx', '[name]’s view; [name]; Zoë Brontëx'],
    ['characters special to regular expressions', 'At A&E (North) today', 'At [place] today'],
    ['a possessive', "Jo Smith's team", "[name]'s team"],
  ])('replaces %s', (_case, text, expected) => {
    expect(matcher.replace(text)).toBe(expected);
  });

  it('reports what it found, where and for which term', () => {
    expect(matcher.find('Ask jo smith about the Mental Health Programme').map((m) => [m.found, m.index, m.pattern.source.term])).toEqual([
      ['jo smith', 4, 'Jo Smith'],
      ['Mental Health Programme', 23, 'Mental Health Programme'],
    ]);
  });

  it('does nothing without patterns', () => {
    expect(buildMatcher([pattern('  ', 'x')]).replace('Anything')).toBe('Anything');
  });

  it('finds the replacements a pseudonymisation inserted, in their own case and as whole words', () => {
    const text = '[name of programme] and [name of  Rose Programme], not [NAME OF PROGRAMME]; Participantship, Participant.';
    expect(replacementSpans(['[name of programme]', '[name of Rose Programme]', 'Participant', '  '], text).map(([s, e]) => text.slice(s, e))).toEqual([
      '[name of programme]',
      '[name of  Rose Programme]',
      'Participant',
    ]);
    expect(replacementSpans([], text)).toEqual([]);
  });
});
