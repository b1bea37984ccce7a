import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { hasRole } from '../../../http/access.ts';
import { badRequest, conflict, forbidden, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { blindRoundFor } from '../agreement/blind.ts';
import { addCoding, createCode, getSource, listCodes, listSources, valences, type Source, type Valence } from '../service.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { codePointLength, toCodePoints } from '../text-positions.ts';
import { codingsIn, paragraphHtml } from './highlight.ts';
import type { Actor } from './memos.ts';
import { paragraphsOf, trimRange, type Paragraph } from './paragraphs.ts';
import * as store from './store.ts';

/**
 * Coding a source: applying codes to a selection or a whole paragraph, and changing, removing or
 * checking codings afterwards. Codings are stored in code points; the browser counts UTF-16
 * units, so its offsets arrive with the revision of the text it saw and are converted here.
 */

const uuid = z.string().uuid();
/** A form field that may arrive once, several times or not at all, as a list without blanks. */
const list = (v: unknown) => [v ?? []].flat().filter((x) => x !== '');

export const applyInput = z
  .object({
    codeIds: z.preprocess(
      list,
      z.array(z.string()).refine((ids) => ids.every((id) => uuid.safeParse(id).success), 'Choose codes from the list').transform((ids) => [...new Set(ids)]),
    ),
    newCodeName: z.string().trim().max(200, 'Code names must be 200 characters or fewer').default(''),
    valence: z.enum(valences, { error: 'Choose a valence' }).default('neutral'),
    memo: z.string().trim().max(5000, 'The memo must be 5,000 characters or fewer').default(''),
  })
  .refine((d) => d.codeIds.length > 0 || d.newCodeName !== '', { message: 'Choose at least one code, or name a new one', path: ['codeIds'] });

export const codingChange = z.object({
  valence: z.enum(valences, { error: 'Choose a valence' }).optional(),
  memo: z.string().trim().max(5000, 'The memo must be 5,000 characters or fewer').optional(),
});

export interface CodingView {
  id: string;
  number: number;
  codeId: string;
  codeName: string;
  codeColour: string;
  start: number;
  end: number;
  text: string;
  valence: Valence;
  memo: string;
  coderId: string | null;
  coderName: string;
  needsReview: boolean;
  reviewNote: string;
}

type Row = Awaited<ReturnType<typeof store.listCodingsWithText>>[number];

function toView(r: Row, number: number): CodingView {
  return {
    id: r.id,
    number,
    codeId: r.code_id,
    codeName: r.code_name,
    codeColour: r.code_colour,
    start: r.start_offset,
    end: r.end_offset,
    text: r.text,
    valence: r.valence as Valence,
    memo: r.memo,
    coderId: r.coder_id,
    coderName: r.coder_name ?? '',
    needsReview: r.needs_review,
    reviewNote: r.review_note,
  };
}

/** Whether this person may change, remove or check a coding: their own, or anyone's for researchers and leads. */
export function mayChangeCoding(coding: Pick<CodingView, 'coderId'>, actor: Actor): boolean {
  return coding.coderId === actor.id || hasRole(actor.role, 'researcher');
}

export async function listSourceCodings(db: Db, evaluationId: string, sourceId: string, onlyCoderId?: string): Promise<CodingView[]> {
  return (await store.listCodingsWithText(db, evaluationId, sourceId, onlyCoderId)).map((r, i) => toView(r, i + 1));
}

/** Everything the coding page shows: the paragraphs with their codings marked, and the codings. */
export async function codingPage(db: Db, evaluationId: string, sourceId: string, onlyCoderId?: string) {
  const source = await getSource(db, evaluationId, sourceId);
  const codings = await listSourceCodings(db, evaluationId, source.id, onlyCoderId);
  const paragraphs = paragraphsOf(source).map((p) => ({ ...p, html: paragraphHtml(p, codings), codings: codingsIn(p, codings) }));
  const firstParagraph = (c: CodingView) => paragraphs.find((p) => c.start < p.end && c.end > p.start)?.index ?? null;
  return { source, paragraphs, codings: codings.map((c) => ({ ...c, paragraph: firstParagraph(c) })) };
}

/** One paragraph of a source; 404 when there is no such paragraph. */
export function paragraphOf(source: Source, index: number): Paragraph {
  const paragraph = paragraphsOf(source).find((p) => p.index === index);
  if (!paragraph) throw notFound('Paragraph');
  return paragraph;
}

function checkRevision(source: Pick<Source, 'revision'>, revision: number | undefined): void {
  if (revision !== undefined && revision !== source.revision) {
    throw conflict('The text has changed since this page was opened. Reload the page and select the text again.');
  }
}

/** A browser selection (UTF-16 offsets into the whole text) as code points, white space at its ends left out. */
export function selectionRange(source: Source, selection: { start16: number; end16: number; revision?: number }): { start: number; end: number } {
  checkRevision(source, selection.revision);
  const { start16, end16 } = selection;
  if (!Number.isInteger(start16) || !Number.isInteger(end16) || start16 < 0 || end16 > source.content.length || end16 <= start16) {
    throw badRequest(`The selection ${start16}–${end16} is not within the text (0–${source.content.length} UTF-16 units)`);
  }
  const trimmed = trimRange(source.content, start16, end16);
  if (!trimmed) throw badRequest('The selection holds only spaces or line breaks: select some words');
  return { start: toCodePoints(source.content, trimmed[0]), end: toCodePoints(source.content, trimmed[1]) };
}

/** A whole paragraph's range, for the form that works without JavaScript. */
export function paragraphRange(source: Source, index: number, revision?: number): { start: number; end: number } {
  checkRevision(source, revision);
  const paragraph = paragraphOf(source, index);
  return { start: paragraph.start, end: paragraph.end };
}

/**
 * Applies one or more codes (and a new emergent code, when named) to a range of a source, all or
 * none. Applying the same code to the same range twice, as a double-clicked button would, stores
 * it once.
 */
export async function applyCodes(db: Db, actorId: string, evaluationId: string, sourceId: string, range: { start: number; end: number }, input: z.input<typeof applyInput>): Promise<CodingView[]> {
  const data = applyInput.parse(input);
  const ids = await inTransaction(db, async (trx) => {
    const source = uuid.safeParse(sourceId).success ? await store.lockSource(trx, evaluationId, sourceId) : undefined;
    if (!source) throw notFound('Source');
    const length = codePointLength(source.content);
    if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > length || range.end <= range.start) {
      throw badRequest(`The range ${range.start}–${range.end} is not within the text (0–${length} characters)`);
    }
    const known = new Set((await listCodes(trx, evaluationId)).map((c) => c.id));
    const strangers = data.codeIds.filter((id) => !known.has(id));
    if (strangers.length) throw badRequest('Some of the chosen codes are not in this evaluation’s codebook', [{ field: 'codeIds', message: 'Choose codes from this evaluation’s codebook' }]);
    const codeIds = [...data.codeIds];
    if (data.newCodeName) codeIds.push((await createCode(trx, actorId, evaluationId, { name: data.newCodeName })).id);
    const stored: string[] = [];
    for (const codeId of codeIds) {
      const same = await store.findSameCoding(trx, sourceId, codeId, range.start, range.end, actorId);
      if (same) {
        stored.push(same.id);
        continue;
      }
      const coding = await addCoding(trx, actorId, evaluationId, { sourceId, codeId, start: range.start, end: range.end, valence: data.valence, memo: data.memo });
      stored.push(coding.id);
    }
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'code', entity: 'source', entityId: sourceId, detail: { codes: codeIds.length, start: range.start, end: range.end } });
    return stored;
  });
  // Numbered as the coder's page numbers them: only their own while they code blind.
  const all = await listSourceCodings(db, evaluationId, sourceId, await onlyCoderFor(db, evaluationId, sourceId, actorId));
  return all.filter((c) => ids.includes(c.id));
}

