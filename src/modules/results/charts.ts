import type { TopLevelSpec } from 'vega-lite';

/**
 * Charts drawn on the server as SVG from Vega-Lite specifications (no browser, no canvas: text is
 * measured by estimate), each with its data as a table and a text alternative. The SVG is given
 * role="img" and labelled by the caption and the summary in the page, so a screen reader reads the
 * words, and the table beside it carries every number.
 */

export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface Chart {
  /** Used in file names and element ids: letters, digits and hyphens. */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in words. */
  summary: string;
  spec: TopLevelSpec;
  table: ChartTable;
}

const font = 'Arial, sans-serif';
const baseConfig = { font, axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 260 }, legend: { labelFontSize: 12, titleFontSize: 12, orient: 'bottom' as const, labelLimit: 200 }, view: { stroke: null } };

/** The SVG text of a chart. */
export async function chartSvg(chart: Chart): Promise<string> {
  // Vega and Vega-Lite (about 60 MB) are loaded by the first chart drawn, not by every server.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({ ...chart.spec, config: { ...baseConfig, ...(chart.spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG for embedding in a page: role img, labelled by the caption and summary elements with these ids. */
export async function inlineSvg(chart: Chart, labelIds: readonly string[]): Promise<string> {
  const svg = await chartSvg(chart);
  return svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${labelIds.join(' ')}" focusable="false" `);
}

/** A standalone .svg download: the same drawing with its title and summary inside it. */
export async function downloadSvg(chart: Chart): Promise<string> {
  const svg = await chartSvg(chart);
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return svg.replace(/^<svg ([^>]*)>/, `<svg role="img" aria-labelledby="title desc" $1><title id="title">${escape(chart.title)}</title><desc id="desc">${escape(chart.summary)}</desc>`);
}

/** The chart's data as CSV (RFC 4180 quoting), with a header row. */
export function chartCsv(chart: Chart): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const text = String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [chart.table.columns, ...chart.table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const fixed = (v: number | null, places = 2) => (v === null ? null : Number(v.toFixed(places)));

// Colour-blind-safe diverging colours (ColorBrewer RdBu), darker at the ends.
const divergingColours: Record<number, string[]> = {
  2: ['#ef8a62', '#67a9cf'],
  3: ['#ef8a62', '#bdbdbd', '#67a9cf'],
  4: ['#ca0020', '#f4a582', '#92c5de', '#0571b0'],
  5: ['#ca0020', '#f4a582', '#bdbdbd', '#92c5de', '#0571b0'],
  6: ['#b2182b', '#ef8a62', '#fddbc7', '#d1e5f0', '#67a9cf', '#2166ac'],
  7: ['#b2182b', '#ef8a62', '#fddbc7', '#bdbdbd', '#d1e5f0', '#67a9cf', '#2166ac'],
};

export interface LikertRow {
  item: string;
  /** Percentages of valid answers, one per point, lowest first. */
  percents: number[];
}

/**
 * Diverging stacked bars: disagreement to the left of zero, agreement to the right, the middle
 * point (when there is one) split across zero.
 */
export function likertChart(id: string, title: string, labels: readonly string[], rows: readonly LikertRow[]): Chart {
  const points = labels.length;
  const middle = points % 2 === 1 ? (points - 1) / 2 : -1;
  const values: { item: string; answer: string; order: number; start: number; end: number; percent: number }[] = [];
  for (const row of rows) {
    const below = row.percents.slice(0, Math.floor(points / 2)).reduce((a, b) => a + b, 0) + (middle >= 0 ? row.percents[middle]! / 2 : 0);
    let at = -below;
    row.percents.forEach((p, i) => {
      values.push({ item: row.item, answer: labels[i]!, order: i, start: at, end: at + p, percent: fixed(p, 1)! });
      at += p;
    });
  }
  const colours = divergingColours[points] ?? labels.map(() => '#767676');
  const agreeing = rows.map((r) => ({ item: r.item, agree: r.percents.slice(Math.ceil(points / 2)).reduce((a, b) => a + b, 0) }));
  const most = [...agreeing].sort((a, b) => b.agree - a.agree)[0];
  const least = [...agreeing].sort((a, b) => a.agree - b.agree)[0];
  const summary = rows.length
    ? `Answers to ${rows.length} statements, as percentages of those who answered. Most agreement: "${most!.item}" (${most!.agree.toFixed(0)}% agree). Least: "${least!.item}" (${least!.agree.toFixed(0)}% agree).`
    : 'No answers to show.';
  return {
    id,
    title,
    summary,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: { step: 26 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'item', type: 'nominal', title: null, sort: rows.map((r) => r.item) },
        x: { field: 'start', type: 'quantitative', title: 'Percentage of answers (disagree ← → agree)', scale: { domain: [-100, 100] } },
        x2: { field: 'end' },
        color: { field: 'answer', type: 'ordinal', title: 'Answer', sort: [...labels], scale: { domain: [...labels], range: colours } },
        order: { field: 'order' },
      },
    },
    table: { columns: ['Statement', ...labels.map((l) => `${l} (%)`)], rows: rows.map((r) => [r.item, ...r.percents.map((p) => fixed(p, 1))]) },
  };
}

