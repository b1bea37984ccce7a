import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { ModuleDeps } from '../../http/app.ts';
import { anyone, signedIn } from '../../http/access.ts';
import { SESSION_COOKIE, setSessionCookie } from '../../http/auth.ts';
import { formErrors, submitForm } from '../../http/forms.ts';
import * as accounts from './service.ts';
import * as factor from './second-factor.ts';
import { SecondFactorKeyError } from './second-factor-key.ts';
import { groupedSecret } from './totp.ts';

/** The cookie a browser holds between a right password and a right code; it grants nothing else. */
export const PENDING_COOKIE = 'formative_pending_sign_in';
const pendingPath = '/sign-in/second-factor';

/** Code pages are limited per address as the password page is, so codes cannot be guessed at speed. */
export const signInRateLimit = (config: Config) => ({ max: config.signInAttemptsPerMinute, timeWindow: '1 minute' });

export function setPendingCookie(reply: FastifyReply, config: Config, token: string, expiresAt: Date): void {
  reply.setCookie(PENDING_COOKIE, token, { path: pendingPath, httpOnly: true, sameSite: 'strict', secure: config.secureCookies, expires: expiresAt });
}

function clearPendingCookie(reply: FastifyReply): void {
  reply.clearCookie(PENDING_COOKIE, { path: pendingPath });
}

const codeForm = z.object({ code: z.string().trim().min(1, 'Enter the code from your app') });
const turnOffForm = z.object({
  password: z.string().min(1, 'Enter your password'),
  code: z.string().trim().min(1, 'Enter the code from your app'),
});

const setUpView = 'accounts/views/second-factor-set-up.njk';
const statusView = 'accounts/views/second-factor.njk';
const codesView = 'accounts/views/second-factor-recovery-codes.njk';
const signInCodeView = 'accounts/views/sign-in-second-factor.njk';

export async function registerSecondFactorRoutes(app: FastifyInstance, { database, config, clock }: ModuleDeps): Promise<void> {
  const db = database.db;
  const secret = config.secret;
  // A server that could not read its members' secrets must not start: it says why instead.
  await factor.checkSecondFactorKey(db, secret);

  async function setUpPage(request: FastifyRequest, reply: FastifyReply, errors?: ReturnType<typeof formErrors>) {
    const enrolment = await factor.beginEnrolment(db, secret, request.user!);
    return reply.code(errors ? 400 : 200).view(setUpView, {
      title: 'Set up two-step sign-in',
      secret: groupedSecret(enrolment.secret),
      qrCode: enrolment.qrCode,
      errors,
    });
  }

  async function statusPage(request: FastifyRequest, reply: FastifyReply, errors?: ReturnType<typeof formErrors>) {
    return reply.code(errors ? 400 : 200).view(statusView, {
      title: 'Two-step sign-in',
      available: factor.secondFactorAvailable(secret),
      factor: await factor.secondFactorState(db, request.user!.id),
      errors,
    });
  }

  app.get('/account/second-factor', { config: { access: signedIn } }, async (request, reply) => {
    const state = await factor.secondFactorState(db, request.user!.id);
    if (state.state === 'on' || !factor.secondFactorAvailable(secret)) return statusPage(request, reply);
    return setUpPage(request, reply);
  });

  app.post('/account/second-factor', { config: { access: signedIn, rateLimit: signInRateLimit(config) } }, async (request, reply) => {
    if (!factor.secondFactorAvailable(secret) || (await factor.secondFactorOn(db, request.user!.id))) return reply.redirect('/account/second-factor', 303);
    const result = await submitForm(codeForm, request.body, ({ code }) => factor.confirmEnrolment(db, secret, request.user!, code, clock()));
    if (!result.ok) return setUpPage(request, reply, result.errors);
    // The recovery codes are on this response only; they are stored as digests.
    return reply.view(codesView, { title: 'Two-step sign-in is on', codes: result.value });
  });

  app.post('/account/second-factor/cancel', { config: { access: signedIn } }, async (request, reply) => {
    await factor.cancelEnrolment(db, request.user!.id);
    return reply.redirect('/account', 303);
  });

  app.post('/account/second-factor/turn-off', { config: { access: signedIn, rateLimit: signInRateLimit(config) } }, async (request, reply) => {
    if (!(await factor.secondFactorOn(db, request.user!.id))) return reply.redirect('/account', 303);
    const result = await submitForm(turnOffForm, request.body, ({ password, code }) =>
      factor.disableSecondFactor(db, secret, request.user!, password, code, clock()));
    if (!result.ok) return statusPage(request, reply, result.errors);
    return reply.redirect('/account', 303);
  });

  // Reachable only while a pending token from a right password is held; otherwise back to the start.
  app.get(pendingPath, { config: { access: anyone } }, async (request, reply) => {
    if (!(await factor.challengeExists(db, request.cookies[PENDING_COOKIE], clock()))) return reply.redirect('/sign-in', 303);
    return reply.view(signInCodeView, { title: 'Enter the code from your app' });
  });

  app.post(pendingPath, { config: { access: anyone, rateLimit: signInRateLimit(config) } }, async (request, reply) => {
    const token = request.cookies[PENDING_COOKIE];
    if (!(await factor.challengeExists(db, token, clock()))) return startAgain(reply);
    const form = codeForm.safeParse(request.body ?? {});
    if (!form.success) {
      return reply.code(400).view(signInCodeView, { title: 'Enter the code from your app', errors: formErrors([{ field: 'code', message: 'Enter the code from your app' }]) });
    }
    let answer: factor.ChallengeAnswer;
    try {
      answer = await factor.answerChallenge(db, secret, token, form.data.code, clock());
    } catch (error) {
      if (!(error instanceof SecondFactorKeyError)) throw error;
      request.log.error({ err: error }, 'A second factor could not be checked');
      return reply.code(500).view('errors.njk', {
        title: 'Sorry, there is a problem with the service',
        message: 'Codes cannot be checked on this server at the moment. Tell the person who runs Formative: the server log says why.',
        status: 500,
      });
    }
    if (answer.outcome === 'start-again') return startAgain(reply);
    if (answer.outcome === 'wrong-code') {
      const message = answer.reason === 'used-before' ? 'That code has been used already: wait for the next one' : 'Enter the code your app shows now, or one of your recovery codes';
      return reply.code(400).view(signInCodeView, { title: 'Enter the code from your app', errors: formErrors([{ field: 'code', message }]) });
    }
    // The session starts only now, with a new id, so nothing planted or half-done carries over.
    const old = request.cookies[SESSION_COOKIE];
    if (old) await accounts.endSession(db, old);
    const session = await accounts.startSession(db, answer.userId, clock(), config.sessionDays);
    clearPendingCookie(reply);
    setSessionCookie(reply, config, session.sessionId, session.expiresAt);
    return reply.redirect(answer.nextPath || '/evaluations', 303);
  });

  function startAgain(reply: FastifyReply) {
    clearPendingCookie(reply);
    const errors = formErrors([{ field: 'email', message: 'Sign in again: the time for entering a code ran out, or too many wrong codes were entered' }]);
    return reply.code(400).view('accounts/views/sign-in.njk', { title: 'Sign in', errors, values: { email: '', next: '' } });
  }
}