/**
 * Whose codings alone this person may see on a source: their own while they code it blind in an
 * open agreement round (../agreement/blind.ts), otherwise everyone's (undefined).
 */
export async function onlyCoderFor(db: Db, evaluationId: string, sourceId: string, viewerId: string | undefined): Promise<string | undefined> {
  if (!viewerId || !uuid.safeParse(sourceId).success) return undefined;
  return (await blindRoundFor(db, evaluationId, sourceId, viewerId))?.onlyCoderId;
}

/**
 * One coding of a source with its text; 404 when it is not there, or when the viewer codes the
 * source blind and the coding is someone else's.
 */
export async function getCoding(db: Db, evaluationId: string, sourceId: string, codingId: string, viewerId?: string): Promise<CodingView> {
  if (!uuid.safeParse(codingId).success || !uuid.safeParse(sourceId).success) throw notFound('Coding');
  const all = await listSourceCodings(db, evaluationId, sourceId, await onlyCoderFor(db, evaluationId, sourceId, viewerId));
  const found = all.find((c) => c.id === codingId);
  if (!found) throw notFound('Coding');
  return found;
}

async function changeable(db: Db, actor: Actor, evaluationId: string, sourceId: string, codingId: string): Promise<CodingView> {
  const coding = await getCoding(db, evaluationId, sourceId, codingId, actor.id);
  if (!mayChangeCoding(coding, actor)) throw forbidden('Only the coder who made this coding, a researcher or the lead can change it');
  return coding;
}

