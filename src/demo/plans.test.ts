import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { listDocuments } from '../modules/documents/service.ts';
import { budgetAnalysis } from '../modules/organisation/budget-analysis.ts';
import { crossCutting, programmesByYear } from '../modules/plans/analysis.ts';
import { listMethods } from '../modules/plans/methods.ts';
import { listPlans } from '../modules/plans/plans.ts';
import { listSources } from '../modules/qualitative/service.ts';
import { budgetStep } from './budget.ts';
import { documentsStep } from './documents.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { organisationStep } from './organisation.ts';
import { periodsStep } from './periods.ts';
import { laterBudgetStep, plansStep } from './plans.ts';
import { teamStep } from './team.ts';

describe.each(backends)('the demo documents, plans and budgets on $name', (backend) => {
  let database: Database;
  let demo: DemoResult;
  beforeAll(async () => {
    database = await backend.open();
    demo = await loadDemo(database, { steps: [teamStep, periodsStep, organisationStep, budgetStep, documentsStep, laterBudgetStep, plansStep] });
  });
  afterAll(() => database?.close());

  it('has 70 plans with 500 deliverables over three years, programmes working together more each year', async () => {
    const plans = await listPlans(database.db, demo.evaluation.id);
    expect(plans).toHaveLength(70);
    expect(plans.reduce((n, p) => n + p.deliverables, 0)).toBe(500);
    const byYear = await programmesByYear(database.db, demo.evaluation.id);
    expect(byYear.years.map((y) => [y.planYear, y.plans, y.deliverables])).toEqual([['2005/06', 21, 140], ['2006/07', 23, 165], ['2007/08', 26, 195]]);
    const means = byYear.years.map((y) => y.meanProgrammesPerDeliverable);
    expect(means[0]!).toBeLessThan(means[1]!);
    expect(means[1]!).toBeLessThan(means[2]!);
    const cross = await crossCutting(database.db, demo.evaluation.id);
    const shares = cross.years.map((y) => y.byProgrammes / y.deliverables);
    expect(shares[0]!).toBeLessThan(shares[2]!);
    expect(cross.years.every((y) => y.byTheme > 0)).toBe(true);
    const methods = await listMethods(database.db, demo.evaluation.id);
    expect(methods.map((m) => m.name)).toContain('Statistical process control');
    expect(methods.every((m) => m.deliverables >= 3)).toBe(true);
  });

  it('registers the documents, two of them opened for coding, and a 2006/07 budget with a smaller largest share', async () => {
    const documents = await listDocuments(database.db, demo.evaluation.id);
    expect(documents).toHaveLength(7);
    expect(documents.filter((d) => d.fileName).map((d) => d.mediaType).sort()).toEqual(['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/html', 'text/html']);
    expect((await listSources(database.db, demo.evaluation.id)).filter((s) => s.kind === 'document')).toHaveLength(2);
    const budget = await budgetAnalysis(database.db, demo.evaluation.id);
    expect(budget.years.map((y) => y.financialYear)).toEqual(['2005/06', '2006/07']);
    expect(budget.years[0]!.totalThousands).toBe(39_447);
    expect(budget.years[0]!.largest!.sharePercent).toBeCloseTo(61.3, 1);
    expect(budget.years[1]!.largest!.name).toBe('Mental Health Institute');
    expect(budget.years[1]!.largest!.sharePercent).toBeLessThan(budget.years[0]!.largest!.sharePercent);
    expect(budget.changes[0]!.hhiChange).toBeLessThan(0);
  });
});
