import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { anyone, member } from '../../../http/access.ts';
import { formErrors, submitForm, type FormErrors } from '../../../http/forms.ts';
import { getSurvey } from '../service.ts';
import { registerSharingApi } from './api.ts';
import { accessLog, checkPass, createShare, findPublicShare, issuePass, listShares, logRefusedAsRevoked, logView, revokeShare, shareInput, sharedStatistics, tryPassword } from './service.ts';

type Params = { evaluation: string; survey: string };
type ShareParams = Params & { share: string };
type Values = Record<string, unknown>;

const PASS_COOKIE = 'formative_shared';

const outcomeWords = { granted: 'Page opened', wrong_password: 'Wrong password', revoked: 'Refused: link revoked' } as const;

/** The lead's page of shares for a survey, and the public page each share opens. */
export async function registerSharingPages(app: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  const lead = { config: { access: member('lead') } };
  const base = (request: FastifyRequest<{ Params: Params }>) => `/evaluations/${request.evaluation!.slug}/surveys/${request.params.survey}`;

  const renderSharing = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, values: Values, errors?: FormErrors) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const shares = await listShares(db, request.evaluation!.id, survey.id);
    const withLogs = await Promise.all(
      shares.map(async (s) => ({
        ...s,
        link: `${config.publicUrl}/shared/${s.id}`,
        revokePath: `${base(request)}/sharing/${s.id}/revoke`,
        log: (await accessLog(db, request.evaluation!.id, survey.id, s.id, 20)).map((e) => ({ at: e.at, text: outcomeWords[e.outcome] })),
      })),
    );
    return reply.code(errors ? 400 : 200).view('surveys/sharing/views/sharing.njk', {
      title: `Shared statistics: ${survey.title}`,
      survey,
      shares: withLogs,
      values: { threshold: '5', ...values, password: '' },
      errors,
      action: `${base(request)}/sharing`,
      surveyPath: base(request),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/sharing', lead, (request, reply) => renderSharing(request, reply, {}));

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/sharing', lead, async (request, reply) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const body = (request.body ?? {}) as Values;
    const result = await submitForm(shareInput, body, (data) => createShare(db, request.user!.id, request.evaluation!.id, survey.id, data, clock()));
    if (!result.ok) return renderSharing(request, reply, body, result.errors);
    return reply.redirect(`${base(request)}/sharing#share-${result.value.id}`, 303);
  });

  app.post<{ Params: ShareParams }>('/evaluations/:evaluation/surveys/:survey/sharing/:share/revoke', lead, async (request, reply) => {
    await revokeShare(db, request.user!.id, request.evaluation!.id, request.params.survey, request.params.share, clock());
    return reply.redirect(`${base(request)}/sharing#share-${request.params.share}`, 303);
  });

  // Fifty tables take far longer to render than to fetch: each set of statistics (kept by the
  // service per stored set of figures and threshold) is rendered once, and only the layout per request.
  const renderedTables = new WeakMap<object, string>();

  const passwordPage = (reply: FastifyReply, share: { id: string; label: string }, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).header('cache-control', 'no-store').view('surveys/sharing/views/password.njk', { title: 'Enter the password', share, errors, action: `/shared/${share.id}` });

  const revokedPage = async (reply: FastifyReply, shareId: string) => {
    await logRefusedAsRevoked(db, shareId, clock());
    return reply.code(410).header('cache-control', 'no-store').view('surveys/sharing/views/revoked.njk', { title: 'This page is no longer shared' });
  };

  app.get<{ Params: { share: string } }>('/shared/:share', { config: { access: anyone } }, async (request, reply) => {
    const share = await findPublicShare(db, request.params.share);
    if (share.revoked_at) return revokedPage(reply, share.id);
    const now = clock();
    if (!checkPass(share, request.cookies[PASS_COOKIE], now)) return passwordPage(reply, share);
    await logView(db, share.id, now);
    const { survey, statistics, counted } = await sharedStatistics(db, share, now);
    let tables = renderedTables.get(statistics);
    if (tables === undefined) {
      tables = await app.view('surveys/sharing/views/statistics-tables.njk', { statistics });
      renderedTables.set(statistics, tables);
    }
    return reply.header('cache-control', 'no-store').view('surveys/sharing/views/statistics.njk', {
      title: `Results: ${survey.title}`,
      share: { label: share.label },
      survey: { title: survey.title },
      tables,
      counted,
    });
  });

  // Rate-limited per address like the sign-in form, so passwords cannot be guessed at speed.
  app.post<{ Params: { share: string } }>(
    '/shared/:share',
    { config: { access: anyone, rateLimit: { max: config.signInAttemptsPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const share = await findPublicShare(db, request.params.share);
      if (share.revoked_at) return revokedPage(reply, share.id);
      const password = String(((request.body ?? {}) as Values).password ?? '');
      if (!password) return passwordPage(reply, share, formErrors([{ field: 'password', message: 'Enter the password you were given' }]));
      const now = clock();
      if (!(await tryPassword(db, share, password, now))) return passwordPage(reply, share, formErrors([{ field: 'password', message: 'The password is not correct' }]));
      const pass = issuePass(share, now);
      reply.setCookie(PASS_COOKIE, pass.value, { path: `/shared/${share.id}`, httpOnly: true, sameSite: 'strict', secure: config.secureCookies, expires: pass.expires });
      return reply.redirect(`/shared/${share.id}`, 303);
    },
  );
}

export async function registerStatisticsSharing(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerSharingPages(app, deps);
  await registerSharingApi(app, deps);
}
