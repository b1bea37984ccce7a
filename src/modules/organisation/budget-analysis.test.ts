import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { analyseBudget, herfindahlHirschman, normalisedHerfindahlHirschman } from './budget-analysis.ts';
import type { BudgetYear } from './budget.ts';
import { addBudgetLine, createUnit } from './service.ts';

/** The demo's 2005/06 budget by unit, in £000s. */
const budget2005 = [810, 24_191, 2_800, 2_541, 500, 1_475, 600, 1_400, 5_130];

function year(financialYear: string, amounts: number[], names = amounts.map((_, i) => `Unit ${i + 1}`)): BudgetYear {
  const lines = amounts.map((amount, i) => ({
    id: `${financialYear}-${i}`, evaluationId: 'e', financialYear, label: names[i]!, unitId: `u${i}`, unitName: names[i]!, amountThousands: amount, sharePercent: 0, position: i,
  }));
  return { financialYear, totalThousands: amounts.reduce((a, b) => a + b, 0), lines };
}

describe('budget concentration', () => {
  it('gives the Herfindahl–Hirschman index in percentage points squared', () => {
    expect(herfindahlHirschman([100])).toBe(10_000);
    expect(herfindahlHirschman([50, 50])).toBe(5_000);
    expect(herfindahlHirschman([25, 25, 25, 25])).toBe(2_500);
    expect(normalisedHerfindahlHirschman(2_500, 4)).toBe(0);
    expect(normalisedHerfindahlHirschman(10_000, 4)).toBe(1);
    expect(normalisedHerfindahlHirschman(10_000, 1)).toBeNull();
  });

  it('finds the demo budget of 39,447 held 61.3% by one programme, and its index', () => {
    const [y] = analyseBudget([year('2005/06', budget2005)]).years;
    expect(y!.totalThousands).toBe(39_447);
    expect(y!.largest!.name).toBe('Unit 2');
    expect(y!.largest!.sharePercent).toBeCloseTo(61.33, 2);
    const expected = budget2005.reduce((sum, a) => sum + ((a / 39_447) * 100) ** 2, 0);
    expect(y!.hhi).toBeCloseTo(expected, 6);
    expect(Math.round(y!.hhi)).toBe(4_057);
    expect(y!.normalisedHhi).toBeCloseTo((expected - 10_000 / 9) / (10_000 - 10_000 / 9), 9);
    expect(y!.shares.map((s) => s.amountThousands)).toEqual([...budget2005].sort((a, b) => b - a));
  });

  it('adds up lines of the same unit and reports change between years, new units included', () => {
    const first = year('2005/06', [60, 40], ['A', 'B']);
    const second = year('2006/07', [50, 30, 20], ['A', 'B', 'C']);
    second.lines.push({ ...second.lines[0]!, id: 'extra', amountThousands: 10 });
    const analysis = analyseBudget([second, first]);
    expect(analysis.years.map((y) => y.financialYear)).toEqual(['2005/06', '2006/07']);
    expect(analysis.years[1]!.totalThousands).toBe(110);
    expect(analysis.years[1]!.shares[0]).toMatchObject({ name: 'A', amountThousands: 60 });
    const change = analysis.changes[0]!;
    expect(change).toMatchObject({ from: '2005/06', to: '2006/07', totalChangeThousands: 10 });
    expect(change.totalChangePercent).toBeCloseTo(10, 9);
    const c = change.units.find((u) => u.name === 'C')!;
    expect(c).toMatchObject({ fromThousands: 0, toThousands: 20, changePercent: null });
    expect(c.shareChange).toBeCloseTo((20 / 110) * 100, 9);
    expect(change.units.find((u) => u.name === 'B')!.changePercent).toBeCloseTo(-25, 9);
    expect(change.hhiChange).toBeCloseTo(analysis.years[1]!.hhi - 5_200, 9);
  });
});

describe.each(backends)('budget analysis pages on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildApp({ config: testConfig(), database });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('shows the largest share, the index, a chart with its table, and the change; the same as CSV and JSON', async () => {
    const lead = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Budget analysis', slug: 'budget-analysis' });
    const units = [];
    for (const [i, amount] of budget2005.entries()) {
      const unit = await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: `Programme ${i + 1}` });
      units.push(unit);
      await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2005/06', label: unit.name, amountThousands: amount, unitId: unit.id });
      await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2006/07', label: unit.name, amountThousands: i === 1 ? 22_000 : amount + 300, unitId: unit.id });
    }
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const page = await browser.get(`/evaluations/${evaluation.slug}/budget/analysis`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/2005\/06<\/th>\s*<td[^>]*>39,447<\/td>\s*<td[^>]*>Programme 2<\/td>\s*<td[^>]*>61\.3<\/td>\s*<td[^>]*>4,057<\/td>/);
    expect(page.body).toContain('<svg role="img" aria-labelledby="budget-chart-title budget-chart-summary"');
    expect(page.body).toContain('In 2005/06 the largest share was Programme 2 with 61.3%');
    expect(page.body).toContain('Change from 2005/06 to 2006/07');
    expect(page.body).toMatch(/Programme 2<\/th>\s*<td[^>]*>24,191<\/td>\s*<td[^>]*>22,000<\/td>\s*<td[^>]*>−2,191<\/td>/);

    const csv = await browser.get(`/evaluations/${evaluation.slug}/budget/analysis.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[1]).toBe('2005/06,Programme 2,24191,61.33,39447,4057,0.3314');

    const token = (await createApiToken(database.db, lead.id, 'test')).token;
    const json = await api(built.app, token, 'GET', `/api/v1/evaluations/${evaluation.slug}/budget-analysis`);
    expect(json.status).toBe(200);
    const years = json.body?.years as { financialYear: string; largest: { name: string }; hhi: number }[];
    expect(years.map((y) => y.financialYear)).toEqual(['2005/06', '2006/07']);
    expect(years[1]!.hhi).toBeLessThan(years[0]!.hhi);
  });
});
