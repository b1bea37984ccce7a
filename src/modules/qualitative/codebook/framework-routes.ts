import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { hasRole, member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { frameworkElements } from './framework.ts';
import { getFramework, listFrameworks } from './frameworks.ts';
import { frameworkProgress, loadFramework } from './load-framework.ts';
import { evaluationPath, type Params } from './page-helpers.ts';
import { codeColours } from './tree.ts';

type FrameworkParams = Params & { framework: string };

const colourNames = Object.fromEntries(codeColours.map((c) => [c.value, c.name]));

/** The shipped frameworks, what each contains, and loading one into the codebook. */
export async function registerFrameworkPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  // Read at start: a broken framework file stops the server before it serves anyone.
  listFrameworks();

  app.get<{ Params: Params }>('/evaluations/:evaluation/codebook/frameworks', { config: { access: member('coder') } }, async (request, reply) => {
    const frameworks = await Promise.all(
      listFrameworks().map(async (framework) => {
        const elements = frameworkElements(framework);
        return {
          ...(await frameworkProgress(db, request.evaluation!.id, framework)),
          components: elements.filter((e) => e.level === 'component').length,
          constructs: elements.filter((e) => e.level === 'construct').length,
          subconstructs: elements.filter((e) => e.level === 'subconstruct').length,
        };
      }),
    );
    return reply.view('qualitative/codebook/views/frameworks.njk', { title: 'Frameworks', frameworks, canLoad: hasRole(request.role!, 'researcher') });
  });

  app.get<{ Params: FrameworkParams }>('/evaluations/:evaluation/codebook/frameworks/:framework', { config: { access: member('coder') } }, async (request, reply) => {
    const framework = getFramework(request.params.framework);
    if (!framework) throw notFound('Framework');
    return reply.view('qualitative/codebook/views/framework.njk', {
      title: framework.name,
      framework,
      colourNames,
      progress: await frameworkProgress(db, request.evaluation!.id, framework),
      canLoad: hasRole(request.role!, 'researcher'),
    });
  });

  app.post<{ Params: FrameworkParams }>('/evaluations/:evaluation/codebook/frameworks/:framework/load', { config: { access: member('researcher') } }, async (request, reply) => {
    const { created, skipped } = await loadFramework(db, request.user!.id, request.evaluation!.id, request.params.framework);
    return reply.redirect(evaluationPath(request, `/codebook?loaded=${created}&skipped=${skipped}`), 303);
  });
}
