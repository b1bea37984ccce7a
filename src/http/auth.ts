import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Role } from './access.ts';
import { isApiRequest } from './errors.ts';
import { userForApiToken, userForSession, type User } from '../modules/accounts/service.ts';

export const SESSION_COOKIE = 'formative_session';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    evaluation?: { id: string; slug: string; title: string; archivedAt: Date | null };
    role?: Role;
  }
}

/**
 * Pages authenticate by a session cookie, the API by a personal bearer token. The API ignores
 * cookies, so a cross-site request cannot use a signed-in browser to call it.
 */
export function registerAuthentication(app: FastifyInstance, db: Db, clock: () => Date): void {
  app.decorateRequest('user', undefined);
  app.decorateRequest('evaluation', undefined);
  app.decorateRequest('role', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/')) return;
    if (isApiRequest(request)) {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match?.[1]) request.user = await userForApiToken(db, match[1], clock());
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) request.user = await userForSession(db, sessionId, clock());
  });
}

export function setSessionCookie(reply: FastifyReply, config: Config, sessionId: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
