import type { Command } from './command.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { HttpError } from '../http/errors.ts';
import { evaluationOfSurvey, queueRound } from '../modules/fieldwork/invitations/service.ts';
import { senderFor } from '../modules/fieldwork/mail/transport.ts';
import { MailWorker } from '../modules/fieldwork/mail/worker.ts';

const sendUsage = 'formative invitations send SURVEY_ID [--reminder] [--days N] [--json]';

function daysOption(value: string | boolean | undefined): number {
  if (value === undefined) return 7;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value) || Number(value) > 365) throw new CliError('--days must be a whole number of days from 0 to 365, like 7');
  return Number(value);
}

export const invitationsSendCommand: Command = {
  words: ['invitations', 'send'],
  usage: sendUsage,
  summary: "Queue a survey's invitations (or, with --reminder, a reminder to those invited --days ago or more who have not completed)",
  options: { reminder: { type: 'boolean' }, days: { type: 'string' } },
  async run({ options, args, config, output }) {
    const surveyId = args[0];
    if (!surveyId || args.length > 1) throw new CliError(`Give one survey id. Usage: ${sendUsage}`);
    const kind = options.reminder ? 'reminder' : 'invitation';
    const days = daysOption(options.days);
    const database = await openMigratedDatabase(config);
    try {
      const evaluationId = await evaluationOfSurvey(database.db, surveyId).catch(() => {
        throw new CliError(`No survey with id ${surveyId} (see "formative survey list --evaluation ID")`);
      });
      const result = await queueRound(database.db, null, evaluationId, surveyId, kind, new Date(), days).catch((error: unknown) => {
        if (error instanceof HttpError && error.status < 500) throw new CliError(error.message);
        throw error;
      });
      const where = config.smtpUrl ? 'the server sends them (or run "formative mail work")' : 'no SMTP_URL is set, so they go to the survey\'s outbox';
      output.result(
        result,
        `Queued ${result.queued} ${kind === 'invitation' ? 'invitation' : 'reminder'}${result.queued === 1 ? '' : 's'}; ${where}. ${result.notEligible} not due one, ${result.withoutEmail} without an e-mail address (contact them another way).`,
      );
    } finally {
      await database.close();
    }
  },
};

export const mailWorkCommand: Command = {
  words: ['mail', 'work'],
  usage: 'formative mail work [--once] [--json]',
  summary: 'Send queued mail through SMTP_URL (or to the outbox when it is not set); --once sends what is due and stops',
  options: { once: { type: 'boolean' } },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    const worker = new MailWorker({ db: database.db, config, sender: senderFor(config) });
    try {
      if (options.once) {
        const summary = await worker.runOnce();
        output.result(summary, `Sent ${summary.sent}, kept in the outbox ${summary.outbox}, to try again later ${summary.retrying}, bounced ${summary.bounced}${summary.rateLimited ? ' (stopped at the per-minute limit, MAIL_PER_MINUTE)' : ''}.`);
        return;
      }
      output.note(`Sending queued mail ${config.smtpUrl ? 'through SMTP_URL' : 'to the outbox (no SMTP_URL set)'}. Press Ctrl+C to stop.`);
      worker.start((error) => process.stderr.write(`The mail worker failed, and will try again: ${(error as Error).message}\n`));
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      output.result({ stopped: true }, 'Stopped.');
    } finally {
      await worker.stop();
      await database.close();
    }
  },
};
