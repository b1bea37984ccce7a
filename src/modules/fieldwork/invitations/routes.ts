import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { formErrors, submitForm, type FormErrors } from '../../../http/forms.ts';
import { getSurvey } from '../../surveys/service.ts';
import { optOutLink, personalLink } from './personal-link.ts';
import { serverSecret } from './secret.ts';
import { addParticipants, addSample, candidates, listSamples, participantsOverview, queueRound, recordBounce, reminderInput, surveyPlaceholders } from './service.ts';
import { fillPlaceholders, getTemplate, mailKinds, placeholderHints, placeholders, saveTemplate, templateInput, type MailKind } from './templates.ts';

type Params = { evaluation: string; survey: string };
type Request = FastifyRequest<{ Params: Params }>;
type Values = Record<string, unknown>;

// The participants are people from the staff directory: researchers and the lead only, as for the directory.
const access = { access: member('researcher') };

const statusWords: Record<string, string> = {
  completed: 'Completed',
  'opted-out': 'Opted out',
  bounced: 'Mail bounced',
  invited: 'Invited',
  queued: 'Invitation waiting to be sent',
  'not-invited': 'Not invited yet',
  'no-email': 'No e-mail: contact by phone',
};

const exampleToken = 'abcdefghijklmnopqrstuvwxyz234567';

export function surveyPaths(request: Request) {
  const survey = `/evaluations/${request.evaluation!.slug}/surveys/${request.params.survey}`;
  const participants = `${survey}/participants`;
  return { survey, participants, add: `${participants}/add`, sample: `${participants}/add-sample`, invitations: `${participants}/invitations`, reminders: `${participants}/reminders`, bounces: `${participants}/bounces`, templates: `${participants}/templates`, outbox: `${survey}/outbox` };
}

