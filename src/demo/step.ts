import type { Db } from '../db/database.ts';
import type { Random } from './random.ts';

/** What every demo step works with. */
export interface DemoContext {
  db: Db;
  evaluationId: string;
  leadUserId: string;
  /** Seeded, so the same seed builds the same demo. */
  random: Random;
}

/**
 * One named part of the demo. A step finds what earlier steps made through the modules' own
 * services (for example `listUnits`), and returns counts of what it added, for the summary.
 */
export interface DemoStep {
  name: string;
  run(context: DemoContext): Promise<Record<string, number>>;
}
