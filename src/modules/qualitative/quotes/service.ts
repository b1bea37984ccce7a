import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listRoleCategories } from '../analysis/store.ts';
import { prereleaseCheck, pseudonymise, type PrereleaseFinding } from '../pseudonyms/service.ts';
import { codePointLength, sliceCodePoints } from '../text-positions.ts';
import { attributionFor, everyRole, ruleKey, type AttributionRule } from './attribution.ts';
import * as store from './store.ts';

/**
 * The quote bank: quotes taken from coded segments (the whole segment or a part of it),
 * pseudonymised as they are taken and again whenever they are edited, attributed by the
 * evaluation's rule for the speaker's role category and never by who the speaker is. A quote
 * cannot be taken from an interview without consent to quotation, and a quote whose consent was
 * withdrawn later is kept for the team but never handed to a report.
 */

const uuid = z.string().uuid();
const optionalPosition = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(0).optional());

export const quoteInput = z.object({
  codingId: uuid,
  /** A range inside the coding, in code points from the start of the source; the whole coding when absent. */
  start: optionalPosition,
  end: optionalPosition,
  note: z.string().trim().max(2000, 'Notes must be 2,000 characters or fewer').default(''),
});

export const quoteEdit = z.object({
  text: z.string().trim().min(1, 'Enter the text of the quote').max(10_000, 'Quotes must be 10,000 characters or fewer'),
  note: z.string().trim().max(2000, 'Notes must be 2,000 characters or fewer').default(''),
});

export const rulesInput = z.object({
  rules: z.array(
    z.object({
      roleCategory: z.string().trim().min(1).max(200),
      attribution: z.string().trim().max(200, 'Attributions must be 200 characters or fewer'),
    }),
  ),
});

export interface Quote {
  id: string;
  codingId: string | null;
  codeId: string | null;
  codeName: string;
  sourceId: string;
  sourceName: string;
  start: number;
  end: number;
  valence: string;
  /** The pseudonymised text as first taken. */
  originalText: string;
  text: string;
  edited: boolean;
  note: string;
  attribution: string;
  /** False when the interview's consent to quotation was withdrawn after the quote was taken. */
  mayQuote: boolean;
}

function toQuote(row: store.QuoteRow, rules: AttributionRule[]): Quote {
  const speaker = row.has_participant ? { roleCategory: row.role_category ?? '', external: row.external ?? false } : null;
  return {
    id: row.id,
    codingId: row.coding_id,
    codeId: row.code_id,
    codeName: row.code_name ?? 'A deleted code',
    sourceId: row.source_id,
    sourceName: row.source_name,
    start: row.start_offset,
    end: row.end_offset,
    valence: row.valence,
    originalText: row.original_text,
    text: row.text,
    edited: row.edited_at !== null,
    note: row.note,
    attribution: attributionFor(speaker, rules),
    mayQuote: row.may_quote,
  };
}

async function rules(db: Db, evaluationId: string): Promise<AttributionRule[]> {
  return (await store.listRules(db, evaluationId)).map((r) => ({ roleCategory: r.role_category, attribution: r.attribution }));
}

export interface QuotableSegment {
  codingId: string;
  sourceId: string;
  sourceName: string;
  codeId: string;
  codeName: string;
  participantId: string | null;
  start: number;
  end: number;
  valence: string;
  text: string;
}

/**
 * The coding a quote would be taken from, checked: it exists, the viewer may see it (not another
 * coder's while the viewer codes its source blind), and its speaker consented to quotation.
 */
export async function quotableCoding(db: Db, evaluationId: string, codingId: string, viewerId: string | null = null): Promise<QuotableSegment> {
  const coding = uuid.safeParse(codingId).success ? await store.findCodingForQuote(db, evaluationId, codingId, viewerId) : undefined;
  if (!coding) throw notFound('Coding');
  if (coding.interview_id && (!coding.consent_quote || coding.interview_status === 'withdrawn')) {
    throw badRequest(`The participant in ${coding.source_name} did not consent to being quoted, so no quote can be taken from it.`, [
      { field: 'codingId', message: `The participant in ${coding.source_name} did not consent to being quoted` },
    ]);
  }
  return {
    codingId: coding.id,
    sourceId: coding.source_id,
    sourceName: coding.source_name,
    codeId: coding.code_id,
    codeName: coding.code_name,
    participantId: coding.participant_id,
    start: coding.start_offset,
    end: coding.end_offset,
    valence: coding.valence,
    text: coding.text,
  };
}

