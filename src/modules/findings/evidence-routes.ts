import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../http/app.ts';
import { member } from '../../http/access.ts';
import { submitForm, type FormErrors } from '../../http/forms.ts';
import type { Db } from '../../db/database.ts';
import { listDocuments } from '../documents/service.ts';
import { listContextEvents } from '../evaluations/protocol/context-events.ts';
import { planYears } from '../plans/analysis.ts';
import { pseudonymiser } from '../qualitative/pseudonyms/service.ts';
import { listQuotes } from '../qualitative/quotes/service.ts';
import { segmentsForCode } from '../qualitative/service.ts';
import { listAnalysableSurveys } from '../results/service.ts';
import { evidenceKindLabels, evidenceKinds, type EvidenceKind } from './evidence.ts';
import { findingsBase, formValues, type FindingParams, type FormValues } from './page-helpers.ts';
import { budgetViewLabels, budgetViews, planViewLabels, planViews, surveyChoices, surveyViewLabels, surveyViews } from './result-specs.ts';
import * as service from './service.ts';

type Item = { value: string; text: string; hint?: { text: string }; checked?: boolean };

/** What each view of a survey computes, in words, so the team knows what a report will show. */
const surveyViewHints: Record<(typeof surveyViews)[number], string> = {
  'scale-by-unit': 'The mean score of each scale for each group (for example each programme), with 95% confidence intervals; small groups are hidden in anything released.',
  'wave-change': 'How each scale’s mean changed from one wave of the survey to the next, with the size of the change and whether it is likely to be chance.',
  'item-frequencies': 'How many people gave each answer to each question.',
};
const planViewHints: Record<(typeof planViews)[number], string> = {
  'cross-cutting': 'How many deliverables involve more than one programme or a cross-cutting theme, by plan year and by programme.',
  'theme-matrix': 'How many deliverables with each theme involve each programme.',
  'programmes-by-year': 'Deliverables, workstreams and plans per programme in each plan year.',
};
const budgetViewHints: Record<(typeof budgetViews)[number], string> = {
  concentration: 'Each unit’s share of the budget, the largest share and the Herfindahl–Hirschman index of concentration, by year.',
  change: 'How each unit’s budget and share changed from one year to the next.',
};

const radio = (value: string, text: string, chosen: unknown, hint?: string): Item => ({ value, text, ...(hint ? { hint: { text: hint } } : {}), checked: chosen === value });

/** What the form for one kind of evidence offers to choose from. */
async function choicesFor(db: Db, evaluationId: string, finding: service.Finding, kind: EvidenceKind, values: FormValues) {
  switch (kind) {
    case 'quote': {
      const mine = new Set(finding.constructs.map((c) => c.id));
      const quotes = (await listQuotes(db, evaluationId)).filter((q) => q.mayQuote);
      const ordered = [...quotes.filter((q) => mine.has(q.codeId ?? '')), ...quotes.filter((q) => !mine.has(q.codeId ?? ''))];
      return { items: ordered.map((q) => radio(q.id, `“${q.text}” — ${q.attribution}`, values.quoteId, q.codeName)) };
    }
    case 'coding': {
      const pseudonymise = await pseudonymiser(db, evaluationId);
      const items: Item[] = [];
      for (const construct of finding.constructs) {
        for (const s of await segmentsForCode(db, evaluationId, construct.id)) {
          items.push(radio(s.codingId, pseudonymise(s.text.trim()), values.codingId, `${construct.name} · ${s.valence} · ${s.sourceName}`));
        }
      }
      return { items, noConstructs: finding.constructs.length === 0 };
    }
    case 'survey-result': {
      const surveys = await listAnalysableSurveys(db, evaluationId);
      const surveyId = typeof values.surveyId === 'string' ? values.surveyId : '';
      const survey = surveys.find((s) => s.id === surveyId);
      if (!survey) return { surveys: surveys.map((s) => radio(s.id, s.title, values.surveyId, s.waveName ?? undefined)) };
      const choices = await surveyChoices(db, evaluationId, survey.id);
      return {
        survey: choices,
        views: surveyViews.filter((v) => v !== 'wave-change' || choices.waves > 1).map((v) => radio(v, surveyViewLabels[v], values.view, surveyViewHints[v])),
        groupings: choices.groupings.map((g) => ({ value: g.value, text: g.label, selected: values.by === g.value })),
        scales: [{ value: '', text: 'Every scale' }, ...choices.scales.map((s) => ({ value: s.value, text: s.label, selected: values.scale === s.value }))],
        questions: [{ value: '', text: 'Every item' }, ...choices.items.map((q) => ({ value: q.value, text: q.label, selected: values.question === q.value }))],
      };
    }
    case 'document':
      return { items: (await listDocuments(db, evaluationId)).map((d) => radio(d.id, d.title, values.documentId, [d.kindLabel, d.issuer, d.issuedOn].filter(Boolean).join(' · '))) };
    case 'plan-analysis':
      return {
        views: planViews.map((v) => radio(v, planViewLabels[v], values.view, planViewHints[v])),
        years: [{ value: '', text: 'Every plan year' }, ...(await planYears(db, evaluationId)).map((y) => ({ value: y, text: y, selected: values.planYear === y }))],
      };
    case 'budget-analysis':
      return { views: budgetViews.map((v) => radio(v, budgetViewLabels[v], values.view, budgetViewHints[v])) };
    case 'context-event':
      return { items: (await listContextEvents(db, evaluationId)).map((e) => radio(e.id, e.title, values.contextEventId, `${e.date} · ${e.kindLabel}`)) };
  }
}

