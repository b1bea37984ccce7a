import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import * as advisory from './advisory.ts';
import { listQuestions } from './aims.ts';
import { canChange, dateValues, formValues, protocolPath, selectItems, type FormValues, type Params } from './page-helpers.ts';
import { listTasks } from './tasks.ts';

type MemberParams = Params & { member: string };
type MeetingParams = Params & { meeting: string };
type DecisionParams = MeetingParams & { decision: string };

/** Pages for the advisory group: its members, its meetings and the decisions taken at them. */
export async function registerAdvisoryPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/advisory', coder, async (request, reply) =>
    reply.view('evaluations/protocol/views/advisory.njk', {
      title: 'Advisory group',
      members: await advisory.listAdvisoryMembers(db, request.evaluation!.id),
      meetings: await advisory.listMeetings(db, request.evaluation!.id),
      canChange: canChange(request),
    }),
  );

  const renderMemberForm = (reply: FastifyReply, request: FastifyRequest, form: { member?: advisory.AdvisoryMember; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/advisory-member-form.njk', {
      title: form.member ? `Change ${form.member.name}` : 'Add a member of the advisory group',
      member: form.member,
      values: form.values,
      errors: form.errors,
      action: form.member ? protocolPath(request, `/advisory/members/${form.member.id}/edit`) : protocolPath(request, '/advisory/members'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/advisory/members/new', researcher, (request, reply) => renderMemberForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/advisory/members', researcher, async (request, reply) => {
    const result = await submitForm(advisory.advisoryMemberInput, request.body, (data) => advisory.addAdvisoryMember(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderMemberForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/advisory'), 303);
  });

  app.get<{ Params: MemberParams }>('/evaluations/:evaluation/protocol/advisory/members/:member/edit', researcher, async (request, reply) => {
    const found = await advisory.getAdvisoryMember(db, request.evaluation!.id, request.params.member);
    return renderMemberForm(reply, request, { member: found, values: { ...found } });
  });

  app.post<{ Params: MemberParams }>('/evaluations/:evaluation/protocol/advisory/members/:member/edit', researcher, async (request, reply) => {
    const found = await advisory.getAdvisoryMember(db, request.evaluation!.id, request.params.member);
    const result = await submitForm(advisory.advisoryMemberInput, request.body, (data) => advisory.updateAdvisoryMember(db, request.user!.id, request.evaluation!.id, found.id, data));
    if (!result.ok) return renderMemberForm(reply, request, { member: found, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/advisory'), 303);
  });

  app.post<{ Params: MemberParams }>('/evaluations/:evaluation/protocol/advisory/members/:member/delete', researcher, async (request, reply) => {
    await advisory.removeAdvisoryMember(db, request.user!.id, request.evaluation!.id, request.params.member);
    return reply.redirect(protocolPath(request, '/advisory'), 303);
  });

  const renderMeetingForm = (reply: FastifyReply, request: FastifyRequest, form: { meeting?: advisory.AdvisoryMeeting; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/meeting-form.njk', {
      title: form.meeting ? 'Change a meeting' : 'Record a meeting of the advisory group',
      meeting: form.meeting,
      values: form.values,
      errors: form.errors,
      action: form.meeting ? protocolPath(request, `/advisory/meetings/${form.meeting.id}/edit`) : protocolPath(request, '/advisory/meetings'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/advisory/meetings/new', researcher, (request, reply) => renderMeetingForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/advisory/meetings', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['heldOn']);
    const result = await submitForm(advisory.meetingInput, body, (data) => advisory.addMeeting(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderMeetingForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/advisory/meetings/${result.value.id}`), 303);
  });

  const renderMeeting = async (reply: FastifyReply, request: FastifyRequest, form: { values?: FormValues; errors?: FormErrors } = {}) => {
    const evaluationId = request.evaluation!.id;
    const meeting = await advisory.getMeeting(db, evaluationId, (request.params as MeetingParams).meeting);
    const values = form.values ?? {};
    return reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/meeting.njk', {
      title: 'Advisory group meeting',
      meeting,
      values,
      errors: form.errors,
      canChange: canChange(request),
      taskItems: selectItems((await listTasks(db, evaluationId)).map((t) => ({ value: t.id, text: t.title })), values.taskId, 'None'),
      questionItems: selectItems((await listQuestions(db, evaluationId)).map((q) => ({ value: q.id, text: `Q${q.number}: ${q.text}` })), values.questionId, 'None'),
    });
  };

  app.get<{ Params: MeetingParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting', coder, (request, reply) => renderMeeting(reply, request));

  app.get<{ Params: MeetingParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting/edit', researcher, async (request, reply) => {
    const meeting = await advisory.getMeeting(db, request.evaluation!.id, request.params.meeting);
    return renderMeetingForm(reply, request, { meeting, values: { ...meeting, ...dateValues('heldOn', meeting.heldOn) } });
  });

  app.post<{ Params: MeetingParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting/edit', researcher, async (request, reply) => {
    const meeting = await advisory.getMeeting(db, request.evaluation!.id, request.params.meeting);
    const body = joinDateFields(formValues(request.body), ['heldOn']);
    const result = await submitForm(advisory.meetingInput, body, (data) => advisory.updateMeeting(db, request.user!.id, request.evaluation!.id, meeting.id, data));
    if (!result.ok) return renderMeetingForm(reply, request, { meeting, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/advisory/meetings/${meeting.id}`), 303);
  });

  app.post<{ Params: MeetingParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting/delete', researcher, async (request, reply) => {
    await advisory.deleteMeeting(db, request.user!.id, request.evaluation!.id, request.params.meeting);
    return reply.redirect(protocolPath(request, '/advisory'), 303);
  });

  app.post<{ Params: MeetingParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting/decisions', researcher, async (request, reply) => {
    const meeting = await advisory.getMeeting(db, request.evaluation!.id, request.params.meeting);
    const result = await submitForm(advisory.decisionInput, request.body, (data) => advisory.addDecision(db, request.user!.id, request.evaluation!.id, meeting.id, data));
    if (!result.ok) return renderMeeting(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/advisory/meetings/${meeting.id}#decisions`), 303);
  });

  app.post<{ Params: DecisionParams }>('/evaluations/:evaluation/protocol/advisory/meetings/:meeting/decisions/:decision/delete', researcher, async (request, reply) => {
    await advisory.deleteDecision(db, request.user!.id, request.evaluation!.id, request.params.meeting, request.params.decision);
    return reply.redirect(protocolPath(request, `/advisory/meetings/${request.params.meeting}#decisions`), 303);
  });
}
