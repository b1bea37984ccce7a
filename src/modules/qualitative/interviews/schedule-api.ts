import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import * as schedules from './schedules.ts';

/** The JSON API for interview schedules and their versions. */

const tags = ['Interview schedules'];
const params = z.object({ evaluation: z.string().describe('The evaluation id or short name (slug)') });
const scheduleParams = params.extend({ schedule: z.string() });

const scheduleBody = z.object({
  title: z.string(),
  introduction: z.string().optional(),
  changeNote: z.string().optional().describe('What changed and why, shown in the list of versions'),
  sections: z.array(
    z.object({
      title: z.string(),
      guidance: z.string().optional(),
      questions: z
        .array(
          z.object({
            text: z.string(),
            guidance: z.string().optional(),
            prompts: z.array(z.string()).optional(),
            researchQuestionIds: z.array(z.string()).optional().describe("Ids of the protocol's research questions this question serves"),
          }),
        )
        .optional(),
    }),
  ),
});

const versionOut = z.object({
  id: z.string(),
  scheduleId: z.string(),
  number: z.number(),
  title: z.string(),
  introduction: z.string(),
  changeNote: z.string(),
  savedAt: z.string(),
  savedBy: z.string().nullable(),
  sections: z.array(
    z.object({
      title: z.string(),
      guidance: z.string(),
      questions: z.array(
        z.object({
          number: z.number(),
          text: z.string(),
          guidance: z.string(),
          prompts: z.array(z.string()),
          researchQuestions: z.array(z.object({ id: z.string(), number: z.number(), text: z.string() })),
        }),
      ),
    }),
  ),
});

const toOut = (v: schedules.ScheduleVersion) => ({ ...v, savedAt: v.savedAt.toISOString() });

export async function registerScheduleApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const base = '/api/v1/evaluations/:evaluation/interview-schedules';

  app.get(base, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'List interview schedules with their latest version',
      params,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), version: z.number(), savedAt: z.string(), interviews: z.number() })) }) },
    },
  }, async (request) => ({ items: (await schedules.listSchedules(db, request.evaluation!.id)).map((s) => ({ ...s, savedAt: s.savedAt.toISOString() })) }));

  app.post(base, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Write a new interview schedule (its version 1)', params, body: scheduleBody, response: { 201: versionOut } },
  }, async (request, reply) => reply.code(201).send(toOut(await schedules.createSchedule(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get(`${base}/:schedule`, {
    config: { access: member('coder') },
    schema: { tags, summary: 'One version of a schedule: the latest, or ?version=n', params: scheduleParams, querystring: z.object({ version: z.coerce.number().int().min(1).optional() }), response: { 200: versionOut } },
  }, async (request) => toOut(await schedules.getScheduleVersion(db, request.evaluation!.id, request.params.schedule, request.query.version)));

  app.put(`${base}/:schedule`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Save the next version of a schedule; earlier versions are kept unchanged', params: scheduleParams, body: scheduleBody, response: { 200: versionOut } },
  }, async (request) => toOut(await schedules.saveScheduleVersion(db, request.user!.id, request.evaluation!.id, request.params.schedule, request.body)));

  app.get(`${base}/:schedule/versions`, {
    config: { access: member('coder') },
    schema: {
      tags,
      summary: 'The versions of a schedule, newest first',
      params: scheduleParams,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), number: z.number(), title: z.string(), changeNote: z.string(), savedAt: z.string(), savedBy: z.string().nullable() })) }) },
    },
  }, async (request) => ({ items: (await schedules.listScheduleVersions(db, request.evaluation!.id, request.params.schedule)).map((v) => ({ ...v, savedAt: v.savedAt.toISOString() })) }));

  app.delete(`${base}/:schedule`, {
    config: { access: member('researcher') },
    schema: { tags, summary: 'Delete a schedule no interview followed', params: scheduleParams },
  }, async (request, reply) => {
    await schedules.deleteSchedule(db, request.user!.id, request.evaluation!.id, request.params.schedule);
    return reply.code(204).send();
  });
}
