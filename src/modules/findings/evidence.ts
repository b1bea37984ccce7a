import type { Db } from '../../db/database.ts';
import { attributionFor, ruleKey, type AttributionRule } from '../qualitative/quotes/attribution.ts';
import { attributionRules, listQuotes, type Quote } from '../qualitative/quotes/service.ts';
import { pseudonymiser } from '../qualitative/pseudonyms/service.ts';
import type { EvidenceRow } from './store.ts';

/**
 * A piece of evidence as the pages, reports and the evidence map show it: what it is, which
 * method of the evaluation it comes from, and a short excerpt that may leave the team — a quote's
 * published text with its generic attribution, or a coded segment pseudonymised the way the quote
 * bank does it; never a transcript's raw words.
 */

export const evidenceKinds = ['coding', 'quote', 'survey-result', 'document', 'plan-analysis', 'budget-analysis', 'context-event'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
export const evidenceKindLabels: Record<EvidenceKind, string> = {
  coding: 'Coded segment',
  quote: 'Quote',
  'survey-result': 'Survey result',
  document: 'Document',
  'plan-analysis': 'Analysis of plans',
  'budget-analysis': 'Budget analysis',
  'context-event': 'Context event',
};

export const stances = ['supports', 'contradicts'] as const;
export type Stance = (typeof stances)[number];

export const evidenceMethods = ['interviews', 'documents', 'survey', 'context'] as const;
export type EvidenceMethod = (typeof evidenceMethods)[number];
export const methodLabels: Record<EvidenceMethod | 'learning-sets', string> = {
  interviews: 'Interviews',
  documents: 'Documents',
  survey: 'Staff survey',
  context: 'Outer context',
  'learning-sets': 'Learning sets',
};

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  stance: Stance;
  note: string;
  method: EvidenceMethod;
  title: string;
  excerpt: string | null;
  attribution: string | null;
  /** The page of the thing linked, for the team. */
  link: string | null;
  surveyId: string | null;
  documentId: string | null;
  contextEventId: string | null;
  codingId: string | null;
  quoteId: string | null;
  resultSpec: Record<string, unknown> | null;
}

export function methodOf(kind: EvidenceKind, sourceKind: string | null): EvidenceMethod {
  if (kind === 'coding' || kind === 'quote') return sourceKind === 'transcript' ? 'interviews' : 'documents';
  if (kind === 'survey-result') return 'survey';
  if (kind === 'context-event') return 'context';
  return 'documents';
}

/** What turning evidence rows into evidence needs, read once per evaluation. */
export interface EvidenceContext {
  quotes: Map<string, Quote>;
  rules: AttributionRule[];
  pseudonymise: (text: string) => string;
}

export async function evidenceContext(db: Db, evaluationId: string, rows: readonly EvidenceRow[]): Promise<EvidenceContext> {
  const hasQuotes = rows.some((r) => r.kind === 'quote');
  const hasCodings = rows.some((r) => r.kind === 'coding');
  const quotes = hasQuotes ? await listQuotes(db, evaluationId) : [];
  const rules = hasCodings ? (await attributionRules(db, evaluationId)).filter((r) => r.attribution).map((r) => ({ roleCategory: ruleKey(r.roleCategory), attribution: r.attribution })) : [];
  const pseudonymise = hasCodings ? await pseudonymiser(db, evaluationId) : (text: string) => text;
  return { quotes: new Map(quotes.map((q) => [q.id, q])), rules, pseudonymise };
}

const label = (spec: Record<string, unknown> | null) => (typeof spec?.label === 'string' ? spec.label : '');

function surveyLink(base: string, surveyId: string, spec: Record<string, unknown> | null): string {
  const page = `${base}/analysis/surveys/${surveyId}`;
  if (spec?.view === 'wave-change') return `${page}/waves`;
  if (spec?.view === 'scale-by-unit' && typeof spec.by === 'string') return `${page}/compare?by=${encodeURIComponent(spec.by)}`;
  return page;
}

export function toEvidence(evaluationId: string, row: EvidenceRow, context: EvidenceContext): Evidence {
  const kind = row.kind as EvidenceKind;
  const base = `/evaluations/${evaluationId}`;
  const shown = { title: evidenceKindLabels[kind], excerpt: null as string | null, attribution: null as string | null, link: null as string | null };
  switch (kind) {
    case 'coding': {
      const speaker = row.has_participant ? { roleCategory: row.role_category ?? '', external: row.external ?? false } : null;
      Object.assign(shown, {
        title: `Coded segment: ${row.code_name ?? 'a deleted code'}`,
        excerpt: context.pseudonymise((row.segment_text ?? '').trim()),
        attribution: row.source_kind === 'transcript' ? attributionFor(speaker, context.rules) : attributionFor(null, context.rules),
        link: `${base}/sources/${row.source_id}/code`,
      });
      break;
    }
    case 'quote': {
      const quote = context.quotes.get(row.quote_id ?? '');
      Object.assign(shown, {
        title: `Quote: ${row.code_name ?? 'a deleted code'}`,
        // A quote whose speaker withdrew consent stays linked for the team but shows no words.
        excerpt: quote?.mayQuote ? quote.text : null,
        attribution: quote?.attribution ?? null,
        link: `${base}/quotes/${row.quote_id}/edit`,
      });
      if (quote && !quote.mayQuote) shown.title = `Quote withdrawn (no consent to quotation): ${row.code_name ?? 'a deleted code'}`;
      break;
    }
    case 'survey-result':
      Object.assign(shown, { title: `${row.survey_title ?? 'Survey'}: ${label(row.result_spec) || 'results'}`, link: surveyLink(base, row.survey_id!, row.result_spec) });
      break;
    case 'document':
      Object.assign(shown, { title: row.document_title ?? 'Document', excerpt: row.document_issuer ? `Issued by ${row.document_issuer}` : null, link: `${base}/documents/${row.document_id}` });
      break;
    case 'plan-analysis':
      Object.assign(shown, { title: `Plans: ${label(row.result_spec) || 'analysis'}`, link: `${base}/plans/analysis` });
      break;
    case 'budget-analysis':
      Object.assign(shown, { title: `Budget: ${label(row.result_spec) || 'analysis'}`, link: `${base}/budget/analysis` });
      break;
    case 'context-event':
      Object.assign(shown, {
        title: `${row.event_title ?? 'Context event'}${row.event_date ? ` (${row.event_date.slice(0, 10)})` : ''}`,
        excerpt: row.event_description || null,
        link: `${base}/context`,
      });
      break;
  }
  return {
    id: row.id,
    kind,
    stance: row.stance === 'contradicts' ? 'contradicts' : 'supports',
    note: row.note,
    method: methodOf(kind, row.source_kind),
    ...shown,
    surveyId: row.survey_id,
    documentId: row.document_id,
    contextEventId: row.context_event_id,
    codingId: row.coding_id,
    quoteId: row.quote_id,
    resultSpec: row.result_spec,
  };
}