export async function addQuote(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof quoteInput>): Promise<Quote> {
  const data = quoteInput.parse(input);
  const coding = await quotableCoding(db, evaluationId, data.codingId, actorId);
  const start = data.start ?? coding.start;
  const end = data.end ?? coding.end;
  if (start < coding.start || end > coding.end || end <= start) {
    throw badRequest(`The part quoted must lie within the segment (characters ${coding.start}–${coding.end})`, [{ field: 'start', message: 'Choose a part of the segment' }]);
  }
  const cut = sliceCodePoints(coding.text, start - coding.start, end - coding.start).trim();
  if (!cut) throw badRequest('The part quoted holds no words', [{ field: 'start', message: 'Choose a part of the segment with words in it' }]);
  const text = await pseudonymise(db, evaluationId, cut);
  const { id } = await store.insertQuote(db, {
    evaluation_id: evaluationId,
    coding_id: coding.codingId,
    source_id: coding.sourceId,
    code_id: coding.codeId,
    participant_id: coding.participantId,
    start_offset: start,
    end_offset: end,
    valence: coding.valence,
    original_text: text,
    text,
    note: data.note,
    created_by: actorId,
  });
  await recordAudit(db, { evaluationId, userId: actorId, action: 'create', entity: 'quote', entityId: id, detail: { coding: coding.codingId, characters: codePointLength(text) } });
  return getQuote(db, evaluationId, id);
}

export async function getQuote(db: Db, evaluationId: string, quoteId: string): Promise<Quote> {
  const [row] = uuid.safeParse(quoteId).success ? await store.selectQuotes(db, evaluationId, { quoteId }) : [];
  if (!row) throw notFound('Quote');
  return toQuote(row, await rules(db, evaluationId));
}

export async function listQuotes(db: Db, evaluationId: string, codeId?: string): Promise<Quote[]> {
  const rows = await store.selectQuotes(db, evaluationId, codeId ? { codeIds: [codeId] } : {});
  const current = await rules(db, evaluationId);
  return rows.map((r) => toQuote(r, current));
}

/** Changes a quote's text (pseudonymised again) and note; the text as first taken is kept. */
export async function editQuote(db: Db, actorId: string | null, evaluationId: string, quoteId: string, input: z.input<typeof quoteEdit>): Promise<Quote> {
  const data = quoteEdit.parse(input);
  await getQuote(db, evaluationId, quoteId);
  await store.updateQuote(db, evaluationId, quoteId, { text: await pseudonymise(db, evaluationId, data.text), note: data.note, edited_by: actorId });
  await recordAudit(db, { evaluationId, userId: actorId, action: 'update', entity: 'quote', entityId: quoteId, detail: {} });
  return getQuote(db, evaluationId, quoteId);
}

export async function removeQuote(db: Db, actorId: string | null, evaluationId: string, quoteId: string): Promise<void> {
  await getQuote(db, evaluationId, quoteId);
  await store.deleteQuote(db, evaluationId, quoteId);
  await recordAudit(db, { evaluationId, userId: actorId, action: 'delete', entity: 'quote', entityId: quoteId, detail: {} });
}

export interface ReportQuote {
  id: string;
  codeId: string;
  codeName: string;
  text: string;
  attribution: string;
  valence: string;
}

/**
 * The quotes of some codes, ready for a report: pseudonymised text and attribution only (no
 * source, participant or position), and none whose speaker has withdrawn consent to quotation.
 */
export async function quotesForCodes(db: Db, evaluationId: string, codeIds: string[]): Promise<ReportQuote[]> {
  const ids = codeIds.filter((id) => uuid.safeParse(id).success);
  const rows = await store.selectQuotes(db, evaluationId, { codeIds: ids });
  const current = await rules(db, evaluationId);
  return rows
    .filter((r) => r.may_quote && r.code_id)
    .map((r) => toQuote(r, current))
    .map((q) => ({ id: q.id, codeId: q.codeId!, codeName: q.codeName, text: q.text, attribution: q.attribution, valence: q.valence }));
}

