import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { HttpError } from '../http/errors.ts';
import { audienceFor, compareGroups, evaluationOfSurvey, surveyResults } from '../modules/results/service.ts';
import type { GroupComparison } from '../modules/results/comparisons.ts';
import type { ScaleResult } from '../modules/results/scales.ts';

const usage = 'formative analyse SURVEY_ID [--evaluation ID] [--by QUESTION|wave] [--scale NAME] [--json]';

const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const p = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v < 0.001 ? '< 0.001' : v.toFixed(3));

/** Columns padded to their widest cell, for a terminal. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function scaleText(scales: ScaleResult[]): string {
  return table(
    ['Scale', 'n', 'Mean', 'SD', '95% CI', 'Alpha', 'Items'],
    scales.map((s) => [s.name, String(s.overall.n), num(s.overall.mean), num(s.overall.sd), `${num(s.overall.lower)} to ${num(s.overall.upper)}`, s.alpha.ok ? num(s.alpha.raw) : 'n/a', String(s.alpha.k)]),
  );
}

function groupText(scales: ScaleResult[]): string {
  return scales
    .map((s) => `${s.name}\n${table(['Group', 'n', 'Mean', 'SD', '95% CI', 'Note'], s.groups.map((g) => [g.label, String(g.n), num(g.mean), num(g.sd), g.lower === null ? '–' : `${num(g.lower)} to ${num(g.upper)}`, g.note ?? '']))}`)
    .join('\n\n');
}

function comparisonText(comparisons: GroupComparison[]): string {
  return table(
    ['Scale', 'Test', 'Statistic', 'p', 'p (Holm)', 'Effect size', 'Kruskal–Wallis p (Holm)'],
    comparisons.map((c) =>
      c.unavailable
        ? [c.scaleName, `not computed: ${c.unavailable}`, '', '', '', '', '']
        : [
            c.scaleName,
            c.test ?? '',
            `${c.statistic!.name} = ${num(c.statistic!.value)} (${c.statistic!.df})`,
            p(c.p),
            p(c.pHolm),
            c.hedgesG ? `g = ${num(c.hedgesG.estimate)} (${num(c.hedgesG.lower)} to ${num(c.hedgesG.upper)})` : c.anova ? `eta² = ${num(c.anova.etaSquared, 3)}` : '–',
            p(c.kruskal?.pHolm),
          ],
    ),
  );
}

export const analyseCommand: Command = {
  words: ['analyse'],
  usage,
  summary: "Print a survey's scale scores, Cronbach's alpha, descriptives by group and comparisons between groups",
  options: { ...evaluationOption, by: { type: 'string' }, scale: { type: 'string' } },
  async run({ options, args, config, output }) {
    const surveyId = args[0];
    if (!surveyId || args.length > 1) throw new CliError(`Give one survey by its id (see "formative survey list"). Usage: ${usage}`);
    if (options.by !== undefined && (typeof options.by !== 'string' || !options.by.trim())) throw new CliError('--by needs a grouping question id (such as programme or region) or wave');
    const database = await openMigratedDatabase(config);
    try {
      const db = database.db;
      const evaluationId = options.evaluation !== undefined ? (await evaluationFromOption(db, options.evaluation)).id : await evaluationOfSurvey(db, surveyId);
      if (!evaluationId) throw new CliError(`No survey with id ${surveyId}`);
      const audience = await audienceFor(db, evaluationId, 'cli');
      const by = typeof options.by === 'string' ? options.by.trim() : undefined;
      let results;
      let comparison;
      try {
        results = await surveyResults(db, evaluationId, surveyId, { by, audience });
        comparison = by ? await compareGroups(db, evaluationId, surveyId, { by, audience }) : undefined;
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) throw new CliError(`No survey with id ${surveyId} in that evaluation`);
        if (error instanceof HttpError && error.status === 400) throw new CliError(error.fields[0]?.message ?? error.message);
        throw error;
      }
      const wanted = typeof options.scale === 'string' ? options.scale.trim().toLowerCase() : undefined;
      const pick = <T extends { id?: string; scale?: string; name?: string; scaleName?: string }>(list: T[]) =>
        wanted ? list.filter((s) => [s.id, s.scale, s.name, s.scaleName].some((v) => v?.toLowerCase() === wanted || v?.toLowerCase().includes(wanted))) : list;
      const scales = pick(results.scales);
      if (wanted && !scales.length) throw new CliError(`No scale called ${options.scale} in this survey: choose from ${results.scales.map((s) => s.id).join(', ')}`);
      const comparisons = comparison ? pick(comparison.comparisons) : [];
      const json = {
        survey: results.survey,
        respondents: results.respondents,
        grouping: results.grouping,
        scales,
        comparisons,
        notes: [...results.notes, ...(comparison?.notes ?? [])],
      };
      const text = [
        `${results.survey.title}${results.survey.waveName && !results.survey.title.includes(results.survey.waveName) ? ` (${results.survey.waveName})` : ''}: ${results.respondents} complete responses.`,
        ...results.notes,
        scales.length ? scaleText(scales) : 'No scales to score.',
        scales.length ? `Alpha: ${scales[0]!.alpha.convention}` : '',
        results.grouping && scales.length ? `\nBy ${results.grouping.label}:\n${groupText(scales)}` : '',
        comparisons.length ? `\nComparisons by ${results.grouping!.label}:\n${comparisonText(comparisons)}\n${comparison!.notes.join(' ')}` : '',
      ].filter(Boolean);
      output.result(json, text.join('\n'));
    } finally {
      await database.close();
    }
  },
};
