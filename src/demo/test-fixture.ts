import { afterAll, beforeAll } from 'vitest';
import type { TestBackend } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { directoryStep } from './directory.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { organisationStep } from './organisation.ts';
import { periodsStep } from './periods.ts';
import type { DemoStep } from './step.ts';
import { surveysStep } from './surveys.ts';
import { teamStep } from './team.ts';

/** The steps the demo's staff surveys need; tests of later steps add theirs after these. */
export const surveySteps: readonly DemoStep[] = [teamStep, periodsStep, organisationStep, directoryStep, surveysStep];

export interface LoadedDemo {
  readonly database: Database;
  readonly demo: DemoResult;
}

/**
 * A database of its own with part of the demo loaded (only the steps a test file needs, as the whole
 * demo takes minutes), opened before the file's tests and closed after them. Read its fields inside tests.
 */
export function useDemo(backend: TestBackend, steps: readonly DemoStep[]): LoadedDemo {
  let database: Database | undefined;
  let demo: DemoResult | undefined;
  beforeAll(async () => {
    database = await backend.open();
    demo = await loadDemo(database, { steps });
  }, 600_000);
  afterAll(() => database?.close());
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The demo is loaded before the tests run: read it inside a test');
    return value;
  };
  return {
    get database() {
      return loaded(database);
    },
    get demo() {
      return loaded(demo);
    },
  };
}
