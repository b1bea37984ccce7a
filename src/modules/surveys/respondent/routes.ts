import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { anyone } from '../../../http/access.ts';
import { participantCookie } from '../../fieldwork/invitations/personal-link.ts';
import { completedThroughLink } from '../../fieldwork/invitations/personal.ts';
import { evaluationForMember } from '../../evaluations/service.ts';
import { postQuestionPage, showQuestionPage, showSavedPage } from './answering.ts';
import { showCheckPage, showDonePage, submitResponse } from './finishing.ts';
import { formExpired, unknownResponse } from './notices.ts';
import { isFormTokenValid } from './response-key.ts';
import { handoffCookie, Handoffs } from './handoffs.ts';
import { findResponse } from './service.ts';
import { resumeSurvey, showResumePage, showStartPage, startSurvey, type StartRequest } from './starting.ts';
import { SurveyPages } from './survey-pages.ts';
import type { Outcome, Visit } from './visit.ts';

type CodeParams = { Params: { code: string } };
type KeyParams = { Params: { key: string } };
type PageParams = { Params: { key: string; page: string } };

// Guesses at resume codes are limited per address; a real respondent needs one or two tries.
const resumeAttemptsPerMinute = 10;

/**
 * Respondent pages: the survey's public link (/s/CODE) and the pages of one response (/r/KEY/…).
 * Respondents never sign in. Response pages check their own form token instead of the cookie-based
 * one (see response-key.ts for why), declared with `csrf: 'response-key'` so security.ts leaves them to it.
 */
export async function registerRespondentRoutes(app: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  const pages = new SurveyPages();
  const handoffs = new Handoffs();
  // The hand-off ticket travels in a cookie scoped to the response's pages (handoffs.ts says why).
  const sendTicket = (reply: FastifyReply) => (key: string, ticket: string) =>
    reply.setCookie(handoffCookie, ticket, { path: `/r/${key}/`, maxAge: 5, httpOnly: true, sameSite: 'strict', secure: config.secureCookies });
  const visit = (reply: FastifyReply): Visit => ({
    database,
    pages,
    handoffs: handoffs.forRequest(reply.request.cookies[handoffCookie], sendTicket(reply)),
    now: clock(),
    cspNonce: reply.cspNonce.script,
  });
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  const send = (reply: FastifyReply, outcome: Outcome) => {
    if ('redirect' in outcome) return reply.redirect(outcome.redirect, 303);
    return reply.code(outcome.status).type('text/html; charset=utf-8').send(outcome.html);
  };
  // A response's pages hold its answers: never kept by a shared computer's cache or a proxy.
  const sendPrivate = (reply: FastifyReply, outcome: Outcome) => send(reply.header('cache-control', 'no-store'), outcome);

  const startRequest = (request: FastifyRequest, reply: FastifyReply): StartRequest => ({
    csrfToken: String(reply.locals?.csrfToken ?? ''),
    isTeamMember: async (evaluationId) => !!request.user && !!(await evaluationForMember(db, evaluationId, request.user.id)),
  });

  /** Checks a response form's token; a key that opens nothing is "not found" whatever the token. */
  async function refusedForm(request: FastifyRequest<KeyParams>, reply: FastifyReply): Promise<Outcome | undefined> {
    if (isFormTokenValid(request.params.key, body(request)._csrf)) return undefined;
    const response = await findResponse(database, request.params.key);
    const nonce = reply.cspNonce.script;
    return response ? formExpired(response.survey.title, nonce) : unknownResponse(nonce);
  }

  const surveyPage = { config: { access: anyone } };
  const responsePage = { config: { access: anyone, csrf: 'response-key' as const } };

  app.get<CodeParams>('/s/:code', surveyPage, async (request, reply) =>
    send(reply, await showStartPage(visit(reply), request.params.code, startRequest(request, reply))),
  );
  app.post<CodeParams>('/s/:code/start', surveyPage, async (request, reply) =>
    send(reply, await startSurvey(visit(reply), request.params.code, body(request), startRequest(request, reply))),
  );
  app.get<CodeParams>('/s/:code/resume', surveyPage, async (request, reply) =>
    send(reply, await showResumePage(visit(reply), request.params.code, startRequest(request, reply))),
  );
  app.post<CodeParams>(
    '/s/:code/resume',
    { config: { access: anyone, rateLimit: { max: resumeAttemptsPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => send(reply, await resumeSurvey(visit(reply), request.params.code, body(request), startRequest(request, reply))),
  );

  app.get<KeyParams>('/r/:key/check', responsePage, async (request, reply) => sendPrivate(reply, await showCheckPage(visit(reply), request.params.key)));
  app.post<KeyParams>('/r/:key/submit', responsePage, async (request, reply) => {
    const outcome = (await refusedForm(request, reply)) ?? (await submitResponse(visit(reply), request.params.key, body(request)));
    // A response started from a personal link carries the link's token in a cookie: its participant is marked completed.
    if ('redirect' in outcome && outcome.redirect.endsWith('/done')) await completedThroughLink(database, request.cookies[participantCookie], request.params.key, clock());
    return sendPrivate(reply, outcome);
  });
  app.get<KeyParams>('/r/:key/done', responsePage, async (request, reply) => sendPrivate(reply, await showDonePage(visit(reply), request.params.key)));
  app.get<KeyParams>('/r/:key/saved', responsePage, async (request, reply) =>
    sendPrivate(reply, await showSavedPage(visit(reply), request.params.key, config.publicUrl)),
  );
  app.get<PageParams>('/r/:key/:page', responsePage, async (request, reply) =>
    sendPrivate(reply, await showQuestionPage(visit(reply), request.params.key, request.params.page)),
  );
  app.post<PageParams>('/r/:key/:page', responsePage, async (request, reply) =>
    sendPrivate(reply, (await refusedForm(request, reply)) ?? (await postQuestionPage(visit(reply), request.params.key, request.params.page, body(request)))),
  );
}
