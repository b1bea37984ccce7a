import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { checkDirectory, type CleaningCounts } from '../modules/directory/cleaning-service.ts';
import { maxDirectoryBytes } from '../modules/directory/file-reading.ts';
import { importDirectory } from '../modules/directory/import-service.ts';
import { directoryFields } from '../modules/directory/mapping.ts';

const importUsage = 'formative directory import FILE --evaluation ID [--map FIELD=COLUMN ...] [--as-of yyyy-mm-dd] [--stale-months N] [--json]';
const checkUsage = 'formative directory check --evaluation ID [--as-of yyyy-mm-dd] [--stale-months N] [--json]';

const checkOptions = { 'as-of': { type: 'string' as const }, 'stale-months': { type: 'string' as const } };

/** --as-of and --stale-months, checked before any database is opened. */
function checkSettings(options: Record<string, string | boolean | undefined>): { asOf?: string; staleMonths?: number } {
  const settings: { asOf?: string; staleMonths?: number } = {};
  const asOf = options['as-of'];
  if (typeof asOf === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) throw new CliError(`--as-of must be a date like 2006-03-01, not "${asOf}"`);
    settings.asOf = asOf;
  }
  const months = options['stale-months'];
  if (typeof months === 'string') {
    const n = Number(months);
    if (!Number.isInteger(n) || n < 1 || n > 120) throw new CliError(`--stale-months must be a whole number from 1 to 120, not "${months}"`);
    settings.staleMonths = n;
  }
  return settings;
}

/** --map name="Full name" --map email=Mail, as field → column name. */
function mappingOption(value: string | boolean | undefined | string[]): Record<string, string> {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const mapping: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    const field = at > 0 ? item.slice(0, at).trim() : '';
    if (!(directoryFields as readonly string[]).includes(field)) {
      throw new CliError(`--map takes FIELD=COLUMN, FIELD one of ${directoryFields.join(', ')}; not "${item}"`);
    }
    mapping[field] = item.slice(at + 1).trim();
  }
  return mapping;
}

function describeCleaning(counts: CleaningCounts): string {
  return [
    `Checked ${counts.entries} entries as of ${counts.asOf} (out of date when not verified for ${counts.staleMonths} months):`,
    `  double entries: ${counts.found.double} found, ${counts.open.double} to review`,
    `  missing details: ${counts.found.missing} found, ${counts.open.missing} to review`,
    `  out of date: ${counts.found['out-of-date']} found, ${counts.open['out-of-date']} to review`,
  ].join('\n');
}

export const directoryImportCommand: Command = {
  words: ['directory', 'import'],
  usage: importUsage,
  summary: 'Import a staff directory (CSV or .xlsx) all or nothing, matching people already known, then print what the cleaning checks found',
  options: { ...evaluationOption, ...checkOptions, map: { type: 'string', multiple: true } },
  async run({ options, args, config, output }) {
    const path = args[0];
    if (!path || args.length > 1) throw new CliError(`Give one file to import. Usage: ${importUsage}`);
    const mapping = mappingOption(options.map as string[] | undefined);
    const settings = checkSettings(options);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`Cannot read ${path}: ${code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`);
    }
    if (size > maxDirectoryBytes) throw new CliError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB; directories of up to ${maxDirectoryBytes / 1024 / 1024} MB can be imported`);
    const content = await readFile(path);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const result = await importDirectory(database.db, null, evaluation.id, { filename: basename(path), content, mapping, settings });
      const columns = Object.entries(result.mapping).map(([field, column]) => `${field}=${column}`).join(', ');
      output.result(
        result,
        [
          `Read ${path} as ${result.readAs}; columns used: ${columns}.`,
          `${result.rows} rows: ${result.added} added, ${result.changed} changed, ${result.unchanged} unchanged; ${result.notInFile} already in the directory but not in the file.`,
          describeCleaning(result.cleaning),
        ].join('\n'),
      );
    } finally {
      await database.close();
    }
  },
};

export const directoryCheckCommand: Command = {
  words: ['directory', 'check'],
  usage: checkUsage,
  summary: 'Run the directory cleaning checks and print the double, missing and out-of-date entries found',
  options: { ...evaluationOption, ...checkOptions },
  async run({ options, config, output }) {
    const settings = checkSettings(options);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const counts = await checkDirectory(database.db, null, evaluation.id, settings);
      output.result(counts, describeCleaning(counts));
    } finally {
      await database.close();
    }
  },
};
