/**
 * Disclosure control for results that leave the team: no figure may describe fewer than
 * `threshold` people (5 by default), and no suppressed figure may be worked out from the others.
 *
 * Tables: the input is the number of people behind each cell (a table of counts, or the n of each
 * cell of a table of means). The row totals, column totals and grand total are taken to be shown
 * unless the options say otherwise.
 * 1. Primary suppression: every cell or total whose n is below the threshold (zero too, unless
 *    `zeroIsSafe`).
 * 2. Secondary suppression, repeated until nothing changes:
 *    a. any row or column (totals row and column included) with exactly one suppressed entry gets
 *       a second: its smallest shown cell, a total only when no cell is left, the grand total last;
 *    b. a suppressed entry can still be worked out when it is a "bridge" of the graph whose nodes
 *       are rows and columns and whose edges are the suppressed entries (only a cycle of suppressed
 *       cells leaves each of them unknown). For such an entry the smallest shown entry that closes
 *       a cycle through it is suppressed too.
 * Totals that are not published are unknowns to a reader, so they count as suppressed in the
 * arithmetic but are reported as not shown rather than suppressed.
 */

export type CellStatus = 'shown' | 'primary' | 'secondary';

export interface SuppressionOptions {
  /** Smallest n that may be shown; 5 when absent. */
  threshold?: number;
  /** Whether row totals are published; true when absent. */
  rowTotals?: boolean;
  /** Whether column totals are published; true when absent. */
  columnTotals?: boolean;
  /** Show cells of zero (they describe no one) and never pick them to protect another cell. */
  zeroIsSafe?: boolean;
}

export interface SuppressedEntry {
  /** Row index, or 'total' for the column totals row. */
  row: number | 'total';
  /** Column index, or 'total' for the row totals column. */
  column: number | 'total';
  n: number;
  status: 'primary' | 'secondary';
  reason: string;
}

export interface SuppressedTable {
  threshold: number;
  cells: CellStatus[][];
  /** Null when row totals are not published. */
  rowTotals: CellStatus[] | null;
  columnTotals: CellStatus[] | null;
  /** Null when neither margin is published. */
  grandTotal: CellStatus | null;
  suppressed: SuppressedEntry[];
}

type Status = CellStatus | 'unpublished';

interface Grid {
  rows: number;
  columns: number;
  /** (rows + 1) × (columns + 1) entries, the last row and column holding the totals. */
  n: number[][];
  status: Status[][];
  reason: string[][];
}

const isHidden = (status: Status): boolean => status !== 'shown';

function checkTable(n: readonly (readonly number[])[]): void {
  const width = n[0]?.length ?? 0;
  n.forEach((row, i) => {
    if (row.length !== width) throw new Error(`row ${i + 1} has ${row.length} cells, not ${width}`);
    row.forEach((v, j) => {
      if (!(Number.isFinite(v) && v >= 0)) throw new Error(`the n of row ${i + 1}, column ${j + 1} is ${v}; it must be a number of people`);
    });
  });
}

function entryName(grid: Grid, i: number, j: number): string {
  const row = i === grid.rows ? 'the column totals' : `row ${i + 1}`;
  const column = j === grid.columns ? 'the row totals' : `column ${j + 1}`;
  if (i === grid.rows && j === grid.columns) return 'the grand total';
  if (i === grid.rows) return `the total of column ${j + 1}`;
  if (j === grid.columns) return `the total of row ${i + 1}`;
  return `${row}, ${column}`;
}

/** 0 for inner cells, 1 for margin totals, 2 for the grand total: the order of preference for secondary suppression. */
function rank(grid: Grid, i: number, j: number): number {
  return (i === grid.rows ? 1 : 0) + (j === grid.columns ? 1 : 0);
}

function eligible(grid: Grid, i: number, j: number, zeroIsSafe: boolean): boolean {
  return grid.status[i]![j] === 'shown' && !(zeroIsSafe && grid.n[i]![j] === 0);
}

/** The best entry to suppress among candidates: inner cells before totals, then smallest n, then first. */
function pick(grid: Grid, candidates: [number, number][]): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const c of candidates) {
    if (!best) {
      best = c;
      continue;
    }
    const [i, j] = c;
    const [bi, bj] = best;
    const key = rank(grid, i, j) - rank(grid, bi, bj) || grid.n[i]![j]! - grid.n[bi]![bj]!;
    if (key < 0) best = c;
  }
  return best;
}

function suppress(grid: Grid, [i, j]: [number, number], reason: string): void {
  grid.status[i]![j] = 'secondary';
  grid.reason[i]![j] = reason;
}

