import type { Db } from '../../../db/database.ts';
import { listAims, listQuestions, type Aim, type Question } from './aims.ts';
import { aimCoverage, questionCoverage, type AimCoverage, type MethodEvidence, type QuestionCoverage } from './coverage.ts';
import { listMatrix, listMethods } from './methods.ts';
import { buildProgressStatement, type ProgressStatement } from './progress.ts';
import { listStages } from './stages.ts';
import { listTasks } from './tasks.ts';

/**
 * The two statements every report carries: progress task by task, and which aims and questions
 * were addressed and why. The report module calls these; the protocol pages show them too.
 */

export async function progressStatement(db: Db, evaluationId: string): Promise<ProgressStatement> {
  return buildProgressStatement(await listStages(db, evaluationId), await listTasks(db, evaluationId));
}

export interface CoverageSummary {
  aims: (Aim & AimCoverage)[];
  questions: (Question & QuestionCoverage)[];
}

/**
 * Per-method evidence: worked out from the data modules for the kinds they can see, the team's
 * mark for observation and the team's own methods (see method-evidence.ts).
 */
async function methodEvidence(db: Db, evaluationId: string): Promise<MethodEvidence[]> {
  return (await listMethods(db, evaluationId)).map((m) => ({ methodId: m.id, name: m.name, hasData: m.hasData }));
}

export async function coverageSummary(db: Db, evaluationId: string, evidence?: MethodEvidence[]): Promise<CoverageSummary> {
  const aims = await listAims(db, evaluationId);
  const questions = await listQuestions(db, evaluationId);
  const coverage = questionCoverage(questions, await listMatrix(db, evaluationId), evidence ?? (await methodEvidence(db, evaluationId)));
  const byAim = new Map(aimCoverage(aims, questions, coverage).map((c) => [c.aimId, c]));
  const byQuestion = new Map(coverage.map((c) => [c.questionId, c]));
  return {
    aims: aims.map((aim) => ({ ...aim, ...byAim.get(aim.id)! })),
    questions: questions.map((question) => ({ ...question, ...byQuestion.get(question.id)! })),
  };
}
