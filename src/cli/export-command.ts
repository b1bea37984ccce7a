import { open, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import type { Db } from '../db/database.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { HttpError } from '../http/errors.ts';
import { exportFormats, type ExportFormat, type ExportOptions } from '../modules/surveys/exports/options.ts';
import { exportFile, planExport, recordExport, responsesCsv, statisticsFiles, type ExportPlan } from '../modules/surveys/exports/service.ts';

const usage = 'formative export responses SURVEY --evaluation ID --format csv|xlsx|spss|r|codebook --out FILE [--labels] [--include-partial] [--include-pretest] [--bom]';

/** The choices on the command line, checked before any database is opened. */
function optionsFrom(options: Record<string, string | boolean | undefined>, args: string[]): { survey: string; out: string; options: ExportOptions } {
  const survey = args[0];
  if (!survey || args.length > 1) throw new CliError(`Give one survey, by its id or the code in its link. Usage: ${usage}`);
  const format = options.format;
  if (typeof format !== 'string' || !exportFormats.includes(format as ExportFormat)) {
    throw new CliError(`--format must be one of ${exportFormats.join(', ')}${typeof format === 'string' ? `, not "${format}"` : ''}`);
  }
  if (typeof options.out !== 'string' || !options.out.trim()) throw new CliError('Give --out with the file to write, like --out staff-survey.csv');
  return {
    survey,
    out: options.out,
    options: {
      format: format as ExportFormat,
      labels: options.labels === true,
      partial: options['include-partial'] === true,
      pretest: options['include-pretest'] === true,
      bom: options.bom === true,
    },
  };
}

/**
 * The files to write. SPSS and R give a script and its data file side by side, named after --out
 * (staff.sps and staff.csv for --out staff.sps), or one ZIP when --out ends in .zip.
 */
function targets(out: string, format: ExportFormat): { script?: string; data: string } {
  if ((format !== 'spss' && format !== 'r') || extname(out).toLowerCase() === '.zip') return { data: out };
  const stem = join(dirname(out), basename(out, extname(out)));
  return { script: `${stem}${format === 'spss' ? '.sps' : '.R'}`, data: `${stem}.csv` };
}

/** Opens a file for writing, or says in one line why it cannot be written. */
async function openForWriting(path: string) {
  try {
    return await open(path, 'w');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new CliError(`Cannot write ${path}: ${reason}`);
  }
}

/** Writes one file, noting it in `written` once it exists, so a failure can remove what it left. */
async function writeTo(path: string, content: string | Readable, written: string[]): Promise<void> {
  const handle = await openForWriting(path);
  written.push(path);
  if (typeof content !== 'string') {
    // The write stream owns the handle and closes it when it finishes or fails.
    await pipeline(content, handle.createWriteStream());
    return;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}

async function survey(db: Db, evaluationId: string, evaluationName: string, ref: string, options: ExportOptions): Promise<ExportPlan> {
  try {
    return await planExport(db, evaluationId, ref, options, new Date());
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new CliError(`No survey with id or link code ${ref} in evaluation ${evaluationName}`);
    throw error;
  }
}

export const exportResponsesCommand: Command = {
  words: ['export', 'responses'],
  usage,
  summary: 'Export a survey\'s responses (codes, or labels with --labels) or its codebook to a file',
  options: {
    ...evaluationOption,
    format: { type: 'string' },
    out: { type: 'string' },
    labels: { type: 'boolean' },
    'include-partial': { type: 'boolean' },
    'include-pretest': { type: 'boolean' },
    bom: { type: 'boolean' },
  },
  async run({ options, args, config, output }) {
    const request = optionsFrom(options, args);
    const files = targets(request.out, request.options.format);
    const database = await openMigratedDatabase(config);
    const written: string[] = [];
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const plan = await survey(database.db, evaluation.id, evaluation.slug, request.survey, request.options);
      const counter = { rows: 0 };
      if (files.script) {
        // The script names its data file, which here is the one written beside it.
        const { script, style } = statisticsFiles(plan, request.options.format as 'spss' | 'r', basename(files.data));
        await writeTo(files.script, script.text, written);
        await writeTo(files.data, responsesCsv(database.db, plan, counter, style), written);
      } else {
        await writeTo(files.data, exportFile(database.db, plan, counter).body, written);
      }
      await recordExport(database.db, null, plan);
      const what = request.options.format === 'codebook' ? `the codebook of ${plan.layout.variables.length} variables` : `${counter.rows} responses`;
      output.result(
        { survey: plan.survey.id, format: request.options.format, responses: counter.rows, files: written },
        `Wrote ${what} to ${written.join(' and ')}.`,
      );
    } catch (error) {
      // A half-written export must not be mistaken for a whole one.
      await Promise.all(written.map((file) => rm(file, { force: true })));
      throw error;
    } finally {
      await database.close();
    }
  },
};