export interface QuoteFindings {
  quote: Quote;
  /** Names and terms still in the quote's text or its attribution. */
  findings: (PrereleaseFinding & { in: 'text' | 'attribution' })[];
}

/** Every quote that still contains a staff directory name or a listed term, in its text or attribution. */
export async function quotePrereleaseCheck(db: Db, evaluationId: string): Promise<{ checked: number; problems: QuoteFindings[] }> {
  const quotes = await listQuotes(db, evaluationId);
  const results = await prereleaseCheck(db, evaluationId, quotes.flatMap((q) => [{ id: `${q.id}|text`, text: q.text }, { id: `${q.id}|attribution`, text: q.attribution }]));
  const found = new Map<string, QuoteFindings['findings']>();
  for (const result of results) {
    if (result.clear) continue;
    const [id = '', where] = result.id.split('|');
    found.set(id, [...(found.get(id) ?? []), ...result.findings.map((f) => ({ ...f, in: where as 'text' | 'attribution' }))]);
  }
  return { checked: quotes.length, problems: quotes.filter((q) => found.has(q.id)).map((quote) => ({ quote, findings: found.get(quote.id)! })) };
}

export interface RuleRow {
  /** A role category as the team writes it, or "*" for every other role. */
  roleCategory: string;
  label: string;
  attribution: string;
}

/** A rule row for every role category in use or listed, and one for every other role. */
export async function attributionRules(db: Db, evaluationId: string): Promise<RuleRow[]> {
  const [roles, current] = await Promise.all([listRoleCategories(db, evaluationId), rules(db, evaluationId)]);
  const byKey = new Map(current.map((r) => [r.roleCategory, r.attribution]));
  const known = new Set(roles.map(ruleKey));
  // Rules kept for role categories no longer in use stay visible, so they can be cleared.
  const extra = current.filter((r) => r.roleCategory !== everyRole && !known.has(r.roleCategory)).map((r) => r.roleCategory);
  return [
    { roleCategory: everyRole, label: 'Every role without a rule of its own', attribution: byKey.get(everyRole) ?? '' },
    ...[...roles, ...extra].map((role) => ({ roleCategory: role, label: role, attribution: byKey.get(ruleKey(role)) ?? '' })),
  ];
}

/** Replaces the evaluation's attribution rules; a blank attribution removes that role's rule. */
export async function saveAttributionRules(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof rulesInput>): Promise<RuleRow[]> {
  const data = rulesInput.parse(input);
  const byKey = new Map<string, string>();
  for (const rule of data.rules) if (rule.attribution) byKey.set(ruleKey(rule.roleCategory), rule.attribution);
  await inTransaction(db, (trx) => store.replaceRules(trx, evaluationId, [...byKey].map(([role_category, attribution]) => ({ role_category, attribution }))));
  await recordAudit(db, { evaluationId, userId: actorId, action: 'update', entity: 'attribution rules', entityId: null, detail: { rules: byKey.size } });
  return attributionRules(db, evaluationId);
}

/**
 * The part of a segment from the first place `from` occurs to the end of the first `to` after
 * it (either may be blank: the segment's start or end), as code points in the source; for the
 * form that quotes part of a segment by its first and last words.
 */
export function partByWords(segment: { start: number; text: string }, from: string, to: string): { start: number; end: number } {
  // Searched ignoring case in the text itself, so positions are the text's own.
  const find = (words: string, after: number) => {
    const pattern = new RegExp(words.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'iu');
    const match = pattern.exec(segment.text.slice(after));
    return match ? { at: after + match.index, length: match[0].length } : null;
  };
  const first = from.trim() ? find(from, 0) : { at: 0, length: 0 };
  if (!first) throw badRequest(`“${from.trim()}” is not in the segment`, [{ field: 'from', message: `“${from.trim()}” is not in the segment` }]);
  let last = segment.text.length;
  if (to.trim()) {
    const found = find(to, first.at);
    if (!found) throw badRequest(`“${to.trim()}” is not in the segment after where the quote starts`, [{ field: 'to', message: `“${to.trim()}” is not in the segment after where the quote starts` }]);
    last = found.at + found.length;
  }
  return { start: segment.start + codePointLength(segment.text.slice(0, first.at)), end: segment.start + codePointLength(segment.text.slice(0, last)) };
}
