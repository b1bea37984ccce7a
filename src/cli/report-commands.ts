import { access, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from './command.ts';
import { evaluationArgument, evaluationFromOption } from './evaluation-option.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { assembleReport } from '../modules/reports/assemble.ts';
import { formats, renderReport, type Format } from '../modules/reports/formats.ts';
import { templates, type Template } from '../modules/reports/model.ts';
import { PdfError } from '../modules/reports/render-pdf.ts';
import { unsavedReport } from '../modules/reports/service.ts';

const usage = 'formative report build EVALUATION --template interim|final|feedback --format docx|pdf|html --out FILE [--title TITLE]';

export const reportBuildCommand: Command = {
  words: ['report', 'build'],
  usage,
  summary: 'Build a draft report of an evaluation from a template, as it stands now, into a Word, PDF or HTML file (nothing is stored)',
  options: { template: { type: 'string', default: 'interim' }, format: { type: 'string' }, out: { type: 'string' }, title: { type: 'string' } },
  async run({ options, args, config, output }) {
    const ref = evaluationArgument(args, usage);
    const template = String(options.template ?? 'interim');
    if (!(templates as readonly string[]).includes(template)) throw new CliError(`--template must be one of ${templates.join(', ')}, not "${template}"`);
    const out = typeof options.out === 'string' && options.out.trim() ? resolve(options.out) : null;
    if (!out) throw new CliError(`Give --out with the file to write. Usage: ${usage}`);
    const given = typeof options.format === 'string' ? options.format : (/\.(docx|pdf|html)$/i.exec(out)?.[1]?.toLowerCase() ?? '');
    if (!(formats as readonly string[]).includes(given)) throw new CliError(`--format must be one of ${formats.join(', ')}${given ? `, not "${given}"` : ' (or end --out with .docx, .pdf or .html)'}`);
    const format = given as Format;
    // Refuse an unwritable place before the (slow) build, not after it.
    try {
      await access(dirname(out), constants.W_OK);
    } catch {
      throw new CliError(`Cannot write ${out}: the folder ${dirname(out)} does not exist or is not writable`);
    }
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, ref);
      const title = typeof options.title === 'string' && options.title.trim() ? options.title.trim() : undefined;
      const model = await assembleReport(database.db, evaluation.id, unsavedReport(template as Template, title));
      const bytes = await renderReport(model, format).catch((error: unknown) => {
        if (error instanceof PdfError) throw new CliError(error.message);
        throw error;
      });
      await writeFile(out, bytes).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`Cannot write ${out}: ${error.code === 'EISDIR' ? 'it is a folder' : error.message}`);
      });
      output.result({ file: out, format, template, bytes: bytes.length, sections: model.sections.map((s) => s.key) }, `Wrote ${model.templateLabel.toLowerCase()} of ${evaluation.title} to ${out} (${format}, ${Math.ceil(bytes.length / 1024)} KB, ${model.sections.length} sections).`);
    } finally {
      await database.close();
    }
  },
};
