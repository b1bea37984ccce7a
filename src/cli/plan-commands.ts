import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { HttpError } from '../http/errors.ts';
import { listUnits } from '../modules/organisation/service.ts';
import { addDocument, documentKinds } from '../modules/documents/service.ts';
import { maxDocumentBytes } from '../modules/documents/extraction.ts';
import { importPlans } from '../modules/plans/importing.ts';
import { maxPlanFileBytes } from '../modules/plans/plan-file.ts';
import { matchUnit, nameKey } from '../modules/plans/unit-names.ts';

const importUsage = 'formative plans import FILE --evaluation ID [--map "NAME IN FILE=UNIT NAME"]... [--json]';
const addUsage = 'formative documents add FILE --evaluation ID --kind KIND --title TITLE [--issuer I] [--issued-on yyyy-mm-dd] [--address URL] [--accessed-on yyyy-mm-dd] [--json]';

/** One file named on the command line, refused before it is read when it is too large. */
async function readOneFile(args: string[], usage: string, maxBytes: number): Promise<{ path: string; content: Buffer }> {
  const path = args[0];
  if (!path || args.length > 1) throw new CliError(`Give one file. Usage: ${usage}`);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${path}: ${code === 'ENOENT' ? 'there is no such file' : (error as Error).message}`);
  }
  if (size > maxBytes) throw new CliError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB; files of up to ${maxBytes / 1024 / 1024} MB can be added`);
  return { path, content: await readFile(path) };
}

/** A service's refusal as one line saying what to fix, then the rows or fields it names. */
function refusal(error: unknown, hint = ''): never {
  if (error instanceof HttpError && error.status === 400) {
    const details = error.fields.filter((f) => f.message !== error.message).slice(0, 30).map((f) => `  ${f.message}`);
    const more = error.fields.length > 30 ? [`  … and ${error.fields.length - 30} more`] : [];
    throw new CliError([error.message + hint, ...details, ...more].join('\n'));
  }
  throw error;
}

export const plansImportCommand: Command = {
  words: ['plans', 'import'],
  usage: importUsage,
  summary: 'Import plans, workstreams and deliverables from a CSV or .xlsx file, all or nothing; --map matches a name in the file to a unit',
  options: { ...evaluationOption, map: { type: 'string', multiple: true } },
  async run({ options, args, config, output }) {
    const file = await readOneFile(args, importUsage, maxPlanFileBytes);
    const pairs = ((options.map as unknown as string[] | undefined) ?? []).map((pair) => {
      const at = pair.lastIndexOf('=');
      if (at <= 0 || at === pair.length - 1) throw new CliError(`--map needs NAME=UNIT, like --map "Older People=Change Agent Team", not "${pair}"`);
      return { name: pair.slice(0, at).trim(), unit: pair.slice(at + 1).trim() };
    });
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const units = await listUnits(database.db, evaluation.id);
      const mapping: Record<string, string> = {};
      for (const { name, unit } of pairs) {
        const found = matchUnit(units, unit, 'programme');
        if (!found) throw new CliError(`--map ${name}=${unit}: "${unit}" is not one of the organisation's units (see the Organisation page)`);
        mapping[nameKey(name)] = found.id;
      }
      const result = await importPlans(database.db, null, evaluation.id, { fileName: basename(file.path), content: file.content }, mapping).catch((error: unknown) =>
        refusal(error, ' Map each name with --map "NAME=UNIT", or correct the rows.'),
      );
      output.result(
        result,
        `Imported ${result.deliverables} deliverables in ${result.workstreams} workstreams of ${result.plans} plans (${result.newPlans} new) for ${result.years.join(', ')}.`,
      );
    } finally {
      await database.close();
    }
  },
};

export const documentsAddCommand: Command = {
  words: ['documents', 'add'],
  usage: addUsage,
  summary: 'Add a PDF, Word (.docx) or HTML document to the register, with its text read for coding',
  options: {
    ...evaluationOption,
    kind: { type: 'string' },
    title: { type: 'string' },
    issuer: { type: 'string' },
    'issued-on': { type: 'string' },
    address: { type: 'string' },
    'accessed-on': { type: 'string' },
  },
  async run({ options, args, config, output }) {
    const file = await readOneFile(args, addUsage, maxDocumentBytes);
    const kind = options.kind;
    if (typeof kind !== 'string' || !documentKinds.includes(kind as (typeof documentKinds)[number])) {
      throw new CliError(`--kind must be one of ${documentKinds.join(', ')}${typeof kind === 'string' ? `, not "${kind}"` : ''}`);
    }
    if (typeof options.title !== 'string' || !options.title.trim()) throw new CliError(`Give --title. Usage: ${addUsage}`);
    const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const entry = await addDocument(
        database.db,
        null,
        evaluation.id,
        { kind: kind as (typeof documentKinds)[number], title: options.title, issuer: text('issuer'), issuedOn: text('issued-on'), address: text('address'), accessedOn: text('accessed-on') },
        { fileName: basename(file.path), content: file.content },
      ).catch((error: unknown) => refusal(error));
      const { createdAt, ...json } = entry;
      output.result({ ...json, createdAt: createdAt.toISOString() }, `Added "${entry.title}" (${entry.kindLabel}, ${entry.mediaType}, ${entry.sizeBytes} bytes). Document id ${entry.id}.`);
    } finally {
      await database.close();
    }
  },
};
