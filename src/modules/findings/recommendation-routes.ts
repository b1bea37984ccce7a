import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import { checkedList, evaluationBase, formValues, type FormValues, type Params } from './page-helpers.ts';
import * as service from './service.ts';

type RecommendationParams = Params & { recommendation: string };

/** Recommendations with the findings they follow from. */
export function registerRecommendationPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };
  const base = (request: FastifyRequest) => `${evaluationBase(request)}/recommendations`;

  app.get<{ Params: Params }>('/evaluations/:evaluation/recommendations', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const [recommendations, findings] = await Promise.all([service.listRecommendations(db, evaluationId), service.listFindings(db, evaluationId)]);
    const byId = new Map(findings.map((f) => [f.id, f]));
    return reply.view('findings/views/recommendations.njk', {
      title: 'Recommendations',
      recommendations: recommendations.map((r) => ({ ...r, findings: r.findingIds.map((id) => byId.get(id)!).filter(Boolean) })),
    });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { recommendationId?: string; values: FormValues; errors?: FormErrors }) => {
    const findings = await service.listFindings(db, request.evaluation!.id);
    const chosen = checkedList(form.values.findingIds);
    return reply.code(form.errors ? 400 : 200).view('findings/views/recommendation-form.njk', {
      title: form.recommendationId ? 'Change the recommendation' : 'Add a recommendation',
      ...form,
      action: form.recommendationId ? `${base(request)}/${form.recommendationId}/edit` : base(request),
      findingItems: findings.map((f) => ({ value: f.id, text: f.statement, checked: chosen.includes(f.id) })),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/recommendations/new', researcher, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/recommendations', researcher, async (request, reply) => {
    const result = await submitForm(service.recommendationInput, request.body, (data) => service.createRecommendation(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}#recommendation-${result.value.id}`, 303);
  });

  app.get<{ Params: RecommendationParams }>('/evaluations/:evaluation/recommendations/:recommendation/edit', researcher, async (request, reply) => {
    const r = await service.getRecommendation(db, request.evaluation!.id, request.params.recommendation);
    return renderForm(reply, request, { recommendationId: r.id, values: { text: r.text, addressedTo: r.addressedTo, findingIds: r.findingIds } });
  });

  app.post<{ Params: RecommendationParams }>('/evaluations/:evaluation/recommendations/:recommendation/edit', researcher, async (request, reply) => {
    const r = await service.getRecommendation(db, request.evaluation!.id, request.params.recommendation);
    const result = await submitForm(service.recommendationInput, request.body, (data) => service.updateRecommendation(db, request.user!.id, request.evaluation!.id, r.id, data));
    if (!result.ok) return renderForm(reply, request, { recommendationId: r.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${base(request)}#recommendation-${r.id}`, 303);
  });

  app.post<{ Params: RecommendationParams }>('/evaluations/:evaluation/recommendations/:recommendation/delete', researcher, async (request, reply) => {
    await service.deleteRecommendation(db, request.user!.id, request.evaluation!.id, request.params.recommendation);
    return reply.redirect(base(request), 303);
  });
}
