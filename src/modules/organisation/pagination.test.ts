import { describe, expect, it } from 'vitest';
import { pagination } from './pagination.ts';

const href = (page: number) => `?page=${page}`;
const shown = (page: number, pages: number) =>
  pagination(page, pages, href)?.items.map((item) => ('ellipsis' in item ? '…' : item.current ? `[${item.number}]` : String(item.number))).join(' ');

describe('pagination links', () => {
  it.each([
    [1, 1, undefined],
    [1, 2, '[1] 2'],
    [1, 9, '[1] 2 … 9'],
    [5, 9, '1 … 4 [5] 6 … 9'],
    [3, 9, '1 2 [3] 4 … 9'],
    [9, 9, '1 … 8 [9]'],
  ])('page %i of %i shows %s', (page, pages, expected) => {
    expect(shown(page, pages)).toBe(expected);
  });

  it('links to the previous and next pages only where they exist', () => {
    expect(pagination(1, 3, href)).toMatchObject({ next: { href: '?page=2' } });
    expect(pagination(1, 3, href)?.previous).toBeUndefined();
    expect(pagination(3, 3, href)).toMatchObject({ previous: { href: '?page=2' } });
    expect(pagination(3, 3, href)?.next).toBeUndefined();
  });
});