/** Rule a: every line with one suppressed entry gets a second. Returns whether anything changed. */
function completeLines(grid: Grid, zeroIsSafe: boolean): boolean {
  let changed = false;
  const lines: [number, number][][] = [];
  for (let i = 0; i <= grid.rows; i += 1) lines.push(Array.from({ length: grid.columns + 1 }, (_, j): [number, number] => [i, j]));
  for (let j = 0; j <= grid.columns; j += 1) lines.push(Array.from({ length: grid.rows + 1 }, (_, i): [number, number] => [i, j]));
  for (const line of lines) {
    const hidden = line.filter(([i, j]) => isHidden(grid.status[i]![j]!));
    if (hidden.length !== 1) continue;
    const [hi, hj] = hidden[0]!;
    // An unpublished total alone in its line hides nothing that needs protecting.
    if (grid.status[hi]![hj] === 'unpublished') continue;
    const choice = pick(
      grid,
      line.filter(([i, j]) => eligible(grid, i, j, zeroIsSafe)),
    );
    if (!choice) continue;
    suppress(grid, choice, `so that ${entryName(grid, hi, hj)} cannot be worked out from the totals`);
    changed = true;
  }
  return changed;
}

/** Nodes reachable from `start` over hidden entries, leaving out the entry (skipRow, skipColumn). Rows are 0…rows, columns rows+1…. */
function reachable(grid: Grid, start: number, skipRow: number, skipColumn: number): Set<number> {
  const seen = new Set([start]);
  const queue = [start];
  const offset = grid.rows + 1;
  while (queue.length) {
    const node = queue.pop()!;
    if (node < offset) {
      for (let j = 0; j <= grid.columns; j += 1) {
        if (isHidden(grid.status[node]![j]!) && !(node === skipRow && j === skipColumn) && !seen.has(offset + j)) {
          seen.add(offset + j);
          queue.push(offset + j);
        }
      }
    } else {
      const j = node - offset;
      for (let i = 0; i <= grid.rows; i += 1) {
        if (isHidden(grid.status[i]![j]!) && !(i === skipRow && j === skipColumn) && !seen.has(i)) {
          seen.add(i);
          queue.push(i);
        }
      }
    }
  }
  return seen;
}

/** Rule b: close a cycle through every suppressed entry that lies on none. Returns whether anything changed. */
function closeCycles(grid: Grid, zeroIsSafe: boolean): boolean {
  const offset = grid.rows + 1;
  for (let i = 0; i <= grid.rows; i += 1) {
    for (let j = 0; j <= grid.columns; j += 1) {
      const status = grid.status[i]![j]!;
      if (status !== 'primary' && status !== 'secondary') continue;
      const sideOfRow = reachable(grid, i, i, j);
      if (sideOfRow.has(offset + j)) continue;
      const sideOfColumn = reachable(grid, offset + j, i, j);
      const candidates: [number, number][] = [];
      for (let r = 0; r <= grid.rows; r += 1) {
        for (let c = 0; c <= grid.columns; c += 1) {
          const joins = (sideOfRow.has(r) && sideOfColumn.has(offset + c)) || (sideOfColumn.has(r) && sideOfRow.has(offset + c));
          if (joins && eligible(grid, r, c, zeroIsSafe)) candidates.push([r, c]);
        }
      }
      const choice = pick(grid, candidates);
      if (choice) {
        suppress(grid, choice, `so that ${entryName(grid, i, j)} cannot be worked out by combining rows and columns`);
        return true;
      }
    }
  }
  return false;
}

