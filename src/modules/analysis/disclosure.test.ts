import { describe, expect, it } from 'vitest';
import { suppressSmallCells, suppressSmallGroups, type SuppressedTable, type SuppressionOptions } from './disclosure.ts';
import { seededRandom } from './synthetic-data.ts';

/**
 * An independent check that no suppressed figure can be worked out: the unknowns (suppressed
 * entries and unpublished totals) must satisfy one linear equation per row and column of the table
 * with its totals. An unknown is determined exactly when its column of the equations is not a
 * combination of the other unknowns' columns, i.e. when removing it lowers the rank.
 */
function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  const columns = m[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < columns && r < m.length; c += 1) {
    let pivot = r;
    for (let i = r + 1; i < m.length; i += 1) if (Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)) pivot = i;
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i += 1) {
      if (i === r) continue;
      const factor = m[i]![c]! / m[r]![c]!;
      for (let k = c; k < columns; k += 1) m[i]![k]! -= factor * m[r]![k]!;
    }
    r += 1;
  }
  return r;
}

type Key = `${number},${number}`;

/** The suppressed entries (row, column in the table with totals) a reader could work out. */
function recoverable(n: number[][], result: SuppressedTable, options: SuppressionOptions): Key[] {
  const rows = n.length;
  const columns = n[0]!.length;
  const hidden = new Map<Key, boolean>(); // key → suppressed (true) or unpublished (false)
  for (const entry of result.suppressed) hidden.set(`${entry.row === 'total' ? rows : entry.row},${entry.column === 'total' ? columns : entry.column}`, true);
  if (options.rowTotals === false) for (let i = 0; i < rows; i += 1) hidden.set(`${i},${columns}`, false);
  if (options.columnTotals === false) for (let j = 0; j < columns; j += 1) hidden.set(`${rows},${j}`, false);
  if (options.rowTotals === false && options.columnTotals === false) hidden.set(`${rows},${columns}`, false);
  const unknowns = [...hidden.keys()];
  const lines: Key[][] = [];
  for (let i = 0; i <= rows; i += 1) lines.push(Array.from({ length: columns + 1 }, (_, j): Key => `${i},${j}`));
  for (let j = 0; j <= columns; j += 1) lines.push(Array.from({ length: rows + 1 }, (_, i): Key => `${i},${j}`));
  // Each line: its parts add up to its total (the last entry), so parts get +1 and the total −1.
  const equations = lines.map((line) => unknowns.map((u) => (line.includes(u) ? (u === line.at(-1) ? -1 : 1) : 0)));
  const full = rank(equations);
  return unknowns.filter((u, index) => hidden.get(u) && rank(equations.map((row) => row.filter((_, k) => k !== index))) === full - 1);
}

const statusGrid = (result: SuppressedTable): string[][] => result.cells.map((row) => row.map((s) => (s === 'shown' ? '.' : s === 'primary' ? 'P' : 'S')));

