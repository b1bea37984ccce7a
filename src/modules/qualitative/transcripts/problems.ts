import { badRequest, type HttpError } from '../../../http/errors.ts';

/**
 * A transcript that cannot be imported as it is. The message names the file and the place, and
 * says that nothing was stored, because imports are all or nothing.
 */
export function transcriptProblem(fileName: string, problem: string): HttpError {
  const message = `${fileName}: ${problem}. Nothing was imported.`;
  return badRequest(message, [{ field: 'file', message }]);
}
