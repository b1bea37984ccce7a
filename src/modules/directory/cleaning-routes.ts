import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../http/app.ts';
import { hasRole, member } from '../../http/access.ts';
import { dateParts, joinDateFields, submitForm, type FormErrors } from '../../http/forms.ts';
import { pagination } from '../organisation/pagination.ts';
import { findingKindLabels, findingKinds } from './checks.ts';
import {
  checkDirectory,
  checkSettingsInput,
  currentSettings,
  decideFinding,
  decisionInput,
  findingsQueue,
  findingStatuses,
  getFinding,
  statusLabels,
  type FindingDetail,
} from './cleaning-service.ts';

/**
 * The cleaning pages: the review queue with its counts, the form that runs the checks, and one
 * finding with the decision form. Coders may look; researchers and leads decide.
 */

type Params = { evaluation: string };
type FindingParams = Params & { finding: string };

// The filters are links and a small form: anything unusable is ignored rather than refused.
const listQuery = z.object({
  kind: z.enum(findingKinds).optional().catch(undefined),
  status: z.enum(findingStatuses).catch('open'),
  page: z.coerce.number().int().min(1).catch(1),
  decided: z.string().uuid().optional().catch(undefined),
});

const decisionLabels = { merge: 'Merged', left: 'Marked as left', keep: 'Kept' };

export function registerCleaningPages(app: FastifyInstance, { database, clock }: ModuleDeps): void {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/directory/cleaning`;
  const mayDecide = (request: FastifyRequest) => hasRole(request.role!, 'researcher');

  const renderQueue = async (request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, unknown>; errors?: FormErrors } = {}) => {
    const query = listQuery.parse(request.query);
    const queue = await findingsQueue(db, request.evaluation!.id, { kind: query.kind, status: query.status, page: query.page });
    const href = (changes: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      const merged = { kind: query.kind, status: query.status === 'open' ? undefined : query.status, ...changes };
      for (const [key, value] of Object.entries(merged)) if (value !== undefined) params.set(key, String(value));
      const text = params.toString();
      return text ? `${base(request)}?${text}` : base(request);
    };
    const settings = await currentSettings(db, request.evaluation!.id, clock);
    const decided = query.decided ? await getFinding(db, request.evaluation!.id, query.decided).catch(() => undefined) : undefined;
    return reply.code(form.errors ? 400 : 200).view('directory/views/cleaning.njk', {
      title: 'Directory cleaning',
      queue,
      decided,
      statusLabels,
      kindLabels: findingKindLabels,
      mayDecide: mayDecide(request),
      kinds: findingKinds.map((kind) => ({
        kind,
        label: findingKindLabels[kind],
        counts: findingStatuses.map((status) => ({ status, n: queue.counts[kind][status], href: href({ kind, status: status === 'open' ? undefined : status, page: undefined }) })),
      })),
      statuses: findingStatuses.map((status) => ({ status, label: statusLabels[status] })),
      statusItems: findingStatuses.map((status) => ({ value: status, text: statusLabels[status], selected: status === query.status })),
      kindItems: [{ value: '', text: 'All kinds', selected: !query.kind }, ...findingKinds.map((kind) => ({ value: kind, text: findingKindLabels[kind], selected: kind === query.kind }))],
      allHref: href({ kind: undefined, page: undefined }),
      values: form.values ?? { ...dateFieldValues('asOf', settings.asOf), staleMonths: String(settings.staleMonths) },
      errors: form.errors,
      pagination: pagination(queue.page, queue.pages, (page) => href({ page })),
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/directory/cleaning', { config: { access: member('coder') } }, (request, reply) => renderQueue(request, reply));

  app.post<{ Params: Params }>('/evaluations/:evaluation/directory/cleaning/checks', { config: { access: member('researcher') } }, async (request, reply) => {
    const body = joinDateFields({ ...(request.body as Record<string, unknown>) }, ['asOf']);
    const result = await submitForm(checkSettingsInput, body, (settings) => checkDirectory(db, request.user!.id, request.evaluation!.id, settings));
    if (!result.ok) return renderQueue(request, reply, { values: { ...(request.body as Record<string, unknown>) }, errors: result.errors });
    return reply.redirect(base(request), 303);
  });

  const renderFinding = (request: FastifyRequest, reply: FastifyReply, finding: FindingDetail, form: { values?: Record<string, unknown>; errors?: FormErrors } = {}) =>
    reply.code(form.errors ? 400 : 200).view('directory/views/finding.njk', {
      title: `${findingKindLabels[finding.kind]}: ${finding.person.name}`,
      finding,
      kindLabel: findingKindLabels[finding.kind],
      statusLabel: statusLabels[finding.status],
      decisionLabels,
      decisionItems: (chosen: unknown) => [
        ...(finding.other ? [{ value: 'merge', text: 'Merge: they are one person', hint: { text: 'The other entry is left out of sampling from now on; blanks in the kept entry are filled from it' }, checked: chosen === 'merge' }] : []),
        { value: 'left', text: 'Mark as left', hint: { text: 'The person no longer works there' }, checked: chosen === 'left' },
        { value: 'keep', text: 'Keep as it is', hint: { text: 'Not raised again unless the details change' }, checked: chosen === 'keep' },
      ],
      entries: [finding.person, ...(finding.other ? [finding.other] : [])],
      mayDecide: mayDecide(request) && finding.status === 'open',
      values: form.values ?? {},
      errors: form.errors,
      queueHref: `${base(request)}?kind=${finding.kind}`,
    });

  app.get<{ Params: FindingParams }>('/evaluations/:evaluation/directory/cleaning/:finding', { config: { access: member('coder') } }, async (request, reply) =>
    renderFinding(request, reply, await getFinding(db, request.evaluation!.id, request.params.finding)),
  );

  app.post<{ Params: FindingParams }>('/evaluations/:evaluation/directory/cleaning/:finding', { config: { access: member('researcher') } }, async (request, reply) => {
    const finding = await getFinding(db, request.evaluation!.id, request.params.finding);
    const body = joinDateFields({ ...(request.body as Record<string, unknown>) }, ['leftOn']);
    const result = await submitForm(decisionInput, body, (data) => decideFinding(db, request.user!.id, request.evaluation!.id, finding.id, data));
    if (!result.ok) return renderFinding(request, reply, finding, { values: { ...(request.body as Record<string, unknown>) }, errors: result.errors });
    return reply.redirect(`${base(request)}?kind=${finding.kind}&decided=${finding.id}`, 303);
  });
}

function dateFieldValues(name: string, iso: string): Record<string, string> {
  const parts = dateParts(iso);
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year };
}
