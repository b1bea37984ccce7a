import type { Db } from '../../db/database.ts';
import * as store from './store.ts';

/**
 * The organisation being evaluated: its units, budget and staff directory. Other modules and the
 * demo builder use these functions, never the tables.
 */
export * from './units.ts';
export * from './budget.ts';
export * from './directory.ts';

export interface OrganisationSummary {
  units: number;
  programmes: number;
  regions: number;
  people: number;
  budgetYears: string[];
}

/** Counts for the evaluation overview. */
export async function organisationSummary(db: Db, evaluationId: string): Promise<OrganisationSummary> {
  const byKind = await store.countUnitsByKind(db, evaluationId);
  return {
    units: Object.values(byKind).reduce((sum, n) => sum + n, 0),
    programmes: byKind.programme ?? 0,
    regions: byKind.region ?? 0,
    people: await store.countPeople(db, evaluationId),
    budgetYears: await store.budgetYears(db, evaluationId),
  };
}
