import type { Command } from './command.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { findUserByEmail } from '../modules/accounts/service.ts';
import { createEvaluation, evaluationInput, listAllEvaluations, listMembers, type EvaluationInput } from '../modules/evaluations/service.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';

export const evaluationListCommand: Command = {
  words: ['evaluation', 'list'],
  usage: 'formative evaluation list [--all]',
  summary: 'List evaluations; archived ones too with --all',
  options: { all: { type: 'boolean' } },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const evaluations = (await listAllEvaluations(database.db)).filter((e) => options.all === true || !e.archivedAt);
      const rows = evaluations.map((e) => ({ id: e.id, slug: e.slug, title: e.title, archived: e.archivedAt !== null }));
      const width = Math.max(0, ...rows.map((r) => r.slug.length));
      const text = rows.length
        ? rows.map((r) => `${r.slug.padEnd(width)}  ${r.title}${r.archived ? ' (archived)' : ''}  ${r.id}`).join('\n')
        : 'No evaluations yet. Create one with: formative evaluation create --title TITLE';
      output.result(rows, text);
    } finally {
      await database.close();
    }
  },
};

// The command line's names for the fields the shared evaluation schema reports on.
const optionNames: Record<string, string> = {
  title: '--title',
  slug: '--slug',
  commissioner: '--commissioner',
  organisationName: '--organisation',
  startsOn: '--starts',
  endsOn: '--ends',
};

/** The options as the evaluation form would send them, checked before any database is opened. */
function evaluationFromOptions(options: Record<string, string | boolean | undefined>): EvaluationInput {
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  const title = text('title');
  if (title === undefined) throw new CliError('Give --title, like: formative evaluation create --title "Evaluation of the Partnership"');
  const input: EvaluationInput = {
    title,
    slug: text('slug'),
    commissioner: text('commissioner'),
    organisationName: text('organisation'),
    startsOn: text('starts'),
    endsOn: text('ends'),
  };
  const checked = evaluationInput.safeParse(input);
  if (!checked.success) {
    throw new CliError(checked.error.issues.map((i) => `${optionNames[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; '));
  }
  return input;
}

export const evaluationCreateCommand: Command = {
  words: ['evaluation', 'create'],
  usage: 'formative evaluation create --title T [--slug S] [--lead EMAIL] [--commissioner C] [--organisation O] [--starts YYYY-MM-DD] [--ends YYYY-MM-DD]',
  summary: 'Create an evaluation, with an existing user as its lead',
  options: {
    title: { type: 'string' },
    slug: { type: 'string' },
    lead: { type: 'string' },
    commissioner: { type: 'string' },
    organisation: { type: 'string' },
    starts: { type: 'string' },
    ends: { type: 'string' },
  },
  async run({ options, config, output }) {
    const input = evaluationFromOptions(options);
    const database = await openMigratedDatabase(config);
    try {
      const leadEmail = typeof options.lead === 'string' ? options.lead : undefined;
      const lead = leadEmail === undefined ? undefined : await findUserByEmail(database.db, leadEmail);
      if (leadEmail !== undefined && !lead) {
        throw new CliError(`No Formative user has the e-mail ${leadEmail}: add them first with "formative user add --email ${leadEmail} --name NAME"`);
      }
      const evaluation = await createEvaluation(database.db, lead?.id ?? null, input);
      output.result(
        {
          id: evaluation.id,
          slug: evaluation.slug,
          title: evaluation.title,
          commissioner: evaluation.commissioner,
          organisation: evaluation.organisationName,
          startsOn: evaluation.startsOn,
          endsOn: evaluation.endsOn,
          lead: lead ? lead.email : null,
        },
        `Created "${evaluation.title}" (short name ${evaluation.slug}, id ${evaluation.id})${lead ? ` led by ${lead.name} <${lead.email}>` : ''}.`,
      );
    } finally {
      await database.close();
    }
  },
};

export const evaluationShowCommand: Command = {
  words: ['evaluation', 'show'],
  usage: 'formative evaluation show --evaluation ID',
  summary: 'Show an evaluation, named by id or short name, and its team',
  options: evaluationOption,
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const members = await listMembers(database.db, evaluation.id);
      const period = [evaluation.startsOn ?? '…', evaluation.endsOn ?? '…'].join(' to ');
      const text = [
        `${evaluation.title} (short name ${evaluation.slug}, id ${evaluation.id})${evaluation.archivedAt ? ' — archived' : ''}`,
        ...(evaluation.commissioner ? [`Commissioned by ${evaluation.commissioner}`] : []),
        ...(evaluation.organisationName ? [`Evaluating ${evaluation.organisationName}`] : []),
        `Runs ${period}`,
        members.length ? `Team: ${members.map((m) => `${m.name} <${m.email}> (${m.role})`).join(', ')}` : 'No team members yet.',
      ].join('\n');
      output.result({ ...evaluation, members }, text);
    } finally {
      await database.close();
    }
  },
};
