import type { NonRespondent } from './service.ts';

/**
 * The non-respondent list as CSV (RFC 4180, CRLF). Directory entries are typed by people, so a
 * value a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading quote.
 */
const header = ['name', 'email', 'phone', 'unit', 'region', 'last_contact', 'last_contact_on'];

function field(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function nonRespondentCsv(people: readonly NonRespondent[]): string {
  const lines = [header, ...people.map((p) => [p.name, p.email, p.phone, p.unit, p.region, p.lastContact, p.lastContactOn])];
  return lines.map((line) => `${line.map(field).join(',')}\r\n`).join('');
}
