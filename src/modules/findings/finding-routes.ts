import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member, type Role } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import { feedbackOnFindings } from '../casework/learning-sets/feedback-summary.ts';
import { listCodes } from '../qualitative/service.ts';
import { audienceFor } from '../results/service.ts';
import { evidenceKindLabels, evidenceKinds, methodLabels } from './evidence.ts';
import { mapMethods, type MapMethod } from './evidence-map.ts';
import {
  checkedList,
  evidenceByMethod,
  evidenceSummary,
  findingsBase,
  formValues,
  strengthTagClass,
  valenceTagClass,
  type FindingParams,
  type FormValues,
  type Params,
} from './page-helpers.ts';
import * as service from './service.ts';
import { surveyFigures } from './survey-figures.ts';

/** The findings list (grouped by construct), a finding's page with its evidence, and the forms that change findings. */
export function registerFindingPages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };
  const labels = { valenceLabels: service.valenceLabels, strengthLabels: service.strengthLabels, valenceTagClass, strengthTagClass };

  app.get<{ Params: Params; Querystring: { construct?: string; method?: string } }>('/evaluations/:evaluation/findings', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    let findings = await service.listFindings(db, evaluationId);
    const construct = request.query.construct ?? '';
    const method = mapMethods.includes(request.query.method as MapMethod) ? (request.query.method as MapMethod) : null;
    if (method === 'learning-sets') {
      const feedback = await feedbackOnFindings(db, evaluationId);
      findings = findings.filter((f) => feedback.has(f.id));
    } else if (method) findings = findings.filter((f) => f.evidence.some((e) => e.method === method));
    if (construct) findings = findings.filter((f) => f.constructs.some((c) => c.id === construct));
    const rows = findings.map((f) => ({ ...f, summary: evidenceSummary(f) }));
    const groups = new Map<string, { id: string; name: string; findings: typeof rows }>();
    for (const row of rows) {
      for (const c of row.constructs.length ? row.constructs : [{ id: '', name: 'No construct chosen' }]) {
        if (construct && c.id !== construct) continue;
        const group = groups.get(c.id) ?? { id: c.id, name: c.name, findings: [] };
        group.findings.push(row);
        groups.set(c.id, group);
      }
    }
    const ordered = [...groups.values()].sort((a, b) => Number(a.id === '') - Number(b.id === ''));
    const filtered = construct || method ? { construct: ordered[0]?.name ?? null, method: method ? methodLabels[method] : null } : null;
    return reply.view('findings/views/findings.njk', { title: 'Findings', groups: ordered, count: rows.length, filtered, ...labels });
  });

  const renderForm = async (reply: FastifyReply, request: FastifyRequest, form: { findingId?: string; values: FormValues; errors?: FormErrors }) => {
    const codes = await listCodes(db, request.evaluation!.id);
    const chosen = checkedList(form.values.constructIds);
    return reply.code(form.errors ? 400 : 200).view('findings/views/finding-form.njk', {
      title: form.findingId ? 'Change the finding' : 'Add a finding',
      ...form,
      action: form.findingId ? `${findingsBase(request)}/${form.findingId}/edit` : findingsBase(request),
      constructItems: codes.map((c) => ({ value: c.id, text: c.name, checked: chosen.includes(c.id) })),
      valenceItems: service.findingValences.map((v) => ({ value: v, text: service.valenceLabels[v], checked: form.values.valence === v })),
      strengthItems: service.strengths.map((s) => ({ value: s, text: service.strengthLabels[s], checked: (form.values.strength ?? 'moderate') === s })),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/findings/new', researcher, (request, reply) => renderForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/findings', researcher, async (request, reply) => {
    const result = await submitForm(service.findingInput, request.body, (data) => service.createFinding(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${findingsBase(request)}/${result.value.id}`, 303);
  });

  app.get<{ Params: FindingParams }>('/evaluations/:evaluation/findings/:finding', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const finding = await service.getFinding(db, evaluationId, request.params.finding);
    const [recommendations, feedback] = await Promise.all([service.listRecommendations(db, evaluationId), feedbackOnFindings(db, evaluationId)]);
    // The figures of each survey result, recomputed now; a survey that cannot be analysed shows none.
    const audience = await audienceFor(db, evaluationId, request.role as Role);
    const figures: Record<string, string[]> = {};
    for (const e of finding.evidence.filter((x) => x.kind === 'survey-result')) figures[e.id] = await surveyFigures(db, evaluationId, e, audience).catch(() => []);
    return reply.view('findings/views/finding.njk', {
      title: finding.statement,
      finding,
      groups: evidenceByMethod(finding),
      summary: evidenceSummary(finding),
      recommendations: recommendations.filter((r) => r.findingIds.includes(finding.id)),
      feedback: feedback.get(finding.id) ?? null,
      figures,
      kinds: evidenceKinds.map((kind) => ({ kind, label: evidenceKindLabels[kind] })),
      ...labels,
    });
  });

  app.get<{ Params: FindingParams }>('/evaluations/:evaluation/findings/:finding/edit', researcher, async (request, reply) => {
    const finding = await service.getFinding(db, request.evaluation!.id, request.params.finding);
    const values = { statement: finding.statement, detail: finding.detail, valence: finding.valence, strength: finding.strength, constructIds: finding.constructs.map((c) => c.id) };
    return renderForm(reply, request, { findingId: finding.id, values });
  });

  app.post<{ Params: FindingParams }>('/evaluations/:evaluation/findings/:finding/edit', researcher, async (request, reply) => {
    const finding = await service.getFinding(db, request.evaluation!.id, request.params.finding);
    const result = await submitForm(service.findingInput, request.body, (data) => service.updateFinding(db, request.user!.id, request.evaluation!.id, finding.id, data));
    if (!result.ok) return renderForm(reply, request, { findingId: finding.id, values: formValues(request.body), errors: result.errors });
    return reply.redirect(`${findingsBase(request)}/${finding.id}`, 303);
  });

  app.post<{ Params: FindingParams }>('/evaluations/:evaluation/findings/:finding/delete', researcher, async (request, reply) => {
    await service.deleteFinding(db, request.user!.id, request.evaluation!.id, request.params.finding);
    return reply.redirect(findingsBase(request), 303);
  });

  app.post<{ Params: FindingParams; Body: { direction?: string } }>('/evaluations/:evaluation/findings/:finding/move', researcher, async (request, reply) => {
    const direction = request.body?.direction === 'up' ? 'up' : 'down';
    await service.moveFinding(db, request.user!.id, request.evaluation!.id, request.params.finding, direction);
    return reply.redirect(`${findingsBase(request)}/${request.params.finding}`, 303);
  });
}
