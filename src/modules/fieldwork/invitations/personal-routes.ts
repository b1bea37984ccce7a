import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { anyone } from '../../../http/access.ts';
import { formErrors, type FormErrors } from '../../../http/forms.ts';
import { paragraphs } from '../../surveys/respondent/page-views.ts';
import type { Survey, SurveyVersion } from '../../surveys/service.ts';
import { participantCookie } from './personal-link.ts';
import { openPersonalLink, setOptOut, startPersonalResponse, surveyOfLink, type PersonalState } from './personal.ts';
import { longDate } from './templates.ts';

type TokenParams = { Params: { token: string } };

// Opening a link is cheap to refuse, but guesses are still limited per address.
const linkAttemptsPerMinute = 60;

/**
 * The personal link in an invitation: /p/TOKEN opens (or starts) the participant's own response,
 * /p/TOKEN/opt-out lets them say they do not want to take part. Respondents never sign in; these
 * pages use the respondent's frame, not the team's.
 */
export async function registerPersonalLinkRoutes(app: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const page = { config: { access: anyone, rateLimit: { max: linkAttemptsPerMinute, timeWindow: '1 minute' } } };
  // Nothing about a participant is kept by a shared computer's cache or a proxy.
  const view = (reply: FastifyReply, status: number, template: string, values: Record<string, unknown>) =>
    reply.code(status).header('cache-control', 'no-store').view(`fieldwork/invitations/views/${template}.njk`, { cspNonce: reply.cspNonce.script, ...values });

  const unknownLink = (reply: FastifyReply) =>
    view(reply, 404, 'personal-notice', {
      surveyTitle: 'Survey',
      title: 'This link does not work',
      paragraphs: [
        'Check that you used the whole link from the e-mail that invited you: some e-mail programs split long links over two lines, and a link copied by hand is easy to mistype.',
        'If the link still does not work, reply to the e-mail that invited you, or contact the evaluation team, and they will send you a new one.',
      ],
    });

  const unavailable = (reply: FastifyReply, survey: Survey, reason: 'draft' | 'not-yet-open' | 'closed') => {
    if (reason === 'not-yet-open') {
      return view(reply, 403, 'personal-notice', {
        surveyTitle: survey.title,
        title: 'This survey is not open yet',
        paragraphs: [survey.opensAt ? `It opens on ${longDate(survey.opensAt)}. Come back then, using the same link.` : 'Come back when it has opened, using the same link.'],
      });
    }
    if (reason === 'closed') {
      return view(reply, 410, 'personal-notice', {
        surveyTitle: survey.title,
        title: 'This survey has closed',
        paragraphs: [survey.closesAt ? `It closed on ${longDate(survey.closesAt)} and is no longer taking answers.` : 'It is no longer taking answers.', 'Thank you for your interest.'],
      });
    }
    return view(reply, 404, 'personal-notice', { surveyTitle: survey.title, title: 'This survey is not open yet', paragraphs: ['The team has not opened it yet. Come back later, using the same link.'] });
  };

  const optedOut = (reply: FastifyReply, token: string, survey: Survey) =>
    view(reply, 403, 'personal-notice', {
      surveyTitle: survey.title,
      title: 'You said you do not want to take part',
      paragraphs: ['We will not send you any more messages about this survey.', 'If you have changed your mind, you can take part after all.'],
      optInAction: `/p/${token}/opt-in`,
      csrfToken: reply.locals?.csrfToken,
    });

  const startPage = (reply: FastifyReply, token: string, survey: Survey & { version: SurveyVersion }, errors?: FormErrors) =>
    view(reply, errors ? 400 : 200, 'personal-start', {
      surveyTitle: survey.title,
      title: survey.title,
      welcome: paragraphs(survey.version.definition.welcome ?? ''),
      privacyNotice: paragraphs(survey.version.definition.privacyNotice ?? ''),
      action: `/p/${token}`,
      optOutHref: `/p/${token}/opt-out`,
      csrfToken: reply.locals?.csrfToken,
      errors,
    });

  const go = (reply: FastifyReply, state: Extract<PersonalState, { kind: 'go' }>, token: string) => {
    // Scoped to the response's own pages, sent only by this site: the submit handler reads it to
    // mark the participant completed, and it goes nowhere else.
    reply.setCookie(participantCookie, token, { path: `/r/${state.key}`, httpOnly: true, sameSite: 'strict', secure: config.secureCookies, maxAge: 60 * 60 * 24 * 90 });
    return reply.header('cache-control', 'no-store').redirect(state.href, 303);
  };

  const answer = (reply: FastifyReply, token: string, state: PersonalState) => {
    switch (state.kind) {
      case 'unknown':
        return unknownLink(reply);
      case 'unavailable':
        return unavailable(reply, state.survey, state.reason);
      case 'opted-out':
        return optedOut(reply, token, state.survey);
      case 'start':
        return startPage(reply, token, state.survey);
      case 'go':
        return go(reply, state, token);
    }
  };

  // Opening the link only shows the start page: mail scanners that follow links create nothing.
  app.get<TokenParams>('/p/:token', page, async (request, reply) => answer(reply, request.params.token, await openPersonalLink(database, request.params.token, clock())));

  app.post<TokenParams>('/p/:token', page, async (request, reply) => {
    const { token } = request.params;
    const opened = await openPersonalLink(database, token, clock());
    if (opened.kind !== 'start') return answer(reply, token, opened);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const consented = [body.consent].flat().includes('yes');
    if (!consented && opened.survey.version.definition.privacyNotice?.trim()) {
      return startPage(reply, token, opened.survey, formErrors([{ field: 'consent', message: 'Confirm you have read the privacy notice and agree to take part' }]));
    }
    return answer(reply, token, await startPersonalResponse(database, token, clock()));
  });

  app.get<TokenParams>('/p/:token/opt-out', page, async (request, reply) => {
    const found = await surveyOfLink(database, request.params.token);
    if (!found) return unknownLink(reply);
    if (found.optedOut) return optedOut(reply, request.params.token, found.survey);
    return view(reply, 200, 'opt-out', { surveyTitle: found.survey.title, title: 'Do not take part in this survey', action: `/p/${request.params.token}/opt-out`, csrfToken: reply.locals?.csrfToken });
  });

  app.post<TokenParams>('/p/:token/opt-out', page, async (request, reply) => {
    const done = await setOptOut(database, request.params.token, true, clock());
    if (!done) return unknownLink(reply);
    return optedOut(reply, request.params.token, done.survey);
  });

  app.post<TokenParams>('/p/:token/opt-in', page, async (request, reply) => {
    const done = await setOptOut(database, request.params.token, false, clock());
    if (!done) return unknownLink(reply);
    return reply.redirect(`/p/${request.params.token}`, 303);
  });
}
