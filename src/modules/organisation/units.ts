import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { UnitsTable } from '../../db/tables.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../accounts/audit.ts';
import { optionalText } from '../shared-schemas.ts';
import { optionalUnitId, requiredEntry } from './schemas.ts';
import * as store from './store.ts';
import { inTransaction, isForeignKeyViolation } from '../../db/transaction.ts';

/** The kinds of unit, in the order the organisation page shows them. */
export const unitKinds = ['organisation', 'programme', 'region', 'directorate', 'team', 'other'] as const;
export type UnitKind = (typeof unitKinds)[number];

export const unitKindLabels: Record<UnitKind, { singular: string; plural: string }> = {
  organisation: { singular: 'Organisation', plural: 'Organisation' },
  programme: { singular: 'Programme', plural: 'Programmes' },
  region: { singular: 'Region', plural: 'Regions' },
  directorate: { singular: 'Directorate', plural: 'Directorates' },
  team: { singular: 'Team', plural: 'Teams' },
  other: { singular: 'Other', plural: 'Other units' },
};

export interface Unit {
  id: string;
  evaluationId: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  shortName: string;
  position: number;
}

/** A unit as the organisation page lists it: with the names of the units it sits inside, outermost first. */
export interface PlacedUnit extends Unit {
  ancestors: string[];
}

export const unitInput = z.object({
  kind: z.enum(unitKinds, { error: 'Choose the kind of unit' }),
  name: requiredEntry("Enter the unit's name", 'Name', 200),
  shortName: optionalText('Short name', 50),
  parentId: optionalUnitId('Part of'),
});
export type UnitInput = z.input<typeof unitInput>;

export function toUnit(row: Selectable<UnitsTable>): Unit {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    parentId: row.parent_id,
    kind: row.kind as UnitKind,
    name: row.name,
    shortName: row.short_name,
    position: row.position,
  };
}

export async function listUnits(db: Db, evaluationId: string): Promise<Unit[]> {
  return (await store.listUnits(db, evaluationId)).map(toUnit);
}

export async function getUnit(db: Db, evaluationId: string, unitId: string): Promise<Unit> {
  const row = z.string().uuid().safeParse(unitId).success ? await store.findUnit(db, evaluationId, unitId) : undefined;
  if (!row) throw notFound('Unit');
  return toUnit(row);
}

/**
 * Walks the hierarchy from the top, each unit after the one it is part of and siblings in their
 * stored order, then groups by kind: so teams of one directorate stay together on the page.
 */
export function unitsByKind(units: Unit[]): { kind: UnitKind; label: string; units: PlacedUnit[] }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered: PlacedUnit[] = [];
  const visit = (parentId: string | null, ancestors: string[]) => {
    const siblings = [...(children.get(parentId) ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    for (const unit of siblings) {
      ordered.push({ ...unit, ancestors });
      visit(unit.id, [...ancestors, unit.name]);
    }
  };
  visit(null, []);
  return unitKinds
    .map((kind) => ({ kind, label: unitKindLabels[kind].plural, units: ordered.filter((u) => u.kind === kind) }))
    .filter((group) => group.units.length > 0);
}

/** The units a unit may be placed inside: any but itself and the units inside it. */
export function possibleParents(units: Unit[], unitId: string | null): Unit[] {
  if (!unitId) return units;
  const excluded = new Set([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parentId && excluded.has(unit.parentId) && !excluded.has(unit.id)) {
        excluded.add(unit.id);
        grew = true;
      }
    }
  }
  return units.filter((u) => !excluded.has(u.id));
}

async function checkParent(trx: Db, evaluationId: string, unitId: string | null, parentId: string | null): Promise<void> {
  if (!parentId) return;
  const units = await listUnits(trx, evaluationId);
  if (!units.some((u) => u.id === parentId)) {
    throw badRequest('The unit it is part of was not found in this evaluation', [{ field: 'parentId', message: "Part of: choose one of this evaluation's units" }]);
  }
  if (!possibleParents(units, unitId).some((u) => u.id === parentId)) {
    throw badRequest('A unit cannot be part of itself or of a unit inside it', [{ field: 'parentId', message: 'A unit cannot be part of itself or of a unit inside it' }]);
  }
}

