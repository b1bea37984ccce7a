import type { PlanTable } from './plan-file.ts';

/**
 * The rows of a plan file checked one by one, before anything is looked up in the database: each
 * problem names its row (the line of the file, or the row of the sheet) and its column.
 */

export const deliverableStatuses = ['planned', 'ongoing', 'done', 'dropped'] as const;
export type DeliverableStatus = (typeof deliverableStatuses)[number];
export const planKinds = ['business-plan', 'management-plan'] as const;
export type PlanKind = (typeof planKinds)[number];

export interface PlanRow {
  line: number;
  plan: string;
  planKind: PlanKind;
  planYear: string;
  /** The plan's issuing directorate, when the file has a column for it. */
  planDirectorate: string;
  workstream: string;
  directorate: string;
  deliverable: string;
  programmes: string[];
  themes: string[];
  status: DeliverableStatus;
}

export interface RowProblem {
  /** The file's line (CSV) or the sheet's row (XLSX); 1 is the header. */
  row: number;
  column: string;
  message: string;
}

type Field = 'plan' | 'planYear' | 'workstream' | 'directorate' | 'deliverable' | 'programmes' | 'themes' | 'status' | 'planKind' | 'planDirectorate';

/** Header names each field is known by, lower case, spaces and punctuation ignored. */
const headerNames: Record<Field, string[]> = {
  plan: ['plan', 'plantitle', 'planname'],
  planYear: ['planyear', 'year', 'financialyear'],
  workstream: ['workstream', 'workstreams', 'workstreamtitle'],
  directorate: ['directorate', 'workstreamdirectorate', 'leaddirectorate'],
  deliverable: ['deliverable', 'deliverables', 'deliverabletext'],
  programmes: ['programmes', 'programme', 'programmesinvolved', 'programs'],
  themes: ['themes', 'theme', 'tags'],
  status: ['status'],
  planKind: ['plankind', 'plantype', 'kind'],
  planDirectorate: ['plandirectorate', 'issuingdirectorate', 'issuedby'],
};
const required: Field[] = ['plan', 'planYear', 'workstream', 'deliverable'];
export const columnTitles: Record<Field, string> = {
  plan: 'plan',
  planYear: 'plan year',
  workstream: 'workstream',
  directorate: 'directorate',
  deliverable: 'deliverable',
  programmes: 'programmes',
  themes: 'themes',
  status: 'status',
  planKind: 'plan kind',
  planDirectorate: 'plan directorate',
};

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where each field is in the header, or the missing required columns. */
export function findColumns(columns: string[]): { at: Partial<Record<Field, number>>; missing: string[] } {
  const at: Partial<Record<Field, number>> = {};
  columns.forEach((title, index) => {
    const key = squash(title);
    for (const field of Object.keys(headerNames) as Field[]) {
      if (at[field] === undefined && headerNames[field].includes(key)) at[field] = index;
    }
  });
  return { at, missing: required.filter((f) => at[f] === undefined).map((f) => columnTitles[f]) };
}

const statusWords: Record<string, DeliverableStatus> = {
  planned: 'planned', 'not started': 'planned', new: 'planned',
  ongoing: 'ongoing', 'in progress': 'ongoing', started: 'ongoing', underway: 'ongoing',
  done: 'done', complete: 'done', completed: 'done', achieved: 'done',
  dropped: 'dropped', cancelled: 'dropped', canceled: 'dropped', stopped: 'dropped',
};

/** "2005/06", "2005-06" or "2005/2006" as "2005/06"; null when it is not a financial year. */
export function normalisePlanYear(text: string): string | null {
  const match = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]!.slice(-2));
  if ((start + 1) % 100 !== end) return null;
  return `${start}/${String(end).padStart(2, '0')}`;
}

/** A list cell: items separated by semicolons or vertical bars. */
export const splitList = (text: string) => [...new Set(text.split(/[;|]/).map((p) => p.trim().replace(/\s+/g, ' ')).filter(Boolean))];

/** Themes compare without case or extra spaces: "Social  Inclusion" is "social inclusion". */
export const normaliseTheme = (theme: string) => theme.trim().replace(/\s+/g, ' ').toLowerCase();

