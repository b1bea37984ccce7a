import type { Db } from '../../db/database.ts';
import { budgetByYear, type BudgetYear } from './budget.ts';

/**
 * How concentrated the organisation's budget is, year by year: each unit's share, the largest
 * share, the Herfindahl–Hirschman index, and what changed from one year to the next. Pure
 * functions over the budget lines, so they are tested and reused without a database.
 */

export interface UnitShare {
  /** The unit's id, or null for lines that are not for one unit (grouped by their label). */
  unitId: string | null;
  name: string;
  amountThousands: number;
  sharePercent: number;
}

export interface YearConcentration {
  financialYear: string;
  totalThousands: number;
  /** Largest share first. */
  shares: UnitShare[];
  largest: UnitShare | null;
  /** Sum of squared percentage shares: 0 to 10,000. */
  hhi: number;
  /** (HHI − 10,000/N) / (10,000 − 10,000/N): 0 when all N shares are equal, 1 when one holds everything. */
  normalisedHhi: number | null;
}

export interface UnitChange {
  unitId: string | null;
  name: string;
  fromThousands: number;
  toThousands: number;
  changeThousands: number;
  /** Null when the unit had nothing in the earlier year. */
  changePercent: number | null;
  fromSharePercent: number;
  toSharePercent: number;
  /** Percentage points. */
  shareChange: number;
}

export interface YearChange {
  from: string;
  to: string;
  totalChangeThousands: number;
  totalChangePercent: number | null;
  hhiChange: number;
  units: UnitChange[];
}

export interface BudgetAnalysis {
  years: YearConcentration[];
  changes: YearChange[];
}

const roundTenth = (n: number) => Math.round(n * 10) / 10;

/** Lines for the same unit add up; lines for no unit stay apart, one per label. */
function unitTotals(year: BudgetYear): { key: string; unitId: string | null; name: string; amount: number }[] {
  const totals = new Map<string, { key: string; unitId: string | null; name: string; amount: number }>();
  for (const line of year.lines) {
    const key = line.unitId ?? `label:${line.label.toLowerCase()}`;
    const entry = totals.get(key) ?? { key, unitId: line.unitId, name: line.unitName ?? line.label, amount: 0 };
    entry.amount += line.amountThousands;
    totals.set(key, entry);
  }
  return [...totals.values()].map((e) => ({ ...e, amount: roundTenth(e.amount) }));
}

/**
 * The Herfindahl–Hirschman index in the convention of competition authorities (for example the
 * US Department of Justice and FTC Horizontal Merger Guidelines): shares in percent, squared and
 * summed, so one holder of everything scores 10,000 and N equal holders 10,000/N.
 */
export function herfindahlHirschman(sharesPercent: readonly number[]): number {
  return sharesPercent.reduce((sum, share) => sum + share * share, 0);
}

/** The index rescaled to 0–1 for the number of holders, so years with different numbers of units compare. */
export function normalisedHerfindahlHirschman(hhi: number, holders: number): number | null {
  if (holders < 2) return null;
  const floor = 10_000 / holders;
  return (hhi - floor) / (10_000 - floor);
}

/** One year's shares by unit, largest first, with its concentration. Units with nothing count as no holder. */
export function yearConcentration(year: BudgetYear): YearConcentration {
  const totals = unitTotals(year);
  const total = roundTenth(totals.reduce((sum, t) => sum + t.amount, 0));
  const shares = totals
    .map((t) => ({ unitId: t.unitId, name: t.name, amountThousands: t.amount, sharePercent: total > 0 ? (t.amount / total) * 100 : 0 }))
    .sort((a, b) => b.sharePercent - a.sharePercent || a.name.localeCompare(b.name));
  const holders = shares.filter((s) => s.amountThousands > 0);
  const hhi = herfindahlHirschman(holders.map((s) => s.sharePercent));
  return {
    financialYear: year.financialYear,
    totalThousands: total,
    shares,
    largest: holders[0] ?? null,
    hhi,
    normalisedHhi: normalisedHerfindahlHirschman(hhi, holders.length),
  };
}

const unitKey = (s: { unitId: string | null; name: string }) => s.unitId ?? `label:${s.name.toLowerCase()}`;

/** What changed between two years, unit by unit; a unit present in only one year counts as 0 in the other. */
export function yearChange(from: YearConcentration, to: YearConcentration): YearChange {
  const before = new Map(from.shares.map((s) => [unitKey(s), s]));
  const after = new Map(to.shares.map((s) => [unitKey(s), s]));
  const keys = [...new Set([...after.keys(), ...before.keys()])];
  const units = keys.map((key) => {
    const a = before.get(key);
    const b = after.get(key);
    const fromThousands = a?.amountThousands ?? 0;
    const toThousands = b?.amountThousands ?? 0;
    return {
      unitId: (b ?? a)!.unitId,
      name: (b ?? a)!.name,
      fromThousands,
      toThousands,
      changeThousands: roundTenth(toThousands - fromThousands),
      changePercent: fromThousands > 0 ? ((toThousands - fromThousands) / fromThousands) * 100 : null,
      fromSharePercent: a?.sharePercent ?? 0,
      toSharePercent: b?.sharePercent ?? 0,
      shareChange: (b?.sharePercent ?? 0) - (a?.sharePercent ?? 0),
    };
  });
  units.sort((x, y) => y.toThousands - x.toThousands || x.name.localeCompare(y.name));
  return {
    from: from.financialYear,
    to: to.financialYear,
    totalChangeThousands: roundTenth(to.totalThousands - from.totalThousands),
    totalChangePercent: from.totalThousands > 0 ? ((to.totalThousands - from.totalThousands) / from.totalThousands) * 100 : null,
    hhiChange: to.hhi - from.hhi,
    units,
  };
}

/** Every year's concentration, oldest first, and the change from each year to the next. */
export function analyseBudget(years: readonly BudgetYear[]): BudgetAnalysis {
  const ordered = [...years].sort((a, b) => a.financialYear.localeCompare(b.financialYear)).map(yearConcentration);
  return { years: ordered, changes: ordered.slice(1).map((year, i) => yearChange(ordered[i]!, year)) };
}

export async function budgetAnalysis(db: Db, evaluationId: string): Promise<BudgetAnalysis> {
  return analyseBudget(await budgetByYear(db, evaluationId));
}

/** The shares as CSV rows, one per unit and year, for the download beside the table. */
export function budgetSharesCsv(analysis: BudgetAnalysis): string {
  const cell = (v: string | number | null) => {
    const text = v === null ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows: (string | number | null)[][] = [['financial_year', 'unit', 'amount_thousands', 'share_percent', 'year_total_thousands', 'year_hhi', 'year_normalised_hhi']];
  for (const year of analysis.years) {
    for (const share of year.shares) {
      rows.push([year.financialYear, share.name, share.amountThousands, Number(share.sharePercent.toFixed(2)), year.totalThousands, Math.round(year.hhi), year.normalisedHhi === null ? null : Number(year.normalisedHhi.toFixed(4))]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