async function checkNameFree(trx: Db, evaluationId: string, kind: UnitKind, name: string, unitId: string | null): Promise<void> {
  if (await store.unitNameTaken(trx, evaluationId, kind, name, unitId)) {
    const what = unitKindLabels[kind].singular.toLowerCase();
    throw badRequest(`There is already a ${what} called ${name}`, [{ field: 'name', message: `There is already a ${what} called ${name}` }]);
  }
}

export async function createUnit(db: Db, actorId: string | null, evaluationId: string, input: UnitInput): Promise<Unit> {
  const data = unitInput.parse(input);
  return inTransaction(db, async (trx) => {
    await checkParent(trx, evaluationId, null, data.parentId);
    await checkNameFree(trx, evaluationId, data.kind, data.name, null);
    const row = await store.insertUnit(trx, {
      evaluation_id: evaluationId,
      parent_id: data.parentId,
      kind: data.kind,
      name: data.name,
      short_name: data.shortName,
      position: await store.nextUnitPosition(trx, evaluationId, data.kind),
    });
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'unit', entityId: row.id, detail: { kind: row.kind, name: row.name } });
    return toUnit(row);
  });
}

export async function updateUnit(db: Db, actorId: string | null, evaluationId: string, unitId: string, input: UnitInput): Promise<Unit> {
  const data = unitInput.parse(input);
  return inTransaction(db, async (trx) => {
    const before = await getUnit(trx, evaluationId, unitId);
    await checkParent(trx, evaluationId, unitId, data.parentId);
    await checkNameFree(trx, evaluationId, data.kind, data.name, unitId);
    // People record their region separately from their unit; it must stay a region.
    if (before.kind === 'region' && data.kind !== 'region') {
      const inRegion = await store.countPeople(trx, evaluationId, { regionId: unitId });
      if (inRegion > 0) {
        const message = `${inRegion} ${inRegion === 1 ? 'person has' : 'people have'} this as their region: it must stay a region until they are moved`;
        throw badRequest(message, [{ field: 'kind', message }]);
      }
    }
    const row = await store.updateUnit(trx, evaluationId, unitId, {
      parent_id: data.parentId,
      kind: data.kind,
      name: data.name,
      short_name: data.shortName,
      ...(data.kind !== before.kind ? { position: await store.nextUnitPosition(trx, evaluationId, data.kind) } : {}),
    });
    const after = toUnit(row);
    const changed = Object.fromEntries(
      (['parentId', 'kind', 'name', 'shortName'] as const).filter((key) => before[key] !== after[key]).map((key) => [key, { from: before[key], to: after[key] }]),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'unit', entityId: unitId, detail: changed });
    return after;
  });
}

function describeReferences(refs: { children: number; budgetLines: number; people: number }): string[] {
  const parts: string[] = [];
  if (refs.children) parts.push(`${refs.children} ${refs.children === 1 ? 'unit is' : 'units are'} part of it`);
  if (refs.budgetLines) parts.push(`${refs.budgetLines} budget ${refs.budgetLines === 1 ? 'line belongs' : 'lines belong'} to it`);
  if (refs.people) parts.push(`${refs.people} ${refs.people === 1 ? 'person is' : 'people are'} in it`);
  return parts;
}

/** Deletes a unit nothing refers to; otherwise says what still does, so the user can move it first. */
export async function deleteUnit(db: Db, actorId: string | null, evaluationId: string, unitId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const unit = await getUnit(trx, evaluationId, unitId);
    const parts = describeReferences(await store.unitReferences(trx, unitId));
    if (parts.length) {
      throw conflict(`${unit.name} cannot be deleted because ${parts.join(', ')}. Move or delete ${parts.length === 1 ? 'them' : 'those'} first.`);
    }
    try {
      await store.deleteUnit(trx, evaluationId, unitId);
    } catch (error) {
      // Other modules' records (documents, sampling frames) may refer to units too.
      if (isForeignKeyViolation(error)) throw conflict(`${unit.name} cannot be deleted because other records in this evaluation refer to it.`);
      throw error;
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'unit', entityId: unitId, detail: { kind: unit.kind, name: unit.name } });
  });
}
