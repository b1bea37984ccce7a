import type { ReportModel } from './model.ts';
import { renderDocx } from './render-docx.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';

/** The three formats a report is built in, with what a download needs to name each. */

export const formats = ['html', 'docx', 'pdf'] as const;
export type Format = (typeof formats)[number];

export const mediaTypes: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export const formatLabels: Record<Format, string> = { html: 'HTML', docx: 'Word (.docx)', pdf: 'PDF' };

export async function renderReport(model: ReportModel, format: Format, options: { version?: number; chromium?: string } = {}): Promise<Buffer> {
  if (format === 'html') return Buffer.from(renderHtml(model, { version: options.version }));
  if (format === 'docx') return renderDocx(model, { version: options.version });
  return renderPdf(model, options);
}

/** A file name from the report's title: letters, digits and hyphens, with the version when there is one. */
export function reportFileName(model: ReportModel, format: Format, version?: number): string {
  const stem = model.title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'report';
  return `${stem}${version ? `-v${version}` : '-draft'}.${format}`;
}
