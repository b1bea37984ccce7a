import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Config } from '../config.ts';
import { isApiRequest } from './errors.ts';
import { registerSecurityHeaders } from './security-headers.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'response-key': a respondent's page, whose forms carry a token derived from the response key
     * in its address and checked by the route itself (src/modules/surveys/respondent/response-key.ts
     * says why). Such routes get neither the cookie-based check nor a cookie token.
     */
    csrf?: 'response-key';
  }
}

/** Security headers with a per-response CSP nonce, cookies, form bodies, CSRF on every page form. */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  registerSecurityHeaders(app, config.secureCookies);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 1_048_576 });
  await app.register(fastifyCsrf, {
    cookieKey: 'formative_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: false },
  });
  await app.register(fastifyRateLimit, { global: false });

  // Page forms carry a token; API calls authenticate by bearer token and carry none.
  app.addHook('preHandler', (request, reply, done) => {
    if (!unsafeMethods.has(request.method) || isApiRequest(request)) return done();
    if (request.routeOptions.config.csrf === 'response-key') return done();
    app.csrfProtection(request, reply, done);
  });

  // Every page gets a fresh token for its forms and the nonce for its inline script.
  app.addHook('preHandler', async (request, reply) => {
    if (isApiRequest(request) || request.url.startsWith('/assets/') || request.routeOptions.config.csrf === 'response-key') return;
    reply.locals = {
      ...reply.locals,
      csrfToken: reply.generateCsrf(),
      cspNonce: reply.cspNonce.script,
      currentUser: request.user,
      currentPath: request.url.split('?')[0],
    };
  });
}
