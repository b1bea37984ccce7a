import { writeFile } from 'node:fs/promises';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { HttpError } from '../http/errors.ts';
import { retentionLabels, runRetention } from '../modules/privacy/retention.ts';
import { subjectAccessExport, subjectByEmail } from '../modules/privacy/subject-access.ts';

const retentionUsage = 'formative privacy retention --evaluation ID [--dry-run] [--json]';
const exportUsage = 'formative privacy export --evaluation ID --person EMAIL --out FILE [--json]';

/**
 * The retention deletion job, meant for cron: it deletes only when the evaluation's retention date
 * has come, in one transaction, and a second run finds nothing more to delete.
 */
export const privacyRetentionCommand: Command = {
  words: ['privacy', 'retention'],
  usage: retentionUsage,
  summary: "Delete an evaluation's personal data once its retention period has ended (--dry-run lists what would go); safe to run daily from cron",
  options: { ...evaluationOption, 'dry-run': { type: 'boolean' } },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const dryRun = options['dry-run'] === true;
      const result = await runRetention(database.db, null, evaluation.id, { dryRun, today: new Date().toISOString().slice(0, 10) });
      const lines = Object.entries(result.counts).filter(([, n]) => n > 0).map(([key, n]) => `  ${retentionLabels[key] ?? key}: ${n}`);
      const head = result.applied
        ? `Deleted ${result.total} item${result.total === 1 ? '' : 's'} of personal data from ${evaluation.slug} (due ${result.dueOn}).`
        : result.due
          ? `Dry run: ${result.total} item${result.total === 1 ? '' : 's'} of personal data in ${evaluation.slug} would be deleted (due ${result.dueOn}).`
          : `Nothing deleted from ${evaluation.slug}: ${result.dueOn ? `deletion is due on ${result.dueOn}.` : result.why} ${result.total} item${result.total === 1 ? '' : 's'} would go then.`;
      output.result({ evaluation: evaluation.slug, ...result }, [head, ...lines].join('\n'));
    } finally {
      await database.close();
    }
  },
};

/** A subject access export for one person in the staff directory, written as JSON to a file. */
export const privacyExportCommand: Command = {
  words: ['privacy', 'export'],
  usage: exportUsage,
  summary: 'Write every record held about one person (found by their e-mail address in the staff directory) to a JSON file',
  options: { ...evaluationOption, person: { type: 'string' }, out: { type: 'string' } },
  async run({ options, config, output }) {
    if (typeof options.person !== 'string' || !options.person.includes('@')) throw new CliError(`Give --person with the person's e-mail address. Usage: ${exportUsage}`);
    if (typeof options.out !== 'string' || !options.out) throw new CliError(`Give --out with the file to write. Usage: ${exportUsage}`);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const subject = await subjectByEmail(database.db, evaluation.id, options.person).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 404) throw new CliError(`No one in the staff directory of ${evaluation.slug} has the e-mail address ${options.person}`);
        throw error;
      });
      const records = await subjectAccessExport(database.db, null, { id: evaluation.id, title: evaluation.title }, subject, new Date());
      await writeFile(options.out, `${JSON.stringify(records, null, 2)}\n`);
      output.result(
        { file: options.out, interviews: records.interviews.length, surveyParticipations: records.surveyParticipations.length, consentRecords: records.consentRecords.length },
        `Wrote the records held about ${options.person} to ${options.out}: ${records.surveyParticipations.length} survey invitation(s), ${records.interviews.length} interviewee record(s), ${records.consentRecords.length} consent record(s).`,
      );
    } finally {
      await database.close();
    }
  },
};
