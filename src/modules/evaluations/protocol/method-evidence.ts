import type { Db } from '../../../db/database.ts';
import { caseStudyHasData } from '../../casework/case-studies/sites.ts';
import { learningSetsHaveData } from '../../casework/learning-sets/service.ts';
import { listDocuments } from '../../documents/service.ts';
import { listPlans } from '../../plans/plans.ts';
import { listCodings, listSources } from '../../qualitative/service.ts';
import { listSurveys } from '../../surveys/service.ts';
import type { MethodKind } from './methods.ts';

/**
 * Whether each kind of method has produced data, read from the modules that hold the data. The
 * kinds not listed here (observation and the team's own methods) leave nothing the workbench can
 * see, so for them the team's own mark counts.
 */

export type DerivedKind = Exclude<MethodKind, 'observation' | 'other'>;

export const derivedKinds: readonly DerivedKind[] = ['documentary-analysis', 'interviews', 'survey', 'case-studies', 'reanalysis', 'learning-sets'];

export const isDerivedKind = (kind: MethodKind): kind is DerivedKind => (derivedKinds as readonly string[]).includes(kind);

/** What counts as data for each kind, in words for the methods page and the API. */
export const derivedRules: Record<DerivedKind, string> = {
  'documentary-analysis': 'documents are registered or plans with deliverables are imported',
  interviews: 'at least one interview transcript has codings',
  survey: 'a survey has responses',
  'case-studies': 'a case file has been extracted or a case-study stakeholder has a linked interview',
  reanalysis: 'an existing dataset has been imported as survey responses',
  'learning-sets': 'a learning-set session was held and members gave feedback on findings',
};

async function documentsOrDeliverables(db: Db, evaluationId: string): Promise<boolean> {
  if ((await listDocuments(db, evaluationId)).length > 0) return true;
  return (await listPlans(db, evaluationId)).some((plan) => Number(plan.deliverables) > 0);
}

async function codedTranscript(db: Db, evaluationId: string): Promise<boolean> {
  for (const source of await listSources(db, evaluationId)) {
    if (source.kind === 'transcript' && (await listCodings(db, evaluationId, source.id)).length > 0) return true;
  }
  return false;
}

async function surveyResponses(db: Db, evaluationId: string): Promise<boolean> {
  return (await listSurveys(db, evaluationId)).some((survey) => survey.complete + survey.partial > 0);
}

/**
 * A dataset import stores its rows as survey responses and keeps no row of its own once done, so
 * the lasting trace is the audit entry the import records (action 'import-dataset').
 */
async function datasetImported(db: Db, evaluationId: string): Promise<boolean> {
  const row = await db.selectFrom('audit_log').select('id').where('evaluation_id', '=', evaluationId).where('action', '=', 'import-dataset').limit(1).executeTakeFirst();
  return row !== undefined;
}

const checks: Record<DerivedKind, (db: Db, evaluationId: string) => Promise<boolean>> = {
  'documentary-analysis': documentsOrDeliverables,
  interviews: codedTranscript,
  survey: surveyResponses,
  'case-studies': caseStudyHasData,
  reanalysis: datasetImported,
  'learning-sets': learningSetsHaveData,
};

/** Whether each derived kind has data; only the kinds asked for are checked. */
export async function dataByKind(db: Db, evaluationId: string, kinds: Iterable<MethodKind>): Promise<Map<DerivedKind, boolean>> {
  const result = new Map<DerivedKind, boolean>();
  for (const kind of new Set(kinds)) {
    if (isDerivedKind(kind)) result.set(kind, await checks[kind](db, evaluationId));
  }
  return result;
}