/** Primary and secondary suppression of a table of n per cell; see the notes at the top of this file. */
export function suppressSmallCells(n: readonly (readonly number[])[], options: SuppressionOptions = {}): SuppressedTable {
  const threshold = options.threshold ?? 5;
  if (!(Number.isInteger(threshold) && threshold >= 1)) throw new RangeError(`the threshold must be a whole number of at least 1, not ${threshold}`);
  checkTable(n);
  const zeroIsSafe = options.zeroIsSafe ?? false;
  const showRowTotals = options.rowTotals ?? true;
  const showColumnTotals = options.columnTotals ?? true;
  const rows = n.length;
  const columns = n[0]?.length ?? 0;
  const values: number[][] = n.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const columnSums = Array.from({ length: columns + 1 }, (_, j) => values.reduce((a, row) => a + row[j]!, 0));
  values.push(columnSums);
  const grid: Grid = {
    rows,
    columns,
    n: values,
    status: values.map((row, i) =>
      row.map((v, j): Status => {
        const rowTotal = j === columns && i < rows;
        const columnTotal = i === rows && j < columns;
        const grand = i === rows && j === columns;
        if ((rowTotal && !showRowTotals) || (columnTotal && !showColumnTotals) || (grand && !showRowTotals && !showColumnTotals)) return 'unpublished';
        return v < threshold && !(zeroIsSafe && v === 0) ? 'primary' : 'shown';
      }),
    ),
    reason: values.map((row) => row.map(() => '')),
  };
  for (let i = 0; i <= rows; i += 1) {
    for (let j = 0; j <= columns; j += 1) if (grid.status[i]![j] === 'primary') grid.reason[i]![j] = `fewer than ${threshold} people`;
  }
  while (completeLines(grid, zeroIsSafe) || closeCycles(grid, zeroIsSafe));

  const shownStatus = (s: Status): CellStatus => (s === 'unpublished' ? 'shown' : s);
  const suppressed: SuppressedEntry[] = [];
  for (let i = 0; i <= rows; i += 1) {
    for (let j = 0; j <= columns; j += 1) {
      const s = grid.status[i]![j]!;
      if (s === 'primary' || s === 'secondary') {
        suppressed.push({ row: i === rows ? 'total' : i, column: j === columns ? 'total' : j, n: values[i]![j]!, status: s, reason: grid.reason[i]![j]! });
      }
    }
  }
  return {
    threshold,
    cells: grid.status.slice(0, rows).map((row) => row.slice(0, columns).map(shownStatus)),
    rowTotals: showRowTotals ? grid.status.slice(0, rows).map((row) => shownStatus(row[columns]!)) : null,
    columnTotals: showColumnTotals ? grid.status[rows]!.slice(0, columns).map(shownStatus) : null,
    grandTotal: showRowTotals || showColumnTotals ? shownStatus(grid.status[rows]![columns]!) : null,
    suppressed,
  };
}

export interface GroupSuppressionOptions {
  threshold?: number;
  /** Whether the overall figure (all groups together) is shown; true when absent. */
  overallShown?: boolean;
  zeroIsSafe?: boolean;
}

export interface SuppressedGroups<T> {
  threshold: number;
  groups: (T & { status: CellStatus; reason: string | null })[];
  /** Null when the overall figure is not shown. */
  overall: 'shown' | 'suppressed' | null;
  overallReason: string | null;
}

/**
 * Suppression for a list of group results (group, n, mean …) shown with an overall figure: groups
 * under the threshold are suppressed, and when exactly one is, the next-smallest group is too, so
 * the one cannot be worked out from the overall. An overall of fewer than `threshold` people is
 * suppressed itself.
 */
export function suppressSmallGroups<T extends { n: number }>(groups: readonly T[], options: GroupSuppressionOptions = {}): SuppressedGroups<T> {
  const threshold = options.threshold ?? 5;
  if (!(Number.isInteger(threshold) && threshold >= 1)) throw new RangeError(`the threshold must be a whole number of at least 1, not ${threshold}`);
  const overallShown = options.overallShown ?? true;
  const zeroIsSafe = options.zeroIsSafe ?? false;
  groups.forEach((g, i) => {
    if (!(Number.isFinite(g.n) && g.n >= 0)) throw new Error(`the n of group ${i + 1} is ${g.n}; it must be a number of people`);
  });
  const out = groups.map((g) => {
    const small = g.n < threshold && !(zeroIsSafe && g.n === 0);
    return { ...g, status: (small ? 'primary' : 'shown') as CellStatus, reason: small ? `fewer than ${threshold} people` : null };
  });
  const total = groups.reduce((a, g) => a + g.n, 0);
  let overall: SuppressedGroups<T>['overall'] = overallShown ? 'shown' : null;
  let overallReason: string | null = null;
  if (overallShown && total < threshold && !(zeroIsSafe && total === 0)) {
    overall = 'suppressed';
    overallReason = `fewer than ${threshold} people`;
  }
  // With the overall shown (so at least `threshold` people in all), one suppressed group always
  // leaves another group of people to suppress beside it.
  const hidden = out.filter((g) => g.status !== 'shown');
  if (overall === 'shown' && hidden.length === 1) {
    let next: (typeof out)[number] | undefined;
    for (const g of out) if (g.status === 'shown' && !(zeroIsSafe && g.n === 0) && (!next || g.n < next.n)) next = g;
    if (next) {
      next.status = 'secondary';
      next.reason = 'so that the other suppressed group cannot be worked out from the overall figure';
    }
  }
  return { threshold, groups: out, overall, overallReason };
}