describe('suppressing small cells in a table', () => {
  it('leaves a table with no small cells alone', () => {
    const result = suppressSmallCells([
      [10, 20],
      [30, 40],
    ]);
    expect(result.suppressed).toEqual([]);
    expect(result.rowTotals).toEqual(['shown', 'shown']);
    expect(result.grandTotal).toBe('shown');
  });

  it('protects one small cell with the smallest cells of its row and column, completing the rectangle', () => {
    const n = [
      [20, 3, 30],
      [25, 40, 35],
      [50, 45, 60],
    ];
    const result = suppressSmallCells(n);
    expect(statusGrid(result)).toEqual([
      ['S', 'P', '.'],
      ['S', 'S', '.'],
      ['.', '.', '.'],
    ]);
    expect(result.suppressed.find((e) => e.status === 'primary')).toEqual({ row: 0, column: 1, n: 3, status: 'primary', reason: 'fewer than 5 people' });
    expect(result.suppressed.filter((e) => e.status === 'secondary').every((e) => e.reason.startsWith('so that'))).toBe(true);
    expect(recoverable(n, result, {})).toEqual([]);
  });

  it('suppresses a small row total and protects it in the totals column', () => {
    const n = [
      [1, 2, 1],
      [10, 12, 9],
      [8, 15, 20],
    ];
    const result = suppressSmallCells(n);
    expect(result.rowTotals![0]).toBe('primary');
    expect(result.rowTotals!.filter((s) => s !== 'shown').length).toBeGreaterThanOrEqual(2);
    expect(result.grandTotal).toBe('shown');
    expect(recoverable(n, result, {})).toEqual([]);
  });

  it('closes a cycle when every row and column has two suppressed cells but one can still be worked out', () => {
    // Two rectangles of small cells joined by one small cell at row 2, column 3: it is a bridge.
    const n = [
      [2, 3, 40, 50, 60],
      [4, 1, 2, 70, 80],
      [30, 40, 2, 3, 90],
      [35, 45, 4, 1, 95],
      [50, 60, 70, 80, 99],
    ];
    const result = suppressSmallCells(n);
    expect(result.suppressed.filter((e) => e.status === 'secondary').length).toBeGreaterThan(0);
    expect(result.suppressed.some((e) => e.reason.includes('combining rows and columns'))).toBe(true);
    expect(recoverable(n, result, {})).toEqual([]);
  });

  it('treats unpublished totals as unknown: one small cell needs only one partner in its column', () => {
    const n = [
      [3, 20],
      [9, 30],
      [12, 40],
    ];
    const options = { rowTotals: false };
    const result = suppressSmallCells(n, options);
    expect(result.rowTotals).toBeNull();
    expect(statusGrid(result)).toEqual([['P', '.'], ['S', '.'], ['.', '.']]);
    expect(recoverable(n, result, options)).toEqual([]);
  });

  it('shows zeros and never hides them as partners when zeros are safe', () => {
    const n = [
      [0, 3, 10],
      [8, 9, 11],
    ];
    const safe = suppressSmallCells(n, { zeroIsSafe: true });
    expect(safe.cells[0]![0]).toBe('shown');
    expect(safe.cells[0]![1]).toBe('primary');
    expect(recoverable(n, safe, { zeroIsSafe: true })).toEqual([]);
    expect(suppressSmallCells(n).cells[0]![0]).toBe('primary');
  });

  it('uses the threshold given, and checks its input', () => {
    expect(suppressSmallCells([[9, 12], [15, 20]], { threshold: 10 }).cells[0]![0]).toBe('primary');
    expect(() => suppressSmallCells([[1, 2], [3]])).toThrow('row 2 has 1 cells, not 2');
    expect(() => suppressSmallCells([[1, -2]])).toThrow('must be a number of people');
    expect(() => suppressSmallCells([[1]], { threshold: 0 })).toThrow('at least 1');
  });

  it('hides everything in a table of fewer people than the threshold', () => {
    const result = suppressSmallCells([[1, 1], [1, 1]]);
    expect(result.grandTotal).toBe('primary');
    expect(result.cells.flat().every((s) => s === 'primary')).toBe(true);
  });

  it('handles a single column, where each row total equals its cell', () => {
    const n = [[3], [10], [12]];
    const result = suppressSmallCells(n);
    expect(recoverable(n, result, {})).toEqual([]);
    expect(result.rowTotals![0]).toBe('primary');
  });

  describe('on random tables, no suppressed figure can be worked out', () => {
    const random = seededRandom(2026);
    const cases = Array.from({ length: 60 }, (_, index) => {
      const rows = 2 + Math.floor(random() * 5);
      const columns = 2 + Math.floor(random() * 5);
      const n = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.3 ? Math.floor(random() * 5) : 5 + Math.floor(random() * 40))));
      const options: SuppressionOptions = { rowTotals: random() < 0.8, columnTotals: random() < 0.8, zeroIsSafe: random() < 0.3, threshold: random() < 0.5 ? 5 : 10 };
      return [index, n, options] as const;
    });
    it.each(cases)('table %i', (_index, n, options) => {
      const result = suppressSmallCells(n, options);
      const threshold = options.threshold!;
      // Every small cell is suppressed as primary.
      n.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v < threshold && !(options.zeroIsSafe && v === 0)) expect(result.cells[i]![j]).toBe('primary');
        }),
      );
      expect(recoverable(n, result, options)).toEqual([]);
    });
  });
});

describe('suppressing small groups in a list', () => {
  const list = (ns: number[]) => ns.map((n, i) => ({ group: `g${i + 1}`, n, mean: 3 }));
  const statuses = (result: ReturnType<typeof suppressSmallGroups>) => result.groups.map((g) => g.status);

  it.each([
    ['nothing small', [12, 30, 8], {}, ['shown', 'shown', 'shown'], 'shown'],
    ['one small group: the next smallest goes too', [12, 3, 20, 8], {}, ['shown', 'primary', 'shown', 'secondary'], 'shown'],
    ['two small groups protect each other', [12, 3, 2, 20], {}, ['shown', 'primary', 'primary', 'shown'], 'shown'],
    ['no overall shown: only the small group', [12, 3], { overallShown: false }, ['shown', 'primary'], null],
    ['an overall below the threshold is suppressed', [3], {}, ['primary'], 'suppressed'],
    ['a zero group is shown when zeros are safe', [0, 12, 20], { zeroIsSafe: true }, ['shown', 'shown', 'shown'], 'shown'],
    ['a safe zero is never the partner', [3, 0, 20], { zeroIsSafe: true }, ['primary', 'shown', 'secondary'], 'shown'],
    ['a zero group is suppressed by default', [0, 12, 20], {}, ['primary', 'secondary', 'shown'], 'shown'],
    ['a higher threshold', [9, 30, 40], { threshold: 10 }, ['primary', 'secondary', 'shown'], 'shown'],
  ] as const)('%s', (_name, ns, options, expected, overall) => {
    const result = suppressSmallGroups(list([...ns]), options);
    expect(statuses(result)).toEqual(expected);
    expect(result.overall).toBe(overall);
  });

  it('keeps the group fields and gives reasons', () => {
    const result = suppressSmallGroups(list([12, 3, 20, 8]));
    expect(result.groups[1]).toEqual({ group: 'g2', n: 3, mean: 3, status: 'primary', reason: 'fewer than 5 people' });
    expect(result.groups[3]!.reason).toContain('cannot be worked out from the overall');
    expect(() => suppressSmallGroups([{ n: Number.NaN }])).toThrow('must be a number of people');
  });
});
