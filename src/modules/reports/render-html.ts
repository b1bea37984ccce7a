import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { numbered, paragraphs, type ReportModel } from './model.ts';

/**
 * The report as one standalone, accessible HTML file: real headings, numbered table captions,
 * the charts as inline SVG labelled by their caption and text alternative, and print styles (so
 * the same file prints to PDF). Everything comes from the model, so a stored version always
 * gives the same bytes.
 */

const views = fileURLToPath(new URL('./views/', import.meta.url));
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(views), { autoescape: true, throwOnUndefined: false });

/** Marks a chart's SVG as an image named by the elements with these ids. */
function labelledSvg(svg: string, ids: string[]): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${ids.join(' ')}" focusable="false" `);
}

export function renderHtml(model: ReportModel, options: { version?: number } = {}): string {
  return env.render('report-document.njk', { model, version: options.version ?? null, numbers: numbered(model), paragraphs, svg: labelledSvg });
}
