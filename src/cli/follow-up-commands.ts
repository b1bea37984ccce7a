import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { surveyCalendar } from '../modules/fieldwork/calendar/service.ts';
import type { RateRow } from '../modules/fieldwork/rates/rates.ts';
import { surveyRates } from '../modules/fieldwork/rates/service.ts';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const rateLine = (r: RateRow) => `  ${r.label}: ${r.completed} of ${r.n}, ${percent(r.rate)} (95% interval ${percent(r.lower)} to ${percent(r.upper)})`;

export const surveyRatesCommand: Command = {
  words: ['survey', 'rates'],
  usage: 'formative survey rates SURVEY_ID --evaluation ID [--json]',
  summary: "A survey's response rates overall and by contact method, unit and region, with Wilson 95% intervals",
  options: { ...evaluationOption },
  async run({ options, args, config, output }) {
    const surveyId = args[0];
    if (!surveyId || args.length > 1) throw new CliError('Give one survey id. Usage: formative survey rates SURVEY_ID --evaluation ID');
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const rates = await surveyRates(database.db, evaluation.id, surveyId);
      const lines = [
        `${rates.survey.title}: ${rates.overall.completed} of ${rates.overall.n} answered, ${percent(rates.overall.rate)} (opted out ${rates.optedOut}, bounced ${rates.bounced}, counted as invited)`,
        'By contact method:', ...rates.byMethod.map(rateLine),
        'By unit:', ...rates.byUnit.map(rateLine),
        'Reasons for not taking part:', ...rates.reasons.filter((r) => r.count).map((r) => `  ${r.label}: ${r.count}`),
      ];
      output.result(rates, lines.join('\n'));
    } finally {
      await database.close();
    }
  },
};

export const calendarListCommand: Command = {
  words: ['calendar', 'list'],
  usage: 'formative calendar list --evaluation ID [--json]',
  summary: 'Other surveys and consultations beside this evaluation\'s fieldwork, with any that would ask sampled staff twice',
  options: { ...evaluationOption },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const calendar = await surveyCalendar(database.db, evaluation.id);
      const lines = calendar.rows.map((r) => `${r.startsOn} to ${r.endsOn ?? 'still open'}  ${r.title}${r.kind === 'survey' ? ' (this evaluation)' : ` (${r.organiser || 'no organiser given'}; ${r.audience})`}`);
      for (const c of calendar.clashes) lines.push(`Warning: ${c.entryTitle} ${c.gapDays === 0 ? 'overlaps' : `is ${c.gapDays} days from`} ${c.surveyTitle}${c.people === null ? ' and is aimed at all staff' : ` and is aimed at ${c.people} of its sampled people`}.`);
      output.result({ entries: calendar.entries, clashes: calendar.clashes }, lines.join('\n') || 'Nothing is on the calendar.');
    } finally {
      await database.close();
    }
  },
};
