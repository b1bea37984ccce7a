import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BudgetLinesTable, PeopleTable, UnitsTable } from '../../db/tables.ts';

/** Every query names the evaluation, so an id from another evaluation never matches. */

export function listUnits(db: Db, evaluationId: string) {
  return db.selectFrom('units').selectAll().where('evaluation_id', '=', evaluationId).orderBy('kind').orderBy('position').orderBy('name').execute();
}

export function findUnit(db: Db, evaluationId: string, id: string) {
  return db.selectFrom('units').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', id).executeTakeFirst();
}

export async function unitNameTaken(db: Db, evaluationId: string, kind: string, name: string, exceptId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('units')
    .select('id')
    .where('evaluation_id', '=', evaluationId)
    .where('kind', '=', kind)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return !!(await query.executeTakeFirst());
}

export async function nextUnitPosition(db: Db, evaluationId: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
    .where('evaluation_id', '=', evaluationId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.max) + 1;
}

export function insertUnit(db: Db, values: Insertable<UnitsTable>) {
  return db.insertInto('units').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateUnit(db: Db, evaluationId: string, id: string, values: Updateable<UnitsTable>) {
  return db.updateTable('units').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteUnit(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('units').where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

/** What in this module still points at a unit; a unit is deleted only when all are zero. */
export async function unitReferences(db: Db, id: string): Promise<{ children: number; budgetLines: number; people: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('units').select(eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).as('children'),
      eb.selectFrom('budget_lines').select(eb.fn.countAll<number>().as('n')).where('unit_id', '=', id).as('budget_lines'),
      eb
        .selectFrom('people')
        .select(eb.fn.countAll<number>().as('n'))
        .where((w) => w.or([w('unit_id', '=', id), w('region_id', '=', id)]))
        .as('people'),
    ])
    .executeTakeFirstOrThrow();
  return { children: Number(row.children), budgetLines: Number(row.budget_lines), people: Number(row.people) };
}

export function listBudgetLines(db: Db, evaluationId: string, financialYear?: string) {
  let query = db
    .selectFrom('budget_lines')
    .leftJoin('units', 'units.id', 'budget_lines.unit_id')
    .selectAll('budget_lines')
    .select('units.name as unit_name')
    .where('budget_lines.evaluation_id', '=', evaluationId);
  if (financialYear) query = query.where('budget_lines.financial_year', '=', financialYear);
  return query.orderBy('budget_lines.financial_year').orderBy('budget_lines.position').orderBy('budget_lines.label').execute();
}

export function findBudgetLine(db: Db, evaluationId: string, id: string) {
  return db
    .selectFrom('budget_lines')
    .leftJoin('units', 'units.id', 'budget_lines.unit_id')
    .selectAll('budget_lines')
    .select('units.name as unit_name')
    .where('budget_lines.evaluation_id', '=', evaluationId)
    .where('budget_lines.id', '=', id)
    .executeTakeFirst();
}

export async function nextBudgetPosition(db: Db, evaluationId: string, financialYear: string): Promise<number> {
  const row = await db
    .selectFrom('budget_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
    .where('evaluation_id', '=', evaluationId)
    .where('financial_year', '=', financialYear)
    .executeTakeFirstOrThrow();
  return Number(row.max) + 1;
}

export function insertBudgetLine(db: Db, values: Insertable<BudgetLinesTable>) {
  return db.insertInto('budget_lines').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateBudgetLine(db: Db, evaluationId: string, id: string, values: Updateable<BudgetLinesTable>) {
  return db.updateTable('budget_lines').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deleteBudgetLine(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('budget_lines').where('evaluation_id', '=', evaluationId).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function budgetYears(db: Db, evaluationId: string): Promise<string[]> {
  const rows = await db.selectFrom('budget_lines').select('financial_year').distinct().where('evaluation_id', '=', evaluationId).orderBy('financial_year').execute();
  return rows.map((r) => r.financial_year);
}

export interface PeopleFilter {
  /** Matched anywhere in the name, e-mail or job title, ignoring case. */
  search?: string | undefined;
  /** People whose unit or region is this unit. */
  unitId?: string | undefined;
  /** People whose region is this unit. */
  regionId?: string | undefined;
}

// LIKE treats % and _ as wildcards; a search for "a_b" means those three characters.
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filteredPeople(db: Db, evaluationId: string, filter: PeopleFilter) {
  let query = db.selectFrom('people').where('people.evaluation_id', '=', evaluationId);
  if (filter.search) {
    const pattern = likePattern(filter.search);
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(people.name)`, 'like', pattern),
        eb(sql<string>`lower(coalesce(people.email, ''))`, 'like', pattern),
        eb(sql<string>`lower(people.job_title)`, 'like', pattern),
      ]),
    );
  }
  if (filter.unitId) {
    const unitId = filter.unitId;
    query = query.where((eb) => eb.or([eb('people.unit_id', '=', unitId), eb('people.region_id', '=', unitId)]));
  }
  if (filter.regionId) query = query.where('people.region_id', '=', filter.regionId);
  return query;
}

export async function countPeople(db: Db, evaluationId: string, filter: PeopleFilter = {}): Promise<number> {
  const row = await filteredPeople(db, evaluationId, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function withUnitNames(db: Db, evaluationId: string, filter: PeopleFilter) {
  return filteredPeople(db, evaluationId, filter)
    .leftJoin('units as unit', 'unit.id', 'people.unit_id')
    .leftJoin('units as region', 'region.id', 'people.region_id')
    .selectAll('people')
    .select(['unit.name as unit_name', 'region.name as region_name']);
}

export function listPeople(db: Db, evaluationId: string, filter: PeopleFilter, limit: number, offset: number) {
  return withUnitNames(db, evaluationId, filter)
    .orderBy(sql`lower(people.name)`)
    .orderBy('people.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export function findPerson(db: Db, evaluationId: string, id: string) {
  return withUnitNames(db, evaluationId, {}).where('people.id', '=', id).executeTakeFirst();
}

export async function insertPeople(db: Db, values: Insertable<PeopleTable>[]): Promise<string[]> {
  if (!values.length) return [];
  const rows = await db.insertInto('people').values(values).returning('id').execute();
  return rows.map((r) => r.id);
}

export function updatePerson(db: Db, evaluationId: string, id: string, values: Updateable<PeopleTable>) {
  return db.updateTable('people').set(values).where('evaluation_id', '=', evaluationId).where('id', '=', id).execute();
}

export function deletePerson(db: Db, evaluationId: string, id: string) {
  return db.deleteFrom('people').where('evaluation_id', '=', evaluationId).where('id', '=', id).returning('id').executeTakeFirst();
}

export async function countUnitsByKind(db: Db, evaluationId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('units')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('evaluation_id', '=', evaluationId)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
