import { ZodError } from 'zod';
import type { Database, Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { getEvaluation, type Evaluation } from '../modules/evaluations/service.ts';
import { DEMO_PASSWORD, demoAccounts, demoLead, ensureDemoUser, type DemoAccount } from './accounts.ts';
import { createDemoEvaluation, DEMO_SLUG } from './evaluation.ts';
import { inTransaction } from '../db/transaction.ts';
import { seededRandom } from './random.ts';
import type { DemoStep } from './step.ts';
import { demoSteps } from './steps.ts';

/** The seed the demo uses unless told otherwise: everyone who runs the demo sees the same directory. */
export const DEFAULT_DEMO_SEED = 2005;

export interface DemoOptions {
  seed?: number;
  /** The steps to run after the evaluation exists; the full demo unless given. */
  steps?: readonly DemoStep[];
}

export interface DemoResult {
  /** False when the demo was already there and nothing was added. */
  loaded: boolean;
  evaluation: { id: string; slug: string; title: string };
  accounts: (DemoAccount & { password: string })[];
  /** What each step added, like `{ units: 18, people: 452 }`; empty when nothing was loaded. */
  counts: Record<string, number>;
}

/** A demo step failed; the whole load was rolled back. */
export class DemoLoadError extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
  ) {
    super(`The demo could not be loaded, and nothing of it was saved: the "${step}" step failed: ${reason(cause)}`, { cause });
  }
}

function reason(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return error instanceof Error ? error.message : String(error);
}

async function findDemoEvaluation(db: Db): Promise<Evaluation | undefined> {
  try {
    return await getEvaluation(db, DEMO_SLUG);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return undefined;
    throw error;
  }
}

async function inStep<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DemoLoadError(name, error);
  }
}

function result(loaded: boolean, evaluation: Evaluation, counts: Record<string, number>): DemoResult {
  return {
    loaded,
    evaluation: { id: evaluation.id, slug: evaluation.slug, title: evaluation.title },
    accounts: demoAccounts.map((account) => ({ ...account, password: DEMO_PASSWORD })),
    counts,
  };
}

/**
 * Loads the demo evaluation unless one with the demo slug exists, in one transaction: either all of
 * it is stored or, when a step fails, none of it and a DemoLoadError names the step.
 */
export async function loadDemo(database: Database, options: DemoOptions = {}): Promise<DemoResult> {
  const existing = await findDemoEvaluation(database.db);
  if (existing) return result(false, existing, {});
  const random = seededRandom(options.seed ?? DEFAULT_DEMO_SEED);
  return inTransaction(database.db, async (db) => {
    const lead = await inStep('demo lead', () => ensureDemoUser(db, demoLead));
    const evaluation = await inStep('evaluation', () => createDemoEvaluation(db, lead.id));
    const context = { db, evaluationId: evaluation.id, leadUserId: lead.id, random };
    const counts: Record<string, number> = {};
    for (const step of options.steps ?? demoSteps) Object.assign(counts, await inStep(step.name, () => step.run(context)));
    return result(true, evaluation, counts);
  });
}