export interface MeanPoint {
  label: string;
  n: number;
  mean: number;
  lower: number | null;
  upper: number | null;
  /** A second category (the scale, in charts of change), drawn in colour. */
  series?: string;
}

/** Means with 95% intervals by group: points with error bars, groups down the side. */
export function meansChart(id: string, title: string, axisTitle: string, range: { min: number; max: number }, points: readonly MeanPoint[]): Chart {
  const values = points.map((p) => ({ group: p.label, mean: fixed(p.mean), lower: fixed(p.lower ?? p.mean), upper: fixed(p.upper ?? p.mean), n: p.n }));
  const sorted = [...points].sort((a, b) => b.mean - a.mean);
  const summary = points.length
    ? `Mean ${axisTitle.toLowerCase()} with 95% confidence intervals for ${points.length} groups. Highest: ${sorted[0]!.label} (${sorted[0]!.mean.toFixed(2)}). Lowest: ${sorted.at(-1)!.label} (${sorted.at(-1)!.mean.toFixed(2)}).`
    : 'No groups to show.';
  const y = { field: 'group', type: 'nominal' as const, title: null, sort: points.map((p) => p.label) };
  return {
    id,
    title,
    summary,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 400,
      height: { step: 26 },
      data: { values },
      layer: [
        { mark: { type: 'rule', color: '#505a5f' }, encoding: { y, x: { field: 'lower', type: 'quantitative', title: axisTitle, scale: { domain: [range.min, range.max] } }, x2: { field: 'upper' } } },
        { mark: { type: 'point', filled: true, size: 70, color: '#1d70b8' }, encoding: { y, x: { field: 'mean', type: 'quantitative' } } },
      ],
    },
    table: { columns: ['Group', 'n', 'Mean', '95% CI lower', '95% CI upper'], rows: points.map((p) => [p.label, p.n, fixed(p.mean), fixed(p.lower), fixed(p.upper)]) },
  };
}

/** Change between waves: each scale's mean in each wave, joined by lines, with intervals. */
export function changeChart(id: string, title: string, range: { min: number; max: number }, waves: readonly string[], points: readonly MeanPoint[]): Chart {
  const values = points.map((p) => ({ wave: p.label, scale: p.series ?? '', mean: fixed(p.mean), lower: fixed(p.lower ?? p.mean), upper: fixed(p.upper ?? p.mean), n: p.n }));
  const series = [...new Set(points.map((p) => p.series ?? ''))];
  const changes = series.map((s) => {
    const mine = points.filter((p) => (p.series ?? '') === s);
    return { s, change: mine.length >= 2 ? mine.at(-1)!.mean - mine[0]!.mean : 0 };
  });
  const up = [...changes].sort((a, b) => b.change - a.change)[0];
  const down = [...changes].sort((a, b) => a.change - b.change)[0];
  const summary = points.length && waves.length >= 2
    ? `Mean scores of ${series.length} scales in ${waves.length} waves (${waves.join(', ')}). Largest rise from first to last wave: ${up!.s} (${up!.change >= 0 ? '+' : ''}${up!.change.toFixed(2)}). Largest fall: ${down!.s} (${down!.change >= 0 ? '+' : ''}${down!.change.toFixed(2)}).`
    : `Mean scores in ${waves.length} wave${waves.length === 1 ? '' : 's'}: change needs at least two.`;
  const x = { field: 'wave', type: 'ordinal' as const, title: 'Wave', sort: [...waves] };
  const color = { field: 'scale', type: 'nominal' as const, title: 'Scale' };
  return {
    id,
    title,
    summary,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 300,
      data: { values },
      encoding: { x, color },
      layer: [
        { mark: { type: 'line', point: { filled: true, size: 50 } }, encoding: { y: { field: 'mean', type: 'quantitative', title: 'Mean score', scale: { domain: [range.min, range.max] } } } },
        { mark: { type: 'rule', opacity: 0.6 }, encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
      ],
    },
    table: { columns: ['Scale', 'Wave', 'n', 'Mean', '95% CI lower', '95% CI upper'], rows: points.map((p) => [p.series ?? '', p.label, p.n, fixed(p.mean), fixed(p.lower), fixed(p.upper)]) },
  };
}
