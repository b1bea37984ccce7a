import { describe, expect, it } from 'vitest';
import { jsonWithoutIdentifiers, mentions, withoutIdentifiers } from './identifiers.ts';

describe('finding a withdrawn person in free text', () => {
  const ids = { phrases: ['Li Wu', 'li.wu@example.org'], labels: ['SM01'], standIn: 'Withdrawn participant 4' };

  it('finds the name and address in any case, as whole words only', () => {
    expect(mentions('Met li wu today', ids)).toBe(true);
    expect(mentions('Olivia Li Wuster', ids)).toBe(false);
    expect(withoutIdentifiers('Met LI WU (li.wu@example.org).', ids)).toBe('Met Withdrawn participant 4 (Withdrawn participant 4).');
  });

  it('replaces a label only where it is the whole value', () => {
    expect(withoutIdentifiers('SM01', ids)).toBe('Withdrawn participant 4');
    expect(withoutIdentifiers('SM010', ids)).toBe('SM010');
    expect(jsonWithoutIdentifiers({ label: 'SM01', list: ['Li Wu', 3], 'Li Wu': true, other: 'SM02' }, ids)).toEqual({ label: 'Withdrawn participant 4', list: ['Withdrawn participant 4', 3], 'Withdrawn participant 4': true, other: 'SM02' });
  });
});