/** The forms that link a piece of evidence of each kind to a finding, and unlinking. */
export function registerEvidencePages(app: FastifyInstance, { database }: ModuleDeps): void {
  const db = database.db;
  const researcher = { config: { access: member('researcher') } };

  const renderForm = async (reply: FastifyReply, request: FastifyRequest<{ Params: FindingParams }>, kind: EvidenceKind, values: FormValues, errors?: FormErrors) => {
    const finding = await service.getFinding(db, request.evaluation!.id, request.params.finding);
    const label = evidenceKindLabels[kind];
    return reply.code(errors ? 400 : 200).view('findings/views/evidence-form.njk', {
      title: `Link ${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label.toLowerCase()}`,
      finding,
      kind,
      values,
      errors,
      choices: await choicesFor(db, request.evaluation!.id, finding, kind, values),
      stanceItems: service.stances.map((s) => radio(s, s === 'supports' ? 'Supports the finding' : 'Contradicts the finding', values.stance ?? 'supports')),
      action: `${findingsBase(request)}/${finding.id}/evidence`,
    });
  };

  app.get<{ Params: FindingParams; Querystring: { kind?: string; surveyId?: string } }>('/evaluations/:evaluation/findings/:finding/evidence/new', researcher, (request, reply) => {
    const kind = evidenceKinds.includes(request.query.kind as EvidenceKind) ? (request.query.kind as EvidenceKind) : 'quote';
    return renderForm(reply, request, kind, { surveyId: request.query.surveyId });
  });

  app.post<{ Params: FindingParams }>('/evaluations/:evaluation/findings/:finding/evidence', researcher, async (request, reply) => {
    const values = formValues(request.body);
    const result = await submitForm(service.evidenceInput, values, (data) => service.linkEvidence(db, request.user!.id, request.evaluation!.id, request.params.finding, data));
    if (!result.ok) {
      const kind = evidenceKinds.includes(values.kind as EvidenceKind) ? (values.kind as EvidenceKind) : 'quote';
      return renderForm(reply, request, kind, values, result.errors);
    }
    return reply.redirect(`${findingsBase(request)}/${request.params.finding}#evidence-${result.value.id}`, 303);
  });

  app.post<{ Params: FindingParams & { evidence: string } }>('/evaluations/:evaluation/findings/:finding/evidence/:evidence/delete', researcher, async (request, reply) => {
    await service.unlinkEvidence(db, request.user!.id, request.evaluation!.id, request.params.finding, request.params.evidence);
    return reply.redirect(`${findingsBase(request)}/${request.params.finding}`, 303);
  });
}
