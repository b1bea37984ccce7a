import { z } from 'zod';
import type { Unit } from '../organisation/service.ts';
import { plainWords } from './names.ts';

/**
 * Which column of an uploaded directory holds which detail, and each row read through that
 * mapping into a directory entry, every bad value reported by row and column.
 */

export const directoryFields = ['name', 'email', 'phone', 'unit', 'region', 'jobTitle', 'startedOn', 'leftOn', 'lastVerifiedOn', 'externalId'] as const;
export type DirectoryField = (typeof directoryFields)[number];

export const fieldLabels: Record<DirectoryField, string> = {
  name: 'Name',
  email: 'E-mail address',
  phone: 'Phone number',
  unit: 'Unit',
  region: 'Region',
  jobTitle: 'Job title',
  startedOn: 'Start date',
  leftOn: 'Leave date',
  lastVerifiedOn: 'Date last verified',
  externalId: 'Staff number or other identifier',
};

/** Header words that usually mean each field, for the first guess at the mapping. */
const headerWords: Record<DirectoryField, string[]> = {
  name: ['name', 'full name', 'fullname', 'staff name', 'person', 'employee name', 'display name'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'mail', 'work email'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'telephone number', 'mobile', 'extension'],
  unit: ['unit', 'programme', 'program', 'team', 'department', 'directorate', 'service', 'workstream'],
  region: ['region', 'regional centre', 'centre', 'location', 'area', 'office'],
  jobTitle: ['job title', 'title', 'role', 'position', 'post', 'job'],
  startedOn: ['start date', 'started', 'started on', 'date started', 'start', 'joined', 'date joined'],
  leftOn: ['leave date', 'left', 'left on', 'date left', 'end date', 'leaving date', 'leaver date'],
  lastVerifiedOn: ['last verified', 'verified', 'last checked', 'date checked', 'checked', 'last verified on', 'verified on', 'last updated'],
  externalId: ['id', 'staff id', 'staff number', 'staff no', 'employee no', 'payroll no', 'employee id', 'employee number', 'payroll number', 'person id', 'external id', 'reference'],
};

/** Field → column number (from 0); a field left out is not in the file. */
export type ColumnMapping = Partial<Record<DirectoryField, number>>;

/** The first guess at a mapping, from the header row's words. */
export function suggestMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  const heads = columns.map((c) => plainWords(c.replace(/,/g, ' ')).join(' '));
  for (const field of directoryFields) {
    const index = heads.findIndex((head, i) => !used.has(i) && headerWords[field].includes(head));
    if (index >= 0) {
      mapping[field] = index;
      used.add(index);
    }
  }
  return mapping;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Problems with the mapping itself: the name column is required, and no column serves two fields. */
export function mappingProblems(mapping: ColumnMapping, columns: string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (mapping.name === undefined) problems.push({ field: 'name', message: "Choose the column that holds people's names: Name is required" });
  const byColumn = new Map<number, DirectoryField[]>();
  for (const field of directoryFields) {
    const column = mapping[field];
    if (column === undefined) continue;
    if (!Number.isInteger(column) || column < 0 || column >= columns.length) {
      problems.push({ field, message: `${fieldLabels[field]}: choose one of the file's columns` });
      continue;
    }
    byColumn.set(column, [...(byColumn.get(column) ?? []), field]);
  }
  for (const [column, fields] of byColumn) {
    if (fields.length > 1) {
      problems.push({ field: fields[1]!, message: `Column "${columns[column]}" is chosen for both ${fields.map((f) => fieldLabels[f]).join(' and ')}: choose it for one only` });
    }
  }
  return problems;
}

/** One row of the file as a directory entry; null means blank (or not in the file), which never erases a stored value. */
export interface IncomingEntry {
  line: number;
  name: string;
  email: string | null;
  phone: string | null;
  unitId: string | null;
  regionId: string | null;
  jobTitle: string | null;
  startedOn: string | null;
  leftOn: string | null;
  lastVerifiedOn: string | null;
  externalId: string | null;
}

export interface RowProblem {
  line: number;
  column: string;
  message: string;
}

export const describeRowProblem = (p: RowProblem) => `Row ${p.line}, column "${p.column}": ${p.message}`;

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function realDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2999 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as directories write it: 2006-03-01, 01/03/2006 or 1.3.2006 (day first, as in the UK),
 * or 1 March 2006; undefined when it is none of these or not a real day.
 */
