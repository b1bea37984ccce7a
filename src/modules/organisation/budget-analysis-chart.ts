import type { Chart } from '../results/charts.ts';
import type { BudgetAnalysis } from './budget-analysis.ts';

/**
 * Each unit's share of the budget, one bar per financial year, the units in the order of the
 * latest year's shares. Drawn by the shared Vega-Lite renderer; the page shows the same numbers
 * in a table beside it and the summary as its text alternative.
 */
export function budgetSharesChart(analysis: BudgetAnalysis): Chart {
  const years = analysis.years.map((y) => y.financialYear);
  const latest = analysis.years.at(-1);
  const order = latest ? latest.shares.map((s) => s.name) : [];
  for (const year of analysis.years) for (const s of year.shares) if (!order.includes(s.name)) order.push(s.name);
  const values = analysis.years.flatMap((y) => y.shares.map((s) => ({ unit: s.name, year: y.financialYear, share: Number(s.sharePercent.toFixed(1)) })));
  const described = analysis.years.map((y) =>
    y.largest
      ? `In ${y.financialYear} the largest share was ${y.largest.name} with ${y.largest.sharePercent.toFixed(1)}% of £${Math.round(y.totalThousands).toLocaleString('en-GB')}k; HHI ${Math.round(y.hhi).toLocaleString('en-GB')}.`
      : `In ${y.financialYear} the budget was empty.`,
  );
  return {
    id: 'budget-shares',
    title: 'Share of the budget by unit and year',
    summary: analysis.years.length ? `Percentage share of each unit in ${years.join(', ')}. ${described.join(' ')}` : 'No budget lines to show.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: { step: 14 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'unit', type: 'nominal', title: null, sort: order },
        yOffset: { field: 'year', type: 'ordinal', sort: years },
        x: { field: 'share', type: 'quantitative', title: 'Share of the year’s budget (%)', scale: { domain: [0, 100] } },
        color: { field: 'year', type: 'ordinal', title: 'Financial year', sort: years, scale: { range: ['#1d70b8', '#f47738', '#00703c', '#912b88', '#505a5f'] } },
      },
    },
    table: {
      columns: ['Unit', ...years.map((y) => `${y} share (%)`)],
      rows: order.map((name) => [name, ...analysis.years.map((y) => {
        const share = y.shares.find((s) => s.name === name);
        return share ? Number(share.sharePercent.toFixed(1)) : null;
      })]),
    },
  };
}
