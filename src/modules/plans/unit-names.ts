import type { PlanRow } from './plan-rows.ts';

/**
 * Names of directorates and programmes in a plan file matched to the organisation's units. A name
 * matches a unit's name or short name, whatever the case; a name that matches none, or several
 * units of which none is the expected kind, is left for the researcher to map to an existing unit.
 * No unit is ever made up from a name in a file.
 */

export interface UnitChoice {
  id: string;
  name: string;
  shortName: string;
  kind: string;
}

export type NameRole = 'directorate' | 'programme';

export interface UnmatchedName {
  /** As first written in the file. */
  name: string;
  key: string;
  roles: NameRole[];
  /** The rows it appears in (file lines), the first few. */
  rows: number[];
  count: number;
}

export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const expectedKinds: Record<NameRole, string[]> = { directorate: ['directorate', 'programme', 'region', 'other', 'organisation', 'team'], programme: ['programme', 'region', 'team', 'other', 'directorate', 'organisation'] };

/** The unit a name stands for, or null when none or more than one could be meant. */
export function matchUnit(units: readonly UnitChoice[], name: string, role: NameRole): UnitChoice | null {
  const key = nameKey(name);
  const found = units.filter((u) => nameKey(u.name) === key || (u.shortName !== '' && nameKey(u.shortName) === key));
  if (found.length <= 1) return found[0] ?? null;
  // The same name for two kinds of unit: the kind the column is about wins, if exactly one has it.
  for (const kind of expectedKinds[role]) {
    const ofKind = found.filter((u) => u.kind === kind);
    if (ofKind.length === 1) return ofKind[0]!;
    if (ofKind.length > 1) return null;
  }
  return null;
}

function uses(rows: readonly PlanRow[]): Map<string, { name: string; roles: Set<NameRole>; rows: number[] }> {
  const found = new Map<string, { name: string; roles: Set<NameRole>; rows: number[] }>();
  const note = (name: string, role: NameRole, line: number) => {
    if (!name) return;
    const key = nameKey(name);
    const entry = found.get(key) ?? { name, roles: new Set<NameRole>(), rows: [] };
    entry.roles.add(role);
    if (entry.rows.at(-1) !== line) entry.rows.push(line);
    found.set(key, entry);
  };
  for (const row of rows) {
    note(row.directorate, 'directorate', row.line);
    note(row.planDirectorate, 'directorate', row.line);
    for (const p of row.programmes) note(p, 'programme', row.line);
  }
  return found;
}

/**
 * Each name's unit: from the mapping the researcher chose when it names a unit of this
 * evaluation, else by matching. The names left are listed with where they appear.
 */
export function resolveNames(rows: readonly PlanRow[], units: readonly UnitChoice[], mapping: Readonly<Record<string, string>>): { unitOf: Map<string, string>; unmatched: UnmatchedName[] } {
  const ids = new Set(units.map((u) => u.id));
  const unitOf = new Map<string, string>();
  const unmatched: UnmatchedName[] = [];
  for (const [key, use] of uses(rows)) {
    const mapped = mapping[key];
    if (mapped && ids.has(mapped)) {
      unitOf.set(key, mapped);
      continue;
    }
    const role: NameRole = use.roles.has('programme') ? 'programme' : 'directorate';
    const unit = matchUnit(units, use.name, role);
    if (unit) unitOf.set(key, unit.id);
    else unmatched.push({ name: use.name, key, roles: [...use.roles].sort(), rows: use.rows.slice(0, 5), count: use.rows.length });
  }
  unmatched.sort((a, b) => a.name.localeCompare(b.name));
  return { unitOf, unmatched };
}