export async function changeCoding(db: Db, actor: Actor, evaluationId: string, sourceId: string, codingId: string, input: z.input<typeof codingChange>): Promise<CodingView> {
  const data = codingChange.parse(input);
  const coding = await changeable(db, actor, evaluationId, sourceId, codingId);
  const values: { valence?: string; memo?: string } = {};
  if (data.valence !== undefined) values.valence = data.valence;
  if (data.memo !== undefined) values.memo = data.memo;
  if (Object.keys(values).length) {
    await store.updateCoding(db, evaluationId, coding.id, values);
    await recordAudit(db, { evaluationId, userId: actor.id, action: 'update', entity: 'coding', entityId: coding.id, detail: { changed: Object.keys(values) } });
  }
  return getCoding(db, evaluationId, sourceId, codingId, actor.id);
}

/** Clears the review flag an edit of the text set: a person has looked at the coding again. */
export async function markChecked(db: Db, actor: Actor, evaluationId: string, sourceId: string, codingId: string): Promise<CodingView> {
  const coding = await changeable(db, actor, evaluationId, sourceId, codingId);
  if (coding.needsReview) {
    await store.updateCoding(db, evaluationId, coding.id, { needs_review: false, review_note: '' });
    await recordAudit(db, { evaluationId, userId: actor.id, action: 'check', entity: 'coding', entityId: coding.id, detail: { note: coding.reviewNote } });
  }
  return getCoding(db, evaluationId, sourceId, codingId, actor.id);
}

export async function removeCoding(db: Db, actor: Actor, evaluationId: string, sourceId: string, codingId: string): Promise<void> {
  const coding = await changeable(db, actor, evaluationId, sourceId, codingId);
  await store.deleteCoding(db, evaluationId, coding.id);
  await recordAudit(db, { evaluationId, userId: actor.id, action: 'delete', entity: 'coding', entityId: coding.id, detail: { code: coding.codeName, start: coding.start, end: coding.end } });
}

/** The sources with how much of each is coded, for the sources page. */
export async function sourcesWithCounts(db: Db, evaluationId: string) {
  const counts = new Map((await store.codingCountsBySource(db, evaluationId)).map((r) => [r.source_id, r]));
  return (await listSources(db, evaluationId)).map((s) => ({ ...s, codings: Number(counts.get(s.id)?.codings ?? 0), toReview: Number(counts.get(s.id)?.to_review ?? 0) }));
}