function planKindOf(text: string): PlanKind | null {
  const key = squash(text);
  if (key === '' || key.includes('management')) return 'management-plan';
  if (key.includes('business')) return 'business-plan';
  return null;
}

/** Every row checked; rows with a problem are left out of `rows`, and each problem is listed. */
export function checkPlanRows(table: PlanTable): { rows: PlanRow[]; problems: RowProblem[] } {
  const { at, missing } = findColumns(table.columns);
  if (missing.length) {
    return { rows: [], problems: [{ row: 1, column: missing.join(', '), message: `The header row has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. Columns needed: plan, plan year, workstream, deliverable; optional: directorate, programmes, themes, status, plan kind, plan directorate` }] };
  }
  const rows: PlanRow[] = [];
  const problems: RowProblem[] = [];
  for (const { line, cells } of table.rows) {
    const cell = (field: Field) => (at[field] === undefined ? '' : (cells[at[field]!] ?? '').trim());
    const before = problems.length;
    const problem = (field: Field, message: string) => problems.push({ row: line, column: columnTitles[field], message });
    const lengthCheck = (field: Field, max: number) => {
      if (cell(field).length > max) problem(field, `is longer than ${max} characters`);
    };
    for (const field of required) if (!cell(field)) problem(field, `is empty: enter the ${columnTitles[field]}`);
    const planYear = normalisePlanYear(cell('planYear'));
    if (cell('planYear') && !planYear) problem('planYear', `"${cell('planYear')}" is not a plan year: write it like 2005/06`);
    const status = cell('status') === '' ? 'planned' : statusWords[cell('status').toLowerCase().replace(/\s+/g, ' ')];
    if (!status) problem('status', `"${cell('status')}" is not a status: use planned, ongoing, done or dropped`);
    const planKind = planKindOf(cell('planKind'));
    if (!planKind) problem('planKind', `"${cell('planKind')}" is not a plan kind: use business plan or management plan`);
    lengthCheck('plan', 300);
    lengthCheck('workstream', 300);
    lengthCheck('deliverable', 4000);
    const themes = splitList(cell('themes')).map(normaliseTheme);
    if (themes.some((t) => t.length > 100)) problem('themes', 'has a theme longer than 100 characters');
    const programmes = splitList(cell('programmes'));
    if (problems.length > before) continue;
    rows.push({
      line,
      plan: cell('plan'),
      planKind: planKind!,
      planYear: planYear!,
      planDirectorate: cell('planDirectorate'),
      workstream: cell('workstream'),
      directorate: cell('directorate'),
      deliverable: cell('deliverable'),
      programmes,
      themes,
      status: status!,
    });
  }
  problems.push(...consistencyProblems(rows));
  return { rows, problems };
}

/** A workstream has one directorate, and a plan one kind, whatever row names them. */
function consistencyProblems(rows: PlanRow[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const workstreams = new Map<string, PlanRow>();
  const plans = new Map<string, PlanRow>();
  for (const row of rows) {
    const planKey = `${row.planYear}|${row.plan.toLowerCase()}`;
    const plan = plans.get(planKey);
    if (!plan) plans.set(planKey, row);
    else if (plan.planKind !== row.planKind) problems.push({ row: row.line, column: 'plan kind', message: `says ${row.planKind.replace('-', ' ')}, but row ${plan.line} says ${plan.planKind.replace('-', ' ')} for the same plan` });
    else if (row.planDirectorate && plan.planDirectorate && row.planDirectorate.toLowerCase() !== plan.planDirectorate.toLowerCase()) {
      problems.push({ row: row.line, column: 'plan directorate', message: `says ${row.planDirectorate}, but row ${plan.line} says ${plan.planDirectorate} for the same plan` });
    }
    const key = `${planKey}|${row.workstream.toLowerCase()}`;
    const first = workstreams.get(key);
    if (!first) workstreams.set(key, row);
    else if (row.directorate.toLowerCase() !== first.directorate.toLowerCase()) {
      problems.push({ row: row.line, column: 'directorate', message: `says "${row.directorate}", but row ${first.line} says "${first.directorate}" for the same workstream` });
    }
  }
  return problems;
}
