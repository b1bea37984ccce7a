import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { hasRole, member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { listMembers } from '../../evaluations/service.ts';
import { codeChoices } from '../analysis/service.ts';
import { listSources } from '../service.ts';
import { registerAgreementApi } from './api.ts';
import { cancelRound, closeRound, createRound, decide, decisionInput, finishRound, getRound, listRounds, roundComparison, roundInput } from './service.ts';

type Params = { evaluation: string };
type RoundParams = Params & { round: string };
type Request = FastifyRequest<{ Params: RoundParams }>;

// Everyone on the team who codes may follow a round; the service checks who may reconcile.
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

const statusText = { open: 'Coding blind', comparing: 'Being reconciled', reconciled: 'Reconciled' } as const;

/** A statistic for a page: three decimals, or a dash when it could not be computed. */
const statistic = (value: number | null | undefined) => (typeof value === 'number' ? value.toFixed(3) : '–');

export async function registerAgreementPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}/agreement`;
  const actor = (request: FastifyRequest) => ({ id: request.user!.id, role: request.role! });

  const renderList = async (reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown> = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const mayCreate = hasRole(request.role!, 'researcher');
    const [rounds, sources, members, codes] = await Promise.all([listRounds(db, evaluationId), mayCreate ? listSources(db, evaluationId) : [], listMembers(db, evaluationId), codeChoices(db, evaluationId)]);
    const chosen = new Set([values.sourceIds ?? []].flat().map(String));
    return reply.code(errors ? 400 : 200).view('qualitative/agreement/views/rounds.njk', {
      title: 'Inter-coder agreement',
      rounds,
      statusText,
      mayCreate,
      sources: sources.map((s) => ({ value: s.id, text: s.name, checked: chosen.has(s.id) })),
      coders: members.filter((m) => hasRole(m.role, 'coder')),
      codes,
      values,
      errors,
    });
  };

  app.get<{ Params: Params }>('/evaluations/:evaluation/agreement', { config: coder }, (request, reply) => renderList(reply, request));

  app.post<{ Params: Params }>('/evaluations/:evaluation/agreement', { config: researcher }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await submitForm(roundInput, body, (data) => createRound(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderList(reply, request, body, result.errors);
    return reply.redirect(`${base(request)}/${result.value.id}`, 303);
  });

  app.get<{ Params: RoundParams }>('/evaluations/:evaluation/agreement/:round', { config: coder }, async (request: Request, reply) => {
    const round = await getRound(db, request.evaluation!.id, request.params.round);
    const compared = round.status === 'open' ? null : await roundComparison(db, request.evaluation!.id, round.id);
    return reply.view('qualitative/agreement/views/round.njk', {
      title: round.name,
      round,
      statusText,
      compared,
      statistic,
      mayManage: hasRole(request.role!, 'researcher'),
      isCoder: [round.coderA.id, round.coderB.id].includes(request.user!.id),
      codeName: (id: string) => compared?.codes.get(id)?.name ?? '',
    });
  });

  for (const [action, run] of [
    ['close', (request: Request) => closeRound(db, request.user!.id, request.evaluation!.id, request.params.round, clock())],
    ['cancel', (request: Request) => cancelRound(db, request.user!.id, request.evaluation!.id, request.params.round)],
  ] as const) {
    app.post<{ Params: RoundParams }>(`/evaluations/:evaluation/agreement/:round/${action}`, { config: researcher }, async (request: Request, reply) => {
      await run(request);
      return reply.redirect(action === 'close' ? `${base(request)}/${request.params.round}` : base(request), 303);
    });
  }

  const renderDisagreements = async (request: Request, reply: FastifyReply, errors?: FormErrors) => {
    const compared = await roundComparison(db, request.evaluation!.id, request.params.round);
    const { round } = compared;
    const mayReconcile = round.status === 'comparing' && ([round.coderA.id, round.coderB.id].includes(request.user!.id) || hasRole(request.role!, 'researcher'));
    return reply.code(errors ? 400 : 200).view('qualitative/agreement/views/disagreements.njk', {
      title: `Disagreements: ${round.name}`,
      compared,
      round,
      mayReconcile,
      errors,
      codeName: (id: string) => compared.codes.get(id)?.name ?? '',
    });
  };

  app.get<{ Params: RoundParams }>('/evaluations/:evaluation/agreement/:round/disagreements', { config: coder }, (request: Request, reply) => renderDisagreements(request, reply));

  app.post<{ Params: RoundParams }>('/evaluations/:evaluation/agreement/:round/decisions', { config: coder }, async (request: Request, reply) => {
    await getRound(db, request.evaluation!.id, request.params.round);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await submitForm(decisionInput, body, (data) => decide(db, actor(request), request.evaluation!.id, request.params.round, data));
    const row = `#unit-${String(body.sourceId)}-${String(body.unitStart)}`;
    // The summary links to the paragraph's row: its radios have ids of their own.
    if (!result.ok) return renderDisagreements(request, reply, { ...result.errors, list: result.errors.list.map((e) => ({ ...e, href: row })) });
    return reply.redirect(`${base(request)}/${request.params.round}/disagreements${row}`, 303);
  });

  app.post<{ Params: RoundParams }>('/evaluations/:evaluation/agreement/:round/finish', { config: coder }, async (request: Request, reply) => {
    await getRound(db, request.evaluation!.id, request.params.round);
    const result = await submitForm(decisionInput.pick({}), {}, () => finishRound(db, actor(request), request.evaluation!.id, request.params.round, clock()));
    if (!result.ok) return renderDisagreements(request, reply, { ...result.errors, list: result.errors.list.map((e) => ({ ...e, href: '#finish' })) });
    return reply.redirect(`${base(request)}/${request.params.round}`, 303);
  });
}

/** Agreement pages and API, registered together from the modules list. */
export async function registerQualitativeAgreement(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerAgreementPages(app, deps);
  await registerAgreementApi(app, deps);
}
