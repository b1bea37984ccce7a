import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import * as organisation from './service.ts';

const tags = ['Organisation'];
const evaluationParams = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const unitParams = evaluationParams.extend({ unit: z.string().describe('The unit id') });
const lineParams = evaluationParams.extend({ line: z.string().describe('The budget line id') });
const personParams = evaluationParams.extend({ person: z.string().describe('The person id') });
const isoDate = z.string().nullable().optional().describe('yyyy-mm-dd');

const unitOut = z.object({
  id: z.string(),
  evaluationId: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(organisation.unitKinds),
  name: z.string(),
  shortName: z.string(),
  position: z.number(),
});
const unitBody = z.object({
  kind: z.enum(organisation.unitKinds),
  name: z.string(),
  shortName: z.string().optional(),
  parentId: z.string().nullable().optional().describe('The id of the unit this one is part of, in the same evaluation'),
});

const budgetLineOut = z.object({
  id: z.string(),
  evaluationId: z.string(),
  financialYear: z.string(),
  label: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  amountThousands: z.number().describe('Thousands of pounds (£000s)'),
  position: z.number(),
});
const budgetShareOut = budgetLineOut.extend({ sharePercent: z.number().describe("The line's share of its financial year's total, in percent") });
const budgetLineBody = z.object({
  financialYear: z.string().describe('Like 2005/06'),
  label: z.string(),
  amountThousands: z.union([z.number(), z.string()]).describe('Thousands of pounds (£000s), at most one decimal place'),
  unitId: z.string().nullable().optional(),
});

const personOut = z.object({
  id: z.string(),
  evaluationId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  jobTitle: z.string(),
  startedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  lastVerifiedOn: z.string().nullable(),
});
const personBody = z.object({
  name: z.string(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  unitId: z.string().nullable().optional(),
  regionId: z.string().nullable().optional().describe('A unit of kind region'),
  jobTitle: z.string().optional(),
  startedOn: isoDate,
  leftOn: isoDate,
  lastVerifiedOn: isoDate,
});

/** The organisation's units, budget and staff directory as JSON, with the same roles as the pages. */
export async function registerOrganisationApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const path = '/api/v1/evaluations/:evaluation';

  app.get(`${path}/units`, {
    config: { access: member('coder') },
    schema: { tags, summary: "List the organisation's units", params: evaluationParams, response: { 200: z.object({ items: z.array(unitOut) }) } },
  }, async (request) => ({ items: await organisation.listUnits(db, request.evaluation!.id) }));

  app.post(`${path}/units`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a unit', params: evaluationParams, body: unitBody, response: { 201: unitOut } },
  }, async (request, reply) => reply.code(201).send(await organisation.createUnit(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/units/:unit`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One unit', params: unitParams, response: { 200: unitOut } },
  }, async (request) => organisation.getUnit(db, request.evaluation!.id, request.params.unit));

  app.patch(`${path}/units/:unit`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change a unit (fields left out keep their values)', params: unitParams, body: unitBody.partial(), response: { 200: unitOut } },
  }, async (request) => {
    const current = await organisation.getUnit(db, request.evaluation!.id, request.params.unit);
    return organisation.updateUnit(db, request.user!.id, current.evaluationId, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/units/:unit`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a unit nothing refers to (409 when something does)', params: unitParams },
  }, async (request, reply) => {
    await organisation.deleteUnit(db, request.user!.id, request.evaluation!.id, request.params.unit);
    return reply.code(204).send();
  });

  app.get(`${path}/budget-lines`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: "List budget lines, each with its share of its year's total",
      params: evaluationParams,
      querystring: z.object({ year: z.string().regex(/^\d{4}\/\d{2}$/, 'year must be like 2005/06').optional().describe('Only this financial year, like 2005/06') }),
      response: { 200: z.object({ items: z.array(budgetShareOut) }) },
    },
  }, async (request) => {
    const years = await organisation.budgetByYear(db, request.evaluation!.id);
    return { items: years.filter((y) => !request.query.year || y.financialYear === request.query.year).flatMap((y) => y.lines) };
  });

  app.post(`${path}/budget-lines`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a budget line', params: evaluationParams, body: budgetLineBody, response: { 201: budgetLineOut } },
  }, async (request, reply) => reply.code(201).send(await organisation.addBudgetLine(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/budget-lines/:line`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change a budget line (fields left out keep their values)', params: lineParams, body: budgetLineBody.partial(), response: { 200: budgetLineOut } },
  }, async (request) => {
    const current = await organisation.getBudgetLine(db, request.evaluation!.id, request.params.line);
    return organisation.updateBudgetLine(db, request.user!.id, current.evaluationId, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/budget-lines/:line`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a budget line', params: lineParams },
  }, async (request, reply) => {
    await organisation.deleteBudgetLine(db, request.user!.id, request.evaluation!.id, request.params.line);
    return reply.code(204).send();
  });

  app.get(`${path}/people`, {
    config: { access: member('researcher') },
    schema: {
      tags,
      summary: `Search the staff directory, ${organisation.peoplePerPage} people a page`,
      params: evaluationParams,
      querystring: organisation.peopleQuery.describe('q matches name, e-mail or job title; unit matches unit or region'),
      response: {
        200: z.object({ items: z.array(personOut), total: z.number(), page: z.number(), pages: z.number(), perPage: z.number() }),
      },
    },
  }, async (request) => {
    const { q, unit, page } = request.query;
    const found = await organisation.searchPeople(db, request.evaluation!.id, { q, unitId: unit, page });
    return { items: found.people, total: found.total, page: found.page, pages: found.pages, perPage: found.perPage };
  });

  app.post(`${path}/people`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Add a person to the staff directory', params: evaluationParams, body: personBody, response: { 201: personOut } },
  }, async (request, reply) => reply.code(201).send(await organisation.addPerson(db, request.user!.id, request.evaluation!.id, request.body)));

  app.get(`${path}/people/:person`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'One person in the staff directory', params: personParams, response: { 200: personOut } },
  }, async (request) => organisation.getPerson(db, request.evaluation!.id, request.params.person));

  app.patch(`${path}/people/:person`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Change a person (fields left out keep their values)', params: personParams, body: personBody.partial(), response: { 200: personOut } },
  }, async (request) => {
    const current = await organisation.getPerson(db, request.evaluation!.id, request.params.person);
    return organisation.updatePerson(db, request.user!.id, current.evaluationId, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/people/:person`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a person from the staff directory', params: personParams },
  }, async (request, reply) => {
    await organisation.deletePerson(db, request.user!.id, request.evaluation!.id, request.params.person);
    return reply.code(204).send();
  });
}
