import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { everyDirectoryPerson } from './directory-people.ts';
import { evaluationBase, formValues, idParam, items, maySeeDirectory, roleItems, type FormValues, type Params } from './page-helpers.ts';
import * as participants from './participants.ts';
import * as roles from './role-categories.ts';

/** Pages for participants and the evaluation's role categories. */

type ParticipantParams = Params & { participant: string };
type CategoryParams = Params & { category: string };

// Filters are typed into freely; anything unusable is ignored rather than refused.
const listQuery = z.object({
  q: z.string().catch(''),
  role: z.string().catch(''),
  external: z.enum(['', 'yes', 'no']).catch(''),
});

/** Errors of a rename form, pointed at that row's input rather than the add form's. */
function onRow(errors: FormErrors, id: string): FormErrors {
  const field = `name-${id}`;
  const { name: message, ...others } = errors.byField;
  return {
    list: errors.list.map((e) => (e.href === '#name' ? { ...e, href: `#${field}` } : e)),
    byField: message ? { ...others, [field]: message } : others,
  };
}

function participantFormValues(p: participants.Participant): FormValues {
  return { label: p.label, roleCategory: p.roleCategory, external: p.external ? 'true' : '', personId: p.personId ?? '', attributes: participants.formatAttributes(p.attributes) };
}

export function registerParticipantPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/interviews/participants', { config: { access: member('coder') } }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const external = query.external === '' ? undefined : query.external === 'yes';
    return reply.view('qualitative/interviews/views/participants.njk', {
      title: 'Participants',
      participants: await participants.listParticipants(db, request.evaluation!.id, { q: query.q, role: query.role, external }),
      query,
      filtered: Boolean(query.q.trim() || query.role || query.external),
      roleItems: await roleItems(db, request.evaluation!.id, query.role, 'All roles'),
      externalItems: items([{ value: 'no', text: 'On the staff' }, { value: 'yes', text: 'External' }], query.external, 'Staff and external'),
      showDirectory: maySeeDirectory(request),
    });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { participant?: participants.Participant; values: FormValues; errors?: FormErrors }) => {
    const evaluationId = request.evaluation!.id;
    const editing = form.participant;
    const showDirectory = maySeeDirectory(request);
    const people = showDirectory ? await everyDirectoryPerson(db, evaluationId) : [];
    return reply.code(form.errors ? 400 : 200).view('qualitative/interviews/views/participant-form.njk', {
      title: editing ? `Change ${editing.label}` : 'Add a participant',
      participant: editing,
      values: form.values,
      errors: form.errors,
      roleItems: await roleItems(db, evaluationId, form.values.roleCategory, 'Choose a role category'),
      personItems: items(people.map((p) => ({ value: p.id, text: p.name })), form.values.personId, 'Not linked'),
      showDirectory,
      action: editing ? `${evaluationBase(request)}/interviews/participants/${editing.id}/edit` : `${evaluationBase(request)}/interviews/participants`,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/interviews/participants/new', { config: { access: member('researcher') } }, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/interviews/participants', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(participants.participantInput, body, (data) => participants.createParticipant(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: body, errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/participants`, 303);
  });

  app.get<{ Params: ParticipantParams }>('/evaluations/:evaluation/interviews/participants/:participant/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const participant = await participants.getParticipant(db, request.evaluation!.id, idParam(request.params.participant, 'Participant'));
    return renderForm(reply, request, { participant, values: participantFormValues(participant) });
  });

  app.post<{ Params: ParticipantParams }>('/evaluations/:evaluation/interviews/participants/:participant/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const participant = await participants.getParticipant(db, request.evaluation!.id, idParam(request.params.participant, 'Participant'));
    const body = formValues(request.body);
    const result = await submitForm(participants.participantInput, body, (data) => participants.updateParticipant(db, request.user!.id, request.evaluation!.id, participant.id, data));
    if (!result.ok) return renderForm(reply, request, { participant, values: body, errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/participants`, 303);
  });

  app.post<{ Params: ParticipantParams }>('/evaluations/:evaluation/interviews/participants/:participant/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const participant = await participants.getParticipant(db, request.evaluation!.id, idParam(request.params.participant, 'Participant'));
    const result = await submitForm(z.object({}), {}, () => participants.deleteParticipant(db, request.user!.id, request.evaluation!.id, participant.id));
    if (!result.ok) return renderForm(reply, request, { participant, values: participantFormValues(participant), errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/participants`, 303);
  });

  const renderCategories = async (reply: FastifyReply, request: FastifyRequest, form: { values?: FormValues; errors?: FormErrors; failedId?: string } = {}) =>
    reply.code(form.errors ? 400 : 200).view('qualitative/interviews/views/role-categories.njk', {
      title: 'Role categories',
      categories: await roles.listRoleCategories(db, request.evaluation!.id),
      values: form.values ?? {},
      errors: form.errors,
      failedId: form.failedId,
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/interviews/role-categories', { config: { access: member('coder') } }, (request, reply) => renderCategories(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/interviews/role-categories', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(roles.roleCategoryInput, body, (data) => roles.addRoleCategory(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderCategories(reply, request, { values: body, errors: result.errors });
    return reply.redirect(`${evaluationBase(request)}/interviews/role-categories`, 303);
  });

  app.post<{ Params: CategoryParams }>('/evaluations/:evaluation/interviews/role-categories/:category/rename', { config: { access: member('researcher') } }, async (request, reply) => {
    const id = idParam(request.params.category, 'Role category');
    const body = formValues(request.body);
    const result = await submitForm(roles.roleCategoryInput, body, (data) => roles.renameRoleCategory(db, request.user!.id, request.evaluation!.id, id, data));
    if (!result.ok) return renderCategories(reply, request, { values: { [`name-${id}`]: body.name }, errors: onRow(result.errors, id), failedId: id });
    return reply.redirect(`${evaluationBase(request)}/interviews/role-categories`, 303);
  });

  app.post<{ Params: CategoryParams }>('/evaluations/:evaluation/interviews/role-categories/:category/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const id = idParam(request.params.category, 'Role category');
    const result = await submitForm(z.object({}), {}, () => roles.deleteRoleCategory(db, request.user!.id, request.evaluation!.id, id));
    if (!result.ok) return renderCategories(reply, request, { errors: result.errors, failedId: id });
    return reply.redirect(`${evaluationBase(request)}/interviews/role-categories`, 303);
  });
}
