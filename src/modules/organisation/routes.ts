import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import * as organisation from './service.ts';
import { unitItems } from './select-items.ts';

type Params = { evaluation: string };
type UnitParams = Params & { unit: string };
type LineParams = Params & { line: string };
type FormValues = Record<string, unknown>;

const nothing = z.object({});

function formValues(body: unknown): FormValues {
  return { ...(body as FormValues) };
}

const kindItems = (selected: unknown) =>
  organisation.unitKinds.map((kind) => ({ value: kind, text: organisation.unitKindLabels[kind].singular, checked: kind === selected }));

/** The organisation's units and budget: pages for coders to read and researchers to change. */
export async function registerOrganisationPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/units', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('organisation/views/units.njk', {
      title: 'Organisation',
      groups: organisation.unitsByKind(await organisation.listUnits(db, request.evaluation!.id)),
      kindLabels: organisation.unitKindLabels,
    }),
  );

  const renderUnitForm = async (reply: FastifyReply, request: FastifyRequest, form: { unit?: organisation.Unit; values: FormValues; errors?: FormErrors; status?: number }) => {
    const units = await organisation.listUnits(db, request.evaluation!.id);
    const editing = form.unit;
    return reply.code(form.status ?? (form.errors ? 400 : 200)).view('organisation/views/unit-form.njk', {
      title: editing ? `Change ${editing.name}` : 'Add a unit',
      unit: editing,
      values: form.values,
      errors: form.errors,
      kindItems: kindItems(form.values.kind),
      parentItems: unitItems(organisation.possibleParents(units, editing?.id ?? null), form.values.parentId, 'None: it is not part of another unit'),
      action: editing ? `${base(request)}/units/${editing.id}/edit` : `${base(request)}/units`,
    });
  };

  app.get<{ Params: Params; Querystring: { kind?: string; parent?: string } }>(
    '/evaluations/:evaluation/units/new',
    { config: { access: member('researcher') } },
    async (request, reply) => renderUnitForm(reply, request, { values: { kind: request.query.kind, parentId: request.query.parent } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/units', { config: { access: member('researcher') } }, async (request, reply) => {
    const result = await submitForm(organisation.unitInput, request.body, (data) => organisation.createUnit(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderUnitForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/units`, 303);
  });

  app.get<{ Params: UnitParams }>('/evaluations/:evaluation/units/:unit/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const unit = await organisation.getUnit(db, request.evaluation!.id, request.params.unit);
    return renderUnitForm(reply, request, { unit, values: { ...unit, parentId: unit.parentId ?? '' } });
  });

  app.post<{ Params: UnitParams }>('/evaluations/:evaluation/units/:unit/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const unit = await organisation.getUnit(db, request.evaluation!.id, request.params.unit);
    const result = await submitForm(organisation.unitInput, request.body, (data) => organisation.updateUnit(db, request.user!.id, request.evaluation!.id, unit.id, data));
    if (!result.ok) return renderUnitForm(reply, request, { unit, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/units`, 303);
  });

  app.post<{ Params: UnitParams }>('/evaluations/:evaluation/units/:unit/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    const unit = await organisation.getUnit(db, request.evaluation!.id, request.params.unit);
    const result = await submitForm(nothing, {}, () => organisation.deleteUnit(db, request.user!.id, request.evaluation!.id, unit.id));
    // A unit still in use stays; its page says what refers to it.
    if (!result.ok) return renderUnitForm(reply, request, { unit, values: { ...unit, parentId: unit.parentId ?? '' }, errors: result.errors, status: 409 });
    return reply.redirect(`${base(request)}/units`, 303);
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/budget', { config: { access: member('coder') } }, async (request, reply) =>
    reply.view('organisation/views/budget.njk', { title: 'Budget', years: await organisation.budgetByYear(db, request.evaluation!.id) }),
  );

  const renderLineForm = async (reply: FastifyReply, request: FastifyRequest, form: { line?: organisation.BudgetLine; values: FormValues; errors?: FormErrors }) => {
    const units = await organisation.listUnits(db, request.evaluation!.id);
    const editing = form.line;
    return reply.code(form.errors ? 400 : 200).view('organisation/views/budget-line-form.njk', {
      title: editing ? 'Change a budget line' : 'Add a budget line',
      line: editing,
      values: form.values,
      errors: form.errors,
      unitItems: unitItems(units, form.values.unitId, 'None: the line is not for one unit'),
      action: editing ? `${base(request)}/budget/${editing.id}/edit` : `${base(request)}/budget`,
    });
  };

  const lineValues = (line: organisation.BudgetLine): FormValues => ({ ...line, amountThousands: String(line.amountThousands), unitId: line.unitId ?? '' });

  app.get<{ Params: Params; Querystring: { year?: string } }>('/evaluations/:evaluation/budget/new', { config: { access: member('researcher') } }, async (request, reply) =>
    renderLineForm(reply, request, { values: { financialYear: request.query.year } }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/budget', { config: { access: member('researcher') } }, async (request, reply) => {
    const result = await submitForm(organisation.budgetLineInput, request.body, (data) => organisation.addBudgetLine(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderLineForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/budget`, 303);
  });

  app.get<{ Params: LineParams }>('/evaluations/:evaluation/budget/:line/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const line = await organisation.getBudgetLine(db, request.evaluation!.id, request.params.line);
    return renderLineForm(reply, request, { line, values: lineValues(line) });
  });

  app.post<{ Params: LineParams }>('/evaluations/:evaluation/budget/:line/edit', { config: { access: member('researcher') } }, async (request, reply) => {
    const line = await organisation.getBudgetLine(db, request.evaluation!.id, request.params.line);
    const result = await submitForm(organisation.budgetLineInput, request.body, (data) =>
      organisation.updateBudgetLine(db, request.user!.id, request.evaluation!.id, line.id, data),
    );
    if (!result.ok) return renderLineForm(reply, request, { line, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}/budget`, 303);
  });

  app.post<{ Params: LineParams }>('/evaluations/:evaluation/budget/:line/delete', { config: { access: member('researcher') } }, async (request, reply) => {
    await organisation.deleteBudgetLine(db, request.user!.id, request.evaluation!.id, request.params.line);
    return reply.redirect(`${base(request)}/budget`, 303);
  });
}
