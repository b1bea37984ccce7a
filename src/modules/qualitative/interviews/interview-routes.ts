import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import { listTranscripts } from '../transcripts/transcripts.ts';
import { intervieweeConsent } from '../../privacy/consents.ts';
import * as interviews from './interviews.ts';
import {
  evaluationBase,
  formValues,
  idParam,
  interviewerItems,
  items,
  participantItems,
  roleItems,
  scheduleItems,
  waveItems,
  type FormValues,
  type Params,
} from './page-helpers.ts';

/** Pages for interviews: the list with filters, one interview, and the add and change forms. */

type InterviewParams = Params & { interview: string };

const listQuery = z.object({
  status: z.string().catch(''),
  mode: z.string().catch(''),
  wave: z.string().catch(''),
  role: z.string().catch(''),
  participant: z.string().catch(''),
});

const consentFields = ['consentRecord', 'consentTranscribe', 'consentQuote'] as const;

/** Check boxes send only what is ticked; every consent not sent is a "no". */
function withConsents(body: FormValues): FormValues {
  const ticked = [body.consents ?? []].flat().map(String);
  return { ...body, ...Object.fromEntries(consentFields.map((f) => [f, ticked.includes(f) ? 'true' : ''])) };
}

function interviewFormValues(i: interviews.Interview): FormValues {
  return {
    participantId: i.participantId,
    mode: i.mode,
    status: i.status,
    waveId: i.waveId ?? '',
    interviewerId: i.interviewerId ?? '',
    scheduleVersionId: i.scheduleVersionId ?? '',
    notes: i.notes,
    consents: consentFields.filter((f) => i[f]),
    ...Object.fromEntries(Object.entries(dateParts(i.heldOn)).map(([k, v]) => [`heldOn-${k}`, v])),
  };
}

const modeRadios = (selected: unknown) => interviews.interviewModes.map((m) => ({ value: m, text: interviews.modeLabels[m], checked: m === selected }));
const statusItems = (selected: unknown, noneText?: string) => items(interviews.interviewStatuses.map((s) => ({ value: s, text: interviews.statusLabels[s] })), selected, noneText);

export function registerInterviewPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/interviews', { config: { access: member('coder') } }, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const query = listQuery.parse(request.query);
    const list = await interviews.listInterviews(db, evaluationId, { status: query.status, mode: query.mode, waveId: query.wave, role: query.role, participantId: query.participant });
    return reply.view('qualitative/interviews/views/interviews.njk', {
      title: 'Interviews',
      interviews: list,
      query,
      filtered: Object.values(query).some(Boolean),
      statusItems: statusItems(query.status, 'Any status'),
      modeItems: items(interviews.interviewModes.map((m) => ({ value: m, text: interviews.modeLabels[m] })), query.mode, 'Any way'),
      waveItems: await waveItems(db, evaluationId, query.wave, 'Any wave'),
      roleItems: await roleItems(db, evaluationId, query.role, 'Any role'),
      participantItems: await participantItems(db, evaluationId, query.participant, 'Anyone'),
      modeLabels: interviews.modeLabels,
      statusLabels: interviews.statusLabels,
    });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { interview?: interviews.Interview; values: FormValues; errors?: FormErrors }) => {
    const evaluationId = request.evaluation!.id;
    const editing = form.interview;
    return reply.code(form.errors ? 400 : 200).view('qualitative/interviews/views/interview-form.njk', {
      title: editing ? `Change the interview with ${editing.participantLabel}` : 'Add an interview',
      interview: editing,
      values: form.values,
      errors: form.errors,
      participantItems: await participantItems(db, evaluationId, form.values.participantId, 'Choose the participant'),
      modeItems: modeRadios(form.values.mode ?? 'face-to-face'),
      statusItems: statusItems(form.values.status ?? 'planned'),
      waveItems: await waveItems(db, evaluationId, form.values.waveId, 'No wave'),
      interviewerItems: await interviewerItems(db, evaluationId, form.values.interviewerId),
      scheduleItems: await scheduleItems(db, evaluationId, form.values.scheduleVersionId),
      consents: [form.values.consents ?? []].flat().map(String),
      action: editing ? `${evaluationBase(request)}/interviews/${editing.id}/edit` : `${evaluationBase(request)}/interviews`,
    });
  };

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/interviews/new', { config: { access: member('researcher') } }, (request, reply) =>
    renderForm(reply, request, { values: { participantId: typeof request.query.participant === 'string' ? request.query.participant : '' } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/interviews', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(interviews.interviewInput, withConsents(joinDateFields(body, ['heldOn'])), (data) => interviews.createInterview(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: body, errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/${result.value.id}`, 303);
  });

  app.get<{ Params: InterviewParams }>('/evaluations/:evaluation/interviews/:interview', { config: { access: member('coder') } }, async (request, reply) => {
    const interview = await interviews.getInterview(db, request.evaluation!.id, idParam(request.params.interview, 'Interview'));
    return reply.view('qualitative/interviews/views/interview.njk', {
      title: `Interview with ${interview.participantLabel}`,
      interview,
      transcripts: await listTranscripts(db, request.evaluation!.id, { interviewId: interview.id }),
      consent: await intervieweeConsent(db, request.evaluation!.id, interview.participantId),
      modeLabels: interviews.modeLabels,
      statusLabels: interviews.statusLabels,
    });
  });

  app.get<{ Params: InterviewParams }>('/evaluations/:evaluation/interviews/:interview/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const interview = await interviews.getInterview(db, request.evaluation!.id, idParam(request.params.interview, 'Interview'));
    return renderForm(reply, request, { interview, values: interviewFormValues(interview) });
  });

  app.post<{ Params: InterviewParams }>('/evaluations/:evaluation/interviews/:interview/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const interview = await interviews.getInterview(db, request.evaluation!.id, idParam(request.params.interview, 'Interview'));
    const body = formValues(request.body);
    const result = await submitForm(interviews.interviewInput, withConsents(joinDateFields(body, ['heldOn'])), (data) => interviews.updateInterview(db, request.user!.id, request.evaluation!.id, interview.id, data));
    if (!result.ok) return renderForm(reply, request, { interview, values: body, errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/${interview.id}`, 303);
  });

  app.post<{ Params: InterviewParams }>('/evaluations/:evaluation/interviews/:interview/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const interview = await interviews.getInterview(db, request.evaluation!.id, idParam(request.params.interview, 'Interview'));
    const result = await submitForm(z.object({}), {}, () => interviews.deleteInterview(db, request.user!.id, request.evaluation!.id, interview.id));
    if (!result.ok) return renderForm(reply, request, { interview, values: interviewFormValues(interview), errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews`, 303);
  });
}
