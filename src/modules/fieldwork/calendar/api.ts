import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { addEntry, removeEntry, surveyCalendar } from './service.ts';

const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });

const entry = z.object({
  id: z.string(),
  title: z.string(),
  organiser: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  audience: z.enum(['all', 'units']),
  unitIds: z.array(z.string()),
  unitNames: z.array(z.string()),
  notes: z.string(),
});

const clash = z.object({
  entryId: z.string(),
  entryTitle: z.string(),
  surveyId: z.string(),
  surveyTitle: z.string(),
  gapDays: z.number().int().describe('Days between the two; 0 when they overlap'),
  people: z.number().int().nullable().describe('Sampled people in the entry\'s audience; null when it is aimed at all staff'),
});

const body = z.object({
  title: z.string(),
  organiser: z.string().optional(),
  startsOn: z.string().describe('yyyy-mm-dd'),
  endsOn: z.string().describe('yyyy-mm-dd'),
  audience: z.enum(['all', 'units']),
  unitIds: z.array(z.string()).optional().describe('The units it is aimed at, when audience is units'),
  notes: z.string().optional(),
});

export async function registerCalendarApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;

  app.get('/api/v1/evaluations/:evaluation/calendar', {
    config: { access: member('coder') },
    schema: { tags: ['Fieldwork'], summary: 'Other surveys and consultations aimed at the same staff, and where they would ask sampled people twice within two weeks of fieldwork', params, response: { 200: z.object({ entries: z.array(entry), clashes: z.array(clash) }) } },
  }, async (request) => {
    const calendar = await surveyCalendar(db, request.evaluation!.id);
    return { entries: calendar.entries, clashes: calendar.clashes };
  });

  app.post('/api/v1/evaluations/:evaluation/calendar', {
    config: { access: member('researcher') },
    schema: { tags: ['Fieldwork'], summary: 'Add another survey or consultation to the calendar', params, body, response: { 201: entry } },
  }, async (request, reply) => reply.code(201).send(await addEntry(db, request.user!.id, request.evaluation!.id, { ...request.body, unitIds: request.body.unitIds ?? [] })));

  app.delete('/api/v1/evaluations/:evaluation/calendar/:entry', {
    config: { access: member('researcher') },
    schema: { tags: ['Fieldwork'], summary: 'Remove an entry from the calendar', params: params.extend({ entry: z.string() }), response: { 204: z.null() } },
  }, async (request, reply) => {
    await removeEntry(db, request.user!.id, request.evaluation!.id, request.params.entry);
    return reply.code(204).send(null);
  });
}
