/**
 * Which research questions and aims were addressed, and why: pure functions over per-method
 * evidence. summaries.ts feeds them what the data modules hold (method-evidence.ts) and, for
 * observation and the team's own methods, the flag the team marks.
 */

/** Whether one method has produced data, by whatever measure the caller has. */
export interface MethodEvidence {
  methodId: string;
  name: string;
  hasData: boolean;
}

export interface CoverageQuestion {
  id: string;
  override: { addressed: boolean; reason: string } | null;
}

export interface QuestionCoverage {
  questionId: string;
  /** The answer a report gives: the override when there is one, else what the methods say. */
  addressed: boolean;
  /** What the methods alone say. */
  derivedAddressed: boolean;
  overridden: boolean;
  methodsWithData: string[];
  methodsWithoutData: string[];
  reason: string;
}

export type AimStatus = 'addressed' | 'partly-addressed' | 'not-addressed';

export interface AimCoverage {
  aimId: string;
  status: AimStatus;
  addressedQuestions: number;
  questions: number;
  /** Why the aim is not fully addressed: the reason of each question left unaddressed. */
  reasons: string[];
}

function names(list: string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

function derivedReason(withData: string[], withoutData: string[]): string {
  if (withData.length) return `Answered by ${names(withData)}, which ${withData.length === 1 ? 'has' : 'have'} data`;
  if (withoutData.length) return `No method that answers it has data yet (${names(withoutData)})`;
  return 'No method answers it';
}

/**
 * A question is addressed when a method that answers it has data, unless the team overrode that
 * with a reason. `answeredBy` is the method-by-question matrix.
 */
export function questionCoverage(
  questions: readonly CoverageQuestion[],
  answeredBy: readonly { methodId: string; questionId: string }[],
  evidence: readonly MethodEvidence[],
): QuestionCoverage[] {
  const methods = new Map(evidence.map((m) => [m.methodId, m]));
  return questions.map((question) => {
    const answering = answeredBy.filter((cell) => cell.questionId === question.id).map((cell) => methods.get(cell.methodId)).filter((m) => m !== undefined);
    const methodsWithData = answering.filter((m) => m.hasData).map((m) => m.name);
    const methodsWithoutData = answering.filter((m) => !m.hasData).map((m) => m.name);
    const derivedAddressed = methodsWithData.length > 0;
    return {
      questionId: question.id,
      addressed: question.override ? question.override.addressed : derivedAddressed,
      derivedAddressed,
      overridden: question.override !== null,
      methodsWithData,
      methodsWithoutData,
      reason: question.override ? question.override.reason : derivedReason(methodsWithData, methodsWithoutData),
    };
  });
}

/**
 * An aim is addressed when every question serving it is, partly when some are, and not addressed
 * when none are or no question serves it.
 */
export function aimCoverage(
  aims: readonly { id: string }[],
  questions: readonly { id: string; number: number; aimIds: string[] }[],
  coverage: readonly QuestionCoverage[],
): AimCoverage[] {
  const byQuestion = new Map(coverage.map((c) => [c.questionId, c]));
  return aims.map((aim) => {
    const serving = questions.filter((q) => q.aimIds.includes(aim.id));
    const open = serving.filter((q) => !byQuestion.get(q.id)?.addressed);
    const addressedQuestions = serving.length - open.length;
    const status: AimStatus = serving.length > 0 && open.length === 0 ? 'addressed' : addressedQuestions > 0 ? 'partly-addressed' : 'not-addressed';
    const reasons = serving.length === 0 ? ['No research question serves this aim'] : open.map((q) => `Q${q.number}: ${byQuestion.get(q.id)?.reason ?? 'not addressed'}`);
    return { aimId: aim.id, status, addressedQuestions, questions: serving.length, reasons };
  });
}
