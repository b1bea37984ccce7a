import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { getEvaluation, type Evaluation } from '../modules/evaluations/service.ts';
import { CliError } from './output.ts';

/** The option by which commands name an evaluation: its id or its short name (slug). */
export const evaluationOption = { evaluation: { type: 'string' as const } };

/** The one evaluation a command names as its argument (id or short name), or a one-line error with the usage. */
export function evaluationArgument(args: readonly string[], usage: string): string {
  const ref = args[0];
  if (!ref || args.length > 1) throw new CliError(`Give one evaluation, by id or short name. Usage: ${usage}`);
  return ref;
}

/** The evaluation given with --evaluation, or a one-line error saying what to give instead. */
export async function evaluationFromOption(db: Db, value: string | boolean | undefined): Promise<Evaluation> {
  if (typeof value !== 'string' || !value.trim()) {
    throw new CliError('Give --evaluation with the id or short name of an evaluation (see "formative evaluation list")');
  }
  try {
    return await getEvaluation(db, value.trim());
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new CliError(`No evaluation with id or short name ${value}`);
    throw error;
  }
}
