import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import * as organisation from './service.ts';
import { pagination } from './pagination.ts';
import { unitItems } from './select-items.ts';

type Params = { evaluation: string };
type PersonParams = Params & { person: string };
type FormValues = Record<string, unknown>;

const dateFields = ['startedOn', 'leftOn', 'lastVerifiedOn'] as const;

// The search form is typed into freely; anything unusable is ignored rather than refused.
const listQuery = z.object({
  q: z.string().catch(''),
  unit: z.string().uuid().or(z.literal('')).catch(''),
  page: z.coerce.number().int().min(1).catch(1),
});

function formValues(body: unknown): FormValues {
  return { ...(body as FormValues) };
}

function personFormValues(person: organisation.Person): FormValues {
  const values: FormValues = { ...person, unitId: person.unitId ?? '', regionId: person.regionId ?? '' };
  for (const field of dateFields) {
    for (const [part, value] of Object.entries(dateParts(person[field]))) values[`${field}-${part}`] = value;
  }
  return values;
}

/** The staff directory: personal data, so researchers and leads only. */
export async function registerDirectoryPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/evaluations/:evaluation/people', { config: { access: member('researcher') } }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const found = await organisation.searchPeople(db, request.evaluation!.id, { q: query.q, unitId: query.unit, page: query.page });
    const hrefFor = (page: number) => {
      const params = new URLSearchParams({ ...(query.q ? { q: query.q } : {}), ...(query.unit ? { unit: query.unit } : {}), page: String(page) });
      return `?${params.toString()}`;
    };
    return reply.view('organisation/views/people.njk', {
      title: 'Staff directory',
      found,
      query,
      filtered: Boolean(query.q.trim() || query.unit),
      unitItems: unitItems(await organisation.listUnits(db, request.evaluation!.id), query.unit, 'All units'),
      pagination: pagination(found.page, found.pages, hrefFor),
    });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { person?: organisation.Person; values: FormValues; errors?: FormErrors }) => {
    const units = await organisation.listUnits(db, request.evaluation!.id);
    const editing = form.person;
    return reply.code(form.errors ? 400 : 200).view('organisation/views/person-form.njk', {
      title: editing ? `Change ${editing.name}` : 'Add a person',
      person: editing,
      values: form.values,
      errors: form.errors,
      unitItems: unitItems(units, form.values.unitId, 'Not known'),
      regionItems: unitItems(units, form.values.regionId, 'Not known', ['region']),
      action: editing ? `${base(request)}/people/${editing.id}/edit` : `${base(request)}/people`,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/people/new', { config: { access: member('researcher') } }, async (request, reply) =>
    renderForm(reply, request, { values: {} }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/people', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), [...dateFields]);
    const result = await submitForm(organisation.personInput, body, (data) => organisation.addPerson(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/people?q=${encodeURIComponent(result.value.name)}`, 303);
  });

  app.get<{ Params: PersonParams }>('/evaluations/:evaluation/people/:person/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const person = await organisation.getPerson(db, request.evaluation!.id, request.params.person);
    return renderForm(reply, request, { person, values: personFormValues(person) });
  });

  app.post<{ Params: PersonParams }>('/evaluations/:evaluation/people/:person/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const person = await organisation.getPerson(db, request.evaluation!.id, request.params.person);
    const body = joinDateFields(formValues(request.body), [...dateFields]);
    const result = await submitForm(organisation.personInput, body, (data) => organisation.updatePerson(db, request.user!.id, request.evaluation!.id, person.id, data));
    if (!result.ok) return renderForm(reply, request, { person, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/people?q=${encodeURIComponent(result.value.name)}`, 303);
  });

  app.post<{ Params: PersonParams }>('/evaluations/:evaluation/people/:person/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    await organisation.deletePerson(db, request.user!.id, request.evaluation!.id, request.params.person);
    return reply.redirect(`${base(request)}/people`, 303);
  });
}
