import type { SampleMember, SampleSummary } from './samples.ts';

/**
 * A sample's members as CSV (RFC 4180: commas, CRLF, quotes doubled), for mail merges and
 * spreadsheets. A cell that starts with =, +, - or @ gets a leading apostrophe, so a name in the
 * directory can never run as a spreadsheet formula.
 */
const needsQuotes = /[",\r\n]/;

function cell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const memberColumns = ['name', 'email', 'unit', 'region', 'programme', 'stratum'] as const;

export function sampleMembersCsv(members: readonly SampleMember[]): string {
  const lines = [memberColumns.join(',')];
  for (const m of members) lines.push([m.name, m.email, m.unitName, m.regionName, m.programmeName, m.stratum].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name made of the sample's name: letters, digits and hyphens only. */
export function sampleFileName(sample: Pick<SampleSummary, 'name'>): string {
  const stem = sample.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'sample';
  return `${stem}.csv`;
}
