import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from './command.ts';
import { evaluationFromOption, evaluationOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { defaultLimits } from '../modules/qualitative/refi/archive.ts';
import { exportCodebook, exportQdpx } from '../modules/qualitative/refi/export.ts';
import { importQdpx } from '../modules/qualitative/refi/import.ts';
import { plural, type QdpxImportReport } from '../modules/qualitative/refi/report.ts';

const exportUsage = 'formative qdpx export --evaluation ID --out FILE.qdpx|FILE.qdc [--json]';
const importUsage = 'formative qdpx import FILE --evaluation ID [--json]';

function cannot(action: string, path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? (action === 'read' ? 'there is no such file' : 'its folder does not exist') : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
  return new CliError(`Cannot ${action} ${path}: ${reason}`);
}

export const qdpxExportCommand: Command = {
  words: ['qdpx', 'export'],
  usage: exportUsage,
  summary: 'Export the qualitative project as REFI-QDA (.qdpx), or only its codebook when --out ends in .qdc',
  options: { ...evaluationOption, out: { type: 'string' } },
  async run({ options, args, config, output }) {
    if (args.length) throw new CliError(`qdpx export takes no file argument; name the file with --out. Usage: ${exportUsage}`);
    const out = typeof options.out === 'string' ? options.out.trim() : '';
    if (!out) throw new CliError('Give --out with the file to write, like --out project.qdpx (or codebook.qdc for the codebook alone)');
    const extension = extname(out).toLowerCase();
    if (extension !== '.qdpx' && extension !== '.qdc') throw new CliError(`--out must end in .qdpx (the whole project) or .qdc (the codebook), not "${basename(out)}"`);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const file = extension === '.qdc' ? await exportCodebook(database.db, null, evaluation.id) : await exportQdpx(database.db, null, evaluation.id, new Date());
      try {
        await writeFile(out, file.body);
      } catch (error) {
        throw cannot('write', out, error);
      }
      const counts = Object.entries(file.counts).map(([what, n]) => `${what} ${n}`).join(', ');
      output.result({ file: out, ...file.counts }, `Wrote ${extension === '.qdc' ? 'the codebook' : 'the project'} of ${evaluation.title} to ${out}: ${counts}.`);
    } finally {
      await database.close();
    }
  },
};

function describeImport(file: string, report: QdpxImportReport): string {
  const i = report.imported;
  const lines = [
    `Imported ${file}${report.project.name ? ` ("${report.project.name}"${report.project.origin ? `, from ${report.project.origin}` : ''})` : ''}: ${plural(i.codes, 'code')}, ${plural(i.sources, 'source')}, ${plural(i.codings, 'coding')}, ${plural(i.participants, 'new participant')} (${i.participantsMatched} matched to existing ones) with ${plural(i.attributes, 'attribute')}, ${plural(i.memos, 'memo')}.`,
  ];
  for (const coder of report.coders) lines.push(`Coder ${coder.name}: ${coder.memberName ? `matched to ${coder.memberName}` : 'no member matched'} (${plural(coder.codings, 'coding')}).`);
  if (!report.notImported.length) lines.push('Everything in the file was imported.');
  else {
    lines.push(`Not imported (${report.notImported.length}):`);
    for (const item of report.notImported) lines.push(`  ${item.element} ${item.name}: ${item.reason}`);
  }
  return lines.join('\n');
}

export const qdpxImportCommand: Command = {
  words: ['qdpx', 'import'],
  usage: importUsage,
  summary: 'Import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or QualCoder, listing what was not imported',
  options: { ...evaluationOption },
  async run({ options, args, config, output }) {
    const path = args[0];
    if (!path || args.length > 1) throw new CliError(`Give one .qdpx file to import. Usage: ${importUsage}`);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw cannot('read', path, error);
    }
    // Refused before reading, so a mistaken multi-gigabyte file is not loaded into memory.
    const limit = defaultLimits.maxArchiveBytes;
    if (size > limit) throw new CliError(`${path} is ${(size / 1024 / 1024).toFixed(1)} MB; archives of up to ${limit / 1024 / 1024} MB can be imported (export the project without its audio, video and picture files)`);
    const content = await readFile(path);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, options.evaluation);
      const report = await importQdpx(database.db, null, evaluation.id, { content, filename: basename(path) });
      output.result(report, describeImport(basename(path), report));
    } finally {
      await database.close();
    }
  },
};
