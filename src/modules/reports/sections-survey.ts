import type { Db } from '../../db/database.ts';
import { chartSvg, type Chart } from '../results/charts.ts';
import { groupingQuestions } from '../results/data.ts';
import { listAnalysableSurveys, surveyResults, type Audience } from '../results/service.ts';
import type { Block, TableBlock } from './model.ts';

/**
 * Survey results as they leave the team: the results module's analysis for a viewer's audience,
 * so groups under the disclosure threshold are already suppressed, with each chart drawn to SVG
 * once, here, and kept in the model beside its data table and text alternative.
 */

const figure = (v: number | null, places = 2) => (v === null ? '' : v.toFixed(places));

function chartTable(chart: Chart): TableBlock {
  const nColumn = chart.table.columns.indexOf('n');
  return {
    kind: 'table',
    caption: `Data of the chart: ${chart.title}`,
    columns: chart.table.columns,
    rows: chart.table.rows.map((row) => row.map((v) => (v === null ? '' : String(v)))),
    ...(nColumn >= 0 ? { groupSizes: chart.table.rows.map((row) => (typeof row[nColumn] === 'number' ? (row[nColumn] as number) : null)) } : {}),
  };
}

export interface SurveySections {
  results: Block[];
  structure: Block[];
  citations: string[];
}

export async function surveySections(db: Db, evaluationId: string, threshold: number): Promise<SurveySections> {
  const audience: Audience = { full: false, threshold };
  const surveys = await listAnalysableSurveys(db, evaluationId);
  const results: Block[] = [];
  const structure: Block[] = [];
  const citations = new Set<string>();
  for (const survey of surveys) {
    const name = survey.waveName ? `${survey.title} (${survey.waveName})` : survey.title;
    structure.push({
      kind: 'table',
      caption: `Structure of ${name}`,
      columns: ['Page', 'Questions'],
      rows: survey.definition.pages.map((p) => [p.title, String(p.questions.length)]),
    });
    // Grouped by the survey's first grouping question (the programme, usually), as the team reads it first.
    const by = groupingQuestions(survey.definition)[0]?.id;
    const analysis = await surveyResults(db, evaluationId, survey.id, { by, audience });
    for (const instrument of analysis.instruments) if (instrument.citation) citations.add(instrument.citation);
    results.push({ kind: 'heading', text: name });
    if (analysis.withheld) {
      results.push({ kind: 'paragraph', text: analysis.withheld });
      continue;
    }
    results.push({ kind: 'paragraph', text: `${analysis.respondents} people completed the survey. Groups of fewer than ${threshold} people are not shown.` });
    for (const note of analysis.notes) results.push({ kind: 'paragraph', text: note });
    for (const scale of analysis.scales) {
      const rows = [scale.overall, ...scale.groups];
      results.push({
        kind: 'table',
        caption: `${scale.name} (${scale.instrumentName}): scores overall${analysis.grouping ? ` and by ${analysis.grouping.label.toLowerCase()}` : ''}`,
        columns: ['Group', 'n', 'Mean', 'Standard deviation', '95% interval'],
        rows: rows.map((g, i) => [i === 0 ? 'Everyone' : g.label, g.note?.startsWith('Not shown') ? 'not shown' : String(g.n), figure(g.mean), figure(g.sd), g.lower === null || g.upper === null ? (g.note ?? '') : `${figure(g.lower)} to ${figure(g.upper)}`]),
        groupSizes: rows.map((g) => (g.note?.startsWith('Not shown') ? null : g.n)),
      });
    }
    for (const chart of analysis.charts) {
      results.push({ kind: 'chart', caption: chart.title, summary: chart.summary, svg: await chartSvg(chart), table: chartTable(chart) });
    }
  }
  if (!surveys.length) results.push({ kind: 'paragraph', text: 'The evaluation has no surveys yet.' });
  return { results, structure, citations: [...citations] };
}

