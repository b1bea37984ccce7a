import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import * as store from './store.ts';
import { inTransaction } from '../../db/transaction.ts';
import { optionalUnitId, requiredEntry } from './schemas.ts';

export interface BudgetLine {
  id: string;
  evaluationId: string;
  financialYear: string;
  label: string;
  unitId: string | null;
  unitName: string | null;
  /** Thousands of pounds (£000s), as the organisation's business plans give them. */
  amountThousands: number;
  position: number;
}

/** A line with its part of the year's total, in percent. */
export interface BudgetShare extends BudgetLine {
  sharePercent: number;
}

export interface BudgetYear {
  financialYear: string;
  totalThousands: number;
  lines: BudgetShare[];
}

const financialYear = z
  .string({ error: 'Enter the financial year, like 2005/06' })
  .trim()
  .regex(/^\d{4}\/\d{2}$/, 'Enter the financial year, like 2005/06')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'A financial year runs over two years in a row, like 2005/06');

const amountMessage = 'Enter the amount in thousands of pounds, like 2,541 or 810.5';

/** £000s with at most one decimal place (the column's precision); typed amounts may carry £ and commas. */
const amountThousands = z.union([z.number(), z.string()], { error: amountMessage }).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value.trim().replace(/^£/, '').replace(/[,\s]/g, '');
  if (!/^\d{1,12}(\.\d)?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: text === '' ? 'Enter the amount in thousands of pounds' : amountMessage });
    return z.NEVER;
  }
  return Number(text);
});

export const budgetLineInput = z.object({
  financialYear,
  label: requiredEntry('Enter what the line is for', 'Label', 200),
  amountThousands,
  unitId: optionalUnitId('Unit'),
});
export type BudgetLineInput = z.input<typeof budgetLineInput>;

type BudgetLineRow = NonNullable<Awaited<ReturnType<typeof store.findBudgetLine>>>;

function toBudgetLine(row: BudgetLineRow): BudgetLine {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    financialYear: row.financial_year,
    label: row.label,
    unitId: row.unit_id,
    unitName: row.unit_name,
    amountThousands: Number(row.amount_thousands),
    position: row.position,
  };
}

// Amounts have one decimal place; rounding the sum keeps 0.1 + 0.2 from showing as 0.30000000000000004.
const roundTenth = (n: number) => Math.round(n * 10) / 10;

/** Each line's share of the lines' total; all shares are 0 when the total is. */
export function withShares(lines: BudgetLine[]): { totalThousands: number; lines: BudgetShare[] } {
  const totalThousands = roundTenth(lines.reduce((sum, line) => sum + line.amountThousands, 0));
  return {
    totalThousands,
    lines: lines.map((line) => ({ ...line, sharePercent: totalThousands > 0 ? (line.amountThousands / totalThousands) * 100 : 0 })),
  };
}

export async function listBudgetLines(db: Db, evaluationId: string, year?: string): Promise<BudgetLine[]> {
  return (await store.listBudgetLines(db, evaluationId, year)).map(toBudgetLine);
}

export async function getBudgetLine(db: Db, evaluationId: string, lineId: string): Promise<BudgetLine> {
  const row = z.string().uuid().safeParse(lineId).success ? await store.findBudgetLine(db, evaluationId, lineId) : undefined;
  if (!row) throw notFound('Budget line');
  return toBudgetLine(row);
}

/** The budget year by year, oldest first, each line with its share of that year's total. */
export async function budgetByYear(db: Db, evaluationId: string): Promise<BudgetYear[]> {
  const lines = await listBudgetLines(db, evaluationId);
  const years = [...new Set(lines.map((l) => l.financialYear))];
  return years.map((year) => ({ financialYear: year, ...withShares(lines.filter((l) => l.financialYear === year)) }));
}

/** A year's lines from the largest share to the smallest: how concentrated the budget is. */
export async function budgetConcentration(db: Db, evaluationId: string, year: string): Promise<BudgetShare[]> {
  const { lines } = withShares(await listBudgetLines(db, evaluationId, financialYear.parse(year)));
  return lines.sort((a, b) => b.sharePercent - a.sharePercent || a.label.localeCompare(b.label));
}

async function checkUnit(trx: Db, evaluationId: string, unitId: string | null): Promise<void> {
  if (unitId && !(await store.findUnit(trx, evaluationId, unitId))) {
    throw badRequest('The unit was not found in this evaluation', [{ field: 'unitId', message: "Unit: choose one of this evaluation's units" }]);
  }
}

export async function addBudgetLine(db: Db, actorId: string | null, evaluationId: string, input: BudgetLineInput): Promise<BudgetLine> {
  const data = budgetLineInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkUnit(trx, evaluationId, data.unitId);
    const { id } = await store.insertBudgetLine(trx, {
      evaluation_id: evaluationId,
      unit_id: data.unitId,
      financial_year: data.financialYear,
      label: data.label,
      amount_thousands: data.amountThousands,
      position: await store.nextBudgetPosition(trx, evaluationId, data.financialYear),
    });
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'create',
      entity: 'budget-line',
      entityId: id,
      detail: { financialYear: data.financialYear, label: data.label, amountThousands: data.amountThousands },
    });
    return getBudgetLine(trx, evaluationId, id);
  });
}

export async function updateBudgetLine(db: Db, actorId: string | null, evaluationId: string, lineId: string, input: BudgetLineInput): Promise<BudgetLine> {
  const data = budgetLineInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getBudgetLine(trx, evaluationId, lineId);
    await checkUnit(trx, evaluationId, data.unitId);
    await store.updateBudgetLine(trx, evaluationId, lineId, {
      unit_id: data.unitId,
      financial_year: data.financialYear,
      label: data.label,
      amount_thousands: data.amountThousands,
      ...(data.financialYear !== before.financialYear ? { position: await store.nextBudgetPosition(trx, evaluationId, data.financialYear) } : {}),
    });
    const after = await getBudgetLine(trx, evaluationId, lineId);
    const changed = Object.fromEntries(
      (['financialYear', 'label', 'amountThousands', 'unitId'] as const).filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'budget-line', entityId: lineId, detail: changed });
    return after;
  });
}

export async function deleteBudgetLine(db: Db, actorId: string | null, evaluationId: string, lineId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const line = await getBudgetLine(trx, evaluationId, lineId);
    await store.deleteBudgetLine(trx, evaluationId, lineId);
    await recordAudit(trx, {
      evaluationId,
      userId: actorId,
      action: 'delete',
      entity: 'budget-line',
      entityId: lineId,
      detail: { financialYear: line.financialYear, label: line.label, amountThousands: line.amountThousands },
    });
  });
}
