import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { registerAdvisoryPages } from './advisory-routes.ts';
import { registerAimPages } from './aim-routes.ts';
import { registerProtocolApi } from './api.ts';
import { registerContextPages } from './context-routes.ts';
import { registerDocumentPages } from './document-routes.ts';
import { registerMethodPages } from './method-routes.ts';
import { canChange, type Params } from './page-helpers.ts';
import { registerPlanPages } from './plan-routes.ts';
import { coverageSummary } from './summaries.ts';
import { registerTaskPages } from './task-routes.ts';

/** The protocol and the context timeline: pages and API. One entry in the module list registers all of it. */
export async function registerProtocol(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerProtocolPages(app, deps);
  await registerAimPages(app, deps);
  await registerMethodPages(app, deps);
  await registerTaskPages(app, deps);
  await registerPlanPages(app, deps);
  await registerAdvisoryPages(app, deps);
  await registerDocumentPages(app, deps);
  await registerContextPages(app, deps);
  await registerProtocolApi(app, deps);
}

/** The protocol's front page (aims and questions, with where each stands) and the coverage summary. */
async function registerProtocolPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol', coder, async (request, reply) => {
    const summary = await coverageSummary(db, request.evaluation!.id);
    const aimNumbers = Object.fromEntries(summary.aims.map((a) => [a.id, a.number]));
    return reply.view('evaluations/protocol/views/protocol.njk', { title: 'Protocol', aims: summary.aims, questions: summary.questions, aimNumbers, canChange: canChange(request) });
  });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/coverage', coder, async (request, reply) => {
    const summary = await coverageSummary(db, request.evaluation!.id);
    return reply.view('evaluations/protocol/views/coverage.njk', {
      title: 'Aims and questions addressed',
      aims: summary.aims,
      questions: summary.questions,
      addressed: summary.questions.filter((q) => q.addressed),
      notAddressed: summary.questions.filter((q) => !q.addressed),
    });
  });
}
