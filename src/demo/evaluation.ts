import type { Db } from '../db/database.ts';
import { createEvaluation, type EvaluationInput } from '../modules/evaluations/service.ts';

/** The slug that marks the demo as loaded: one evaluation with it means the demo is there. */
export const DEMO_SLUG = 'demo';

export const demoEvaluationInput: EvaluationInput = {
  slug: DEMO_SLUG,
  title: 'Evaluation of the Care Services Improvement Partnership (demo)',
  commissioner: 'Department of Health (fictional)',
  organisationName: 'Care Services Improvement Partnership',
  startsOn: '2005-04-01',
  endsOn: '2008-03-31',
  summary: [
    'A fictional three-year formative evaluation of a national partnership formed in 2005 by bringing eight',
    'health and social care improvement programmes under one roof, delivered through eight regional development',
    'centres. The team reads the business and management plans, interviews senior managers, and surveys staff',
    'once a year, so that it can tell the partnership, while the change is still under way, what is helping it',
    'and what is holding it back. Every person, figure and finding in this demo is invented.',
  ].join(' '),
};

/** Creates the demo evaluation with the demo lead as its lead. */
export function createDemoEvaluation(db: Db, leadUserId: string) {
  return createEvaluation(db, leadUserId, demoEvaluationInput);
}