/** The pages where a researcher adds participants, edits the messages, and sends invitations and reminders. */
export async function registerParticipantPages(app: FastifyInstance, { database, clock, config }: ModuleDeps): Promise<void> {
  const db = database.db;
  const secret = () => serverSecret(db, config);

  const renderList = async (reply: FastifyReply, request: Request, form: { values?: Values; errors?: FormErrors } = {}) => {
    const overview = await participantsOverview(db, request.evaluation!.id, request.params.survey, request.role!);
    const query = request.query as Record<string, string | undefined>;
    return reply.code(form.errors ? 400 : 200).view('fieldwork/invitations/views/participants.njk', {
      title: `Participants: ${overview.survey.title}`,
      ...overview,
      participants: overview.participants.map((p) => ({ ...p, statusWords: statusWords[p.status] })),
      samples: await listSamples(db, request.evaluation!.id),
      outboxOnly: !config.smtpUrl,
      done: query.done,
      n: Number(query.n ?? 0),
      values: { days: '7', ...form.values },
      errors: form.errors,
      paths: surveyPaths(request),
    });
  };

  const afterAction = (reply: FastifyReply, request: Request, done: string, n: number) => reply.redirect(`${surveyPaths(request).participants}?done=${done}&n=${n}`, 303);
  const body = (request: FastifyRequest) => ({ ...(request.body as Values) });

  app.get<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants', { config: access }, (request, reply) => renderList(reply, request));

  const renderAdd = async (reply: FastifyReply, request: Request, q: string, errors?: FormErrors) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    return reply.code(errors ? 400 : 200).view('fieldwork/invitations/views/add.njk', {
      title: `Add participants: ${survey.title}`,
      survey,
      q,
      people: await candidates(db, request.evaluation!.id, survey.id, q),
      errors,
      paths: surveyPaths(request),
    });
  };

  app.get<{ Params: Params; Querystring: { q?: string } }>('/evaluations/:evaluation/surveys/:survey/participants/add', { config: access }, (request, reply) =>
    renderAdd(reply, request, typeof request.query.q === 'string' ? request.query.q.slice(0, 200) : ''),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants/add', { config: access }, async (request, reply) => {
    const values = body(request);
    const personIds = [values.personIds ?? []].flat().map(String);
    const result = await submitForm(z.object({}), {}, async () => addParticipants(db, await secret(), request.user!.id, request.evaluation!.id, request.params.survey, personIds));
    if (!result.ok) return renderAdd(reply, request, typeof values.q === 'string' ? values.q : '', result.errors);
    return afterAction(reply, request, 'added', result.value.added);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants/add-sample', { config: access }, async (request, reply) => {
    const values = body(request);
    const result = await submitForm(z.object({}), {}, async () => addSample(db, await secret(), request.user!.id, request.evaluation!.id, request.params.survey, String(values.sampleId ?? '')));
    if (!result.ok) return renderList(reply, request, { values, errors: result.errors });
    return afterAction(reply, request, 'added', result.value.added);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants/invitations', { config: access }, async (request, reply) => {
    const result = await submitForm(z.object({}), {}, () => queueRound(db, request.user!.id, request.evaluation!.id, request.params.survey, 'invitation', clock()));
    if (!result.ok) return renderList(reply, request, { errors: result.errors });
    return afterAction(reply, request, 'invitations', result.value.queued);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants/reminders', { config: access }, async (request, reply) => {
    const values = body(request);
    const result = await submitForm(reminderInput, values, (data) => queueRound(db, request.user!.id, request.evaluation!.id, request.params.survey, 'reminder', clock(), data.days));
    if (!result.ok) return renderList(reply, request, { values, errors: result.errors });
    return afterAction(reply, request, 'reminders', result.value.queued);
  });

  app.post<{ Params: Params }>('/evaluations/:evaluation/surveys/:survey/participants/bounces', { config: access }, async (request, reply) => {
    const values = body(request);
    await getSurvey(db, request.evaluation!.id, request.params.survey);
    const result = await submitForm(z.object({}), {}, () => recordBounce(db, request.user!.id, request.evaluation!.id, values, clock()));
    if (!result.ok) return renderList(reply, request, { values, errors: result.errors });
    if (!result.value.participants) {
      return renderList(reply, request, { values, errors: formErrors([{ field: 'email', message: 'No participant of this evaluation has that e-mail address: check it against the bounce message' }]) });
    }
    return afterAction(reply, request, 'bounce', result.value.participants);
  });

  type KindParams = { Params: Params & { kind: string } };
  const kindOf = (value: string): MailKind | undefined => (mailKinds as readonly string[]).includes(value) ? (value as MailKind) : undefined;

  const renderTemplate = async (reply: FastifyReply, request: FastifyRequest<KindParams>, kind: MailKind, values?: { subject: string; body: string }, errors?: FormErrors) => {
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const template = values ? { ...values, edited: true } : await getTemplate(db, survey.id, kind);
    // The preview fills the placeholders for a made-up participant; a text with unknown placeholders shows them as typed.
    const sample = { ...(await surveyPlaceholders(db, survey)), name: 'Sam Example', link: personalLink(config.publicUrl, exampleToken), opt_out_link: optOutLink(config.publicUrl, exampleToken) };
    return reply.code(errors ? 400 : 200).view('fieldwork/invitations/views/template.njk', {
      title: kind === 'invitation' ? 'The invitation' : 'The reminder',
      survey,
      kind,
      template,
      preview: { subject: fillPlaceholders(template.subject, sample), lines: fillPlaceholders(template.body, sample).split('\n') },
      placeholders: placeholders.map((p) => ({ name: `((${p}))`, hint: placeholderHints[p] })),
      errors,
      paths: surveyPaths(request),
      action: `${surveyPaths(request).templates}/${kind}`,
      saved: !errors && (request.query as Record<string, unknown>).saved === '1',
    });
  };

  app.get<KindParams>('/evaluations/:evaluation/surveys/:survey/participants/templates/:kind', { config: access }, async (request, reply) => {
    const kind = kindOf(request.params.kind);
    if (!kind) throw notFound('Message');
    return renderTemplate(reply, request, kind);
  });

  app.post<KindParams>('/evaluations/:evaluation/surveys/:survey/participants/templates/:kind', { config: access }, async (request, reply) => {
    const kind = kindOf(request.params.kind);
    if (!kind) throw notFound('Message');
    const values = body(request);
    const typed = { subject: String(values.subject ?? ''), body: String(values.body ?? '') };
    const survey = await getSurvey(db, request.evaluation!.id, request.params.survey);
    const result = await submitForm(templateInput, typed, (data) => saveTemplate(db, request.user!.id, request.evaluation!.id, survey.id, kind, data));
    if (!result.ok) return renderTemplate(reply, request, kind, typed, result.errors);
    return reply.redirect(`${surveyPaths(request).templates}/${kind}?saved=1`, 303);
  });
}
