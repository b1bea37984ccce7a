import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { registerInterviewApi } from './api.ts';
import { registerInterviewPages } from './interview-routes.ts';
import { registerParticipantPages } from './participant-routes.ts';
import { registerScheduleApi } from './schedule-api.ts';
import { registerSchedulePages } from './schedule-routes.ts';

/** Interviews: participants and role categories, interviews, and interview schedules, as pages and API. */
export async function registerInterviews(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerParticipantPages(app, deps);
  registerSchedulePages(app, deps);
  registerInterviewPages(app, deps);
  await registerInterviewApi(app, deps);
  await registerScheduleApi(app, deps);
}
