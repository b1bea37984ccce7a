import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { purposes, listSurveys } from '../modules/surveys/service.ts';
import { maxImportBytes, type ImportReport } from '../modules/surveys/imports/report.ts';
import { importSurvey, kindFromFilename, type ImportKind } from '../modules/surveys/imports/service.ts';

const importUsage = 'formative survey import FILE --evaluation ID [--purpose pretest|pilot|main] [--title T] [--json]';

/** The file, its kind and the purpose, checked before any database is opened. */
async function importRequest(options: Record<string, string | boolean | undefined>, args: string[]): Promise<{ path: string; kind: ImportKind; purpose: (typeof purposes)[number]; content: Buffer }> {
  const path = args[0];
  if (!path || args.length > 1) throw new CliError(`Give one file to import. Usage: ${importUsage}`);
  const kind = kindFromFilename(path);
  if (!kind) throw new CliError(`${path} is neither a .lss (LimeSurvey survey structure) nor a .csv (REDCap data dictionary) file`);
  const purpose = options.purpose ?? 'main';
  if (typeof purpose !== 'string' || !purposes.includes(purpose as (typeof purposes)[number])) {
    throw new CliError(`--purpose must be one of ${purposes.join(', ')}${typeof purpose === 'string' ? `, not "${purpose}"` : ''}`);
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${path}: ${code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`);
  }
  // Refused before reading, so a mistaken multi-gigabyte file is not loaded into memory.
  if (size > maxImportBytes) throw new CliError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB; files of up to 10 MB can be imported`);
  return { path, kind, purpose: purpose as (typeof purposes)[number], content: await readFile(path) };
}

function describeImport(title: string, report: ImportReport): string {
  const { imported, notImported } = report;
  const formats = Object.entries(imported.formats).map(([format, n]) => `${n} ${format}`).join(', ');
  const lines = [
    `Imported "${title}": ${imported.pages} pages, ${imported.questions} questions${formats ? ` (${formats})` : ''}, ${imported.conditions} conditions, ${imported.introTexts} texts in page introductions.`,
  ];
  if (!notImported.length) lines.push('Everything in the file was imported.');
  else {
    lines.push(`Not imported (${notImported.length}):`);
    for (const item of notImported) lines.push(`  ${item.element} ${item.name}: ${item.reason}`);
  }
  return lines.join('\n');
}

export const surveyImportCommand: Command = {
  words: ['survey', 'import'],
  usage: importUsage,
  summary: 'Import a LimeSurvey .lss or a REDCap data dictionary (.csv) as a draft survey, listing what was not imported',
  options: { ...evaluationOption, purpose: { type: 'string' }, title: { type: 'string' } },
  async run({ options, args, config, output }) {
    const request = await importRequest(options, args);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const { survey, report } = await importSurvey(database.db, null, evaluation.id, {
        kind: request.kind,
        content: request.content,
        purpose: request.purpose,
        filename: basename(request.path),
        ...(typeof options.title === 'string' ? { title: options.title } : {}),
      });
      output.result(
        { survey: { id: survey.id, title: survey.title, purpose: survey.purpose, anonymity: survey.anonymity, status: survey.status, publicCode: survey.publicCode }, report },
        `${describeImport(survey.title, report)}\nSurvey id ${survey.id}, link code ${survey.publicCode}; it is a draft.`,
      );
    } finally {
      await database.close();
    }
  },
};

export const surveyListCommand: Command = {
  words: ['survey', 'list'],
  usage: 'formative survey list --evaluation ID [--json]',
  summary: "List an evaluation's surveys with their status and responses",
  options: { ...evaluationOption },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const rows = (await listSurveys(database.db, evaluation.id)).map((s) => ({
        id: s.id,
        title: s.title,
        purpose: s.purpose,
        status: s.status,
        publicCode: s.publicCode,
        complete: s.complete,
        partial: s.partial,
      }));
      const text = rows.length
        ? rows.map((r) => `${r.id}  ${r.publicCode}  ${r.status.padEnd(6)}  ${r.purpose.padEnd(7)}  ${r.complete} complete, ${r.partial} partial  ${r.title}`).join('\n')
        : `No surveys in ${evaluation.title} yet. Import one with: ${importUsage}`;
      output.result(rows, text);
    } finally {
      await database.close();
    }
  },
};
