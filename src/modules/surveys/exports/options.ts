import { z } from 'zod';

/** What a researcher can ask for: the file format and which responses go in it. */
export const exportFormats = ['csv', 'xlsx', 'spss', 'r', 'codebook'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const formatNames: Record<ExportFormat, string> = {
  csv: 'CSV',
  xlsx: 'Excel workbook (XLSX)',
  spss: 'SPSS syntax and data (ZIP)',
  r: 'R script and data (ZIP)',
  codebook: 'Codebook (CSV)',
};

export interface ExportOptions {
  format: ExportFormat;
  /** Answer labels instead of codes; only CSV and XLSX, since SPSS and R attach labels themselves. */
  labels: boolean;
  /** Partial responses too, not only complete ones. */
  partial: boolean;
  /** Pre-test responses too; they are kept out of analysis unless asked for. */
  pretest: boolean;
  /** A byte-order mark at the start of CSV files, so Excel reads them as UTF-8. */
  bom: boolean;
}

export const defaultOptions: ExportOptions = { format: 'csv', labels: false, partial: false, pretest: false, bom: false };

/** Checkbox and query values: present and "true", "yes", "on" or "1" means yes. */
const flag = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || (typeof v === 'string' && ['true', 'yes', 'on', '1'].includes(v.toLowerCase())));

/** The same choices from a web form, a query string or the command line. */
export const exportQuery = z.object({
  format: z.enum(exportFormats, { error: `Choose a format: ${exportFormats.join(', ')}` }),
  labels: z
    .union([z.enum(['codes', 'labels']), flag])
    .optional()
    .transform((v) => v === 'labels' || v === true),
  partial: flag,
  pretest: flag,
  bom: flag,
});
export type ExportQuery = z.input<typeof exportQuery>;

/** A file name made from the survey title: lowercase letters, digits and hyphens. */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD; dropping them keeps "Évaluation" readable.
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return stem || 'survey';
}
