import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';

/** An error a user can act on: a status, a stable code for API clients, and a sentence for people. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what = 'Page') => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do that') =>
  new HttpError(403, 'forbidden', message);
export const unauthorised = () => new HttpError(401, 'unauthorised', 'Sign in, or send a valid API token');
export const conflict = (message: string) => new HttpError(409, 'conflict', message);
export const badRequest = (message: string, fields: { field: string; message: string }[] = []) =>
  new HttpError(400, 'bad_request', message, fields);

const titles: Record<number, string> = {
  400: 'There is a problem with the request',
  401: 'You need to sign in',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  405: 'Method not allowed',
  409: 'This conflicts with what is already stored',
  413: 'The upload is too large',
  415: 'The format is not supported',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
};

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** A zod failure from a service's own validation, in the same shape as a schema failure. */
export function fromZodError(error: ZodError): HttpError {
  const fields = error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
  return new HttpError(400, 'validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

function toHttpError(error: FastifyError | HttpError | ZodError): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (error.validation) {
    const fields = error.validation.map((issue) => ({
      field: String(issue.instancePath || issue.params?.missingProperty || '').replace(/^\//, '').replace(/\//g, '.'),
      message: issue.message ?? 'is not valid',
    }));
    return new HttpError(400, 'validation_failed', 'The request is not valid: ' + fields.map((f) => `${f.field} ${f.message}`).join('; '), fields);
  }
  const status = error.statusCode ?? 500;
  if (status === 403 && error.code?.startsWith('FST_CSRF')) {
    return new HttpError(403, 'csrf', 'The form has expired or was sent from another site. Go back, reload the page and try again.');
  }
  if (status === 429) return new HttpError(429, 'rate_limited', 'Too many attempts. Wait a minute and try again.');
  if (status >= 400 && status < 500) return new HttpError(status, error.code ?? 'bad_request', error.message);
  return new HttpError(500, 'internal', titles[500] ?? 'Internal error');
}

export function sendProblem(reply: FastifyReply, error: HttpError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/problem+json')
    .send({
      type: `about:blank#${error.code}`,
      title: titles[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(error.fields.length ? { errors: error.fields } : {}),
    });
}

/** People get a GOV.UK error page, API clients a problem document (RFC 9457); neither sees a stack. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | ZodError, request, reply) => {
    const httpError = toHttpError(error);
    if (httpError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (isApiRequest(request)) return sendProblem(reply, httpError);
    if (httpError.status === 401) return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
    return reply.code(httpError.status).view('errors.njk', {
      title: titles[httpError.status] ?? 'Error',
      message: httpError.message,
      status: httpError.status,
    });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = notFound();
    if (isApiRequest(request)) return sendProblem(reply, error);
    return reply.code(404).view('errors.njk', { title: titles[404], message: 'If you typed the web address, check it is correct.', status: 404 });
  });
}
