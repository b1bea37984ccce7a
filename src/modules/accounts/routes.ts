import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { anyone, signedIn } from '../../http/access.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { formErrors, parseForm } from '../../http/forms.ts';
import { notFound } from '../../http/errors.ts';
import * as accounts from './service.ts';
import { secondFactorOn, secondFactorState, startChallenge } from './second-factor.ts';
import { registerSecondFactorRoutes, setPendingCookie, signInRateLimit } from './second-factor-routes.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address'),
  password: z.string().min(1, 'Enter your password'),
  next: z.string().optional(),
});

/** Only local paths are followed after sign-in, so a crafted link cannot send a user elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/evaluations';
}

export async function registerAccountRoutes(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const { database, config, clock } = deps;
  const db = database.db;

  app.get('/', { config: { access: anyone } }, async (request, reply) =>
    reply.redirect(request.user ? '/evaluations' : '/sign-in'),
  );

  app.get('/healthz', { config: { access: anyone } }, async () => {
    await db.selectFrom('schema_migrations').select('version').limit(1).execute();
    return { status: 'ok', database: database.kind };
  });

  app.get<{ Querystring: { next?: string } }>('/sign-in', { config: { access: anyone } }, async (request, reply) =>
    reply.view('accounts/views/sign-in.njk', { title: 'Sign in', values: { next: request.query.next ?? '' } }),
  );

  app.post(
    '/sign-in',
    { config: { access: anyone, rateLimit: signInRateLimit(config) } },
    async (request, reply) => {
      const form = parseForm(signInForm, request.body);
      const values = { email: (request.body as Record<string, string> | undefined)?.email ?? '', next: (request.body as Record<string, string> | undefined)?.next ?? '' };
      if (!form.ok) return reply.code(400).view('accounts/views/sign-in.njk', { title: 'Sign in', errors: form.errors, values });
      const user = await accounts.checkPassword(db, form.data.email, form.data.password);
      if (!user) {
        const errors = formErrors([{ field: 'email', message: 'Enter a correct e-mail address and password' }]);
        return reply.code(400).view('accounts/views/sign-in.njk', { title: 'Sign in', errors, values });
      }
      // With a second factor, the password only earns the page that asks for the code.
      if (await secondFactorOn(db, user.id)) {
        const pending = await startChallenge(db, user.id, safeNext(form.data.next), clock());
        setPendingCookie(reply, config, pending.token, pending.expiresAt);
        return reply.redirect('/sign-in/second-factor', 303);
      }
      // A new session id at every sign-in, so an id planted before sign-in is worthless.
      const old = request.cookies[SESSION_COOKIE];
      if (old) await accounts.endSession(db, old);
      const session = await accounts.startSession(db, user.id, clock(), config.sessionDays);
      setSessionCookie(reply, config, session.sessionId, session.expiresAt);
      return reply.redirect(safeNext(form.data.next), 303);
    },
  );

  app.post('/sign-out', { config: { access: signedIn } }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await accounts.endSession(db, sessionId);
    clearSessionCookie(reply);
    return reply.redirect('/sign-in', 303);
  });

  app.get('/account', { config: { access: signedIn } }, async (request, reply) =>
    reply.view('accounts/views/account.njk', {
      title: 'Your account',
      tokens: await accounts.listApiTokens(db, request.user!.id),
      secondFactor: await secondFactorState(db, request.user!.id),
    }),
  );

  app.post('/account/tokens', { config: { access: signedIn } }, async (request, reply) => {
    const form = parseForm(accounts.apiTokenSchema, request.body);
    const tokens = await accounts.listApiTokens(db, request.user!.id);
    if (!form.ok) return reply.code(400).view('accounts/views/account.njk', { title: 'Your account', tokens, errors: form.errors });
    const created = await accounts.createApiToken(db, request.user!.id, form.data.name);
    // The secret is shown on this response only; it cannot be shown again.
    return reply.view('accounts/views/account.njk', {
      title: 'Your account',
      tokens: await accounts.listApiTokens(db, request.user!.id),
      newToken: { name: form.data.name, token: created.token },
    });
  });

  app.post<{ Params: { token: string } }>('/account/tokens/:token/revoke', { config: { access: signedIn } }, async (request, reply) => {
    const ok = z.string().uuid().safeParse(request.params.token).success
      && (await accounts.revokeApiToken(db, request.user!.id, request.params.token, clock()));
    if (!ok) throw notFound('Token');
    return reply.redirect('/account', 303);
  });

  await registerSecondFactorRoutes(app, deps);
}