export function parseDirectoryDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return realDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dayFirst) return realDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  const words = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+)\.? (\d{4})$/.exec(text.replace(/\s+/g, ' '));
  if (words) {
    const month = months.indexOf(words[2]!.slice(0, 3).toLowerCase());
    if (month >= 0) return realDate(Number(words[3]), month + 1, Number(words[1]));
  }
  return undefined;
}

const emailSchema = z.email();

/** Finds units by name or short name, any letter case; a region column looks among regions only. */
export function unitFinder(units: Unit[]) {
  const index = (list: Unit[]) => {
    const byName = new Map<string, Unit[]>();
    for (const unit of list) {
      for (const key of new Set([unit.name, unit.shortName].map((k) => k.trim().toLowerCase()).filter(Boolean))) {
        byName.set(key, [...(byName.get(key) ?? []), unit]);
      }
    }
    return byName;
  };
  const all = index(units);
  const regions = index(units.filter((u) => u.kind === 'region'));
  return (text: string, regionOnly: boolean): { unit?: Unit; problem?: string } => {
    const found = (regionOnly ? regions : all).get(text.toLowerCase()) ?? [];
    if (found.length === 1) return { unit: found[0]! };
    // The same name used for, say, a programme and a team: an exact name beats a short name.
    const exact = found.filter((u) => u.name.toLowerCase() === text.toLowerCase());
    if (exact.length === 1) return { unit: exact[0]! };
    if (found.length > 1) return { problem: `"${text}" is the name of ${found.length} units (${found.map((u) => u.kind).join(', ')}): rename one of them on the Organisation page` };
    return { problem: regionOnly ? `there is no region called "${text}": add it on the Organisation page, or correct the file` : `there is no unit called "${text}": add it on the Organisation page, or correct the file` };
  };
}

/** Reads every row through the mapping; all rows are checked, so every problem can be fixed at once. */
export function readEntries(table: { columns: string[]; rows: string[][]; lineNumbers: number[] }, mapping: ColumnMapping, units: Unit[]): { entries: IncomingEntry[]; problems: RowProblem[] } {
  const findUnit = unitFinder(units);
  const entries: IncomingEntry[] = [];
  const problems: RowProblem[] = [];
  const firstLineOfId = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const line = table.lineNumbers[index] ?? index + 2;
    const cell = (field: DirectoryField) => (mapping[field] === undefined ? '' : (row[mapping[field]] ?? '').trim());
    const problem = (field: DirectoryField, message: string) => problems.push({ line, column: table.columns[mapping[field]!] ?? fieldLabels[field], message });
    const text = (field: DirectoryField, max: number) => {
      const value = cell(field);
      if (value.length > max) problem(field, `${fieldLabels[field]} must be ${max} characters or fewer`);
      return value || null;
    };
    const date = (field: DirectoryField) => {
      const value = cell(field);
      if (!value) return null;
      const parsed = parseDirectoryDate(value);
      if (!parsed) problem(field, `"${value}" is not a date: write dates like 2006-03-01 or 01/03/2006`);
      return parsed ?? null;
    };
    const unit = (field: 'unit' | 'region') => {
      const value = cell(field);
      if (!value) return null;
      const found = findUnit(value, field === 'region');
      if (found.problem) problem(field, found.problem);
      return found.unit?.id ?? null;
    };

    const name = text('name', 200);
    if (!name) problem('name', 'the name is blank: every row needs a name');
    const email = text('email', 320);
    if (email && !emailSchema.safeParse(email).success) problem('email', `"${email}" is not an e-mail address`);
    const externalId = text('externalId', 100);
    if (externalId) {
      const earlier = firstLineOfId.get(externalId);
      if (earlier !== undefined) problem('externalId', `"${externalId}" is also on row ${earlier}: each person's identifier must be different`);
      else firstLineOfId.set(externalId, line);
    }
    const entry: IncomingEntry = {
      line,
      name: name ?? '',
      email,
      phone: text('phone', 50),
      unitId: unit('unit'),
      regionId: unit('region'),
      jobTitle: text('jobTitle', 200),
      startedOn: date('startedOn'),
      leftOn: date('leftOn'),
      lastVerifiedOn: date('lastVerifiedOn'),
      externalId,
    };
    if (entry.startedOn && entry.leftOn && entry.leftOn < entry.startedOn) problem('leftOn', `the leave date ${cell('leftOn')} is before the start date ${cell('startedOn')}`);
    entries.push(entry);
  });
  return { entries, problems };
}
