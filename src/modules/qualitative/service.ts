import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recordAudit } from '../accounts/audit.ts';
import { codePointLength } from './text-positions.ts';
import * as store from './store.ts';

/**
 * The qualitative core every other part builds on: sources (texts that can be coded), codes,
 * and codings (a code applied to a range of a source). Positions are code points, end exclusive.
 */

export const sourceKinds = ['transcript', 'document', 'note'] as const;
export const valences = ['facilitating', 'inhibiting', 'mixed', 'neutral'] as const;
export type Valence = (typeof valences)[number];

export interface Turn {
  position: number;
  speaker: string;
  start: number;
  end: number;
  startMs: number | null;
  endMs: number | null;
}

export interface Source {
  id: string;
  kind: (typeof sourceKinds)[number];
  name: string;
  interviewId: string | null;
  participantId: string | null;
  content: string;
  revision: number;
  importedFrom: string;
  turns: Turn[];
}

export interface Code {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  colour: string;
  frameworkRef: string | null;
  position: number;
  codings: number;
}

export interface Coding {
  id: string;
  sourceId: string;
  codeId: string;
  codeName: string;
  codeColour: string;
  start: number;
  end: number;
  valence: Valence;
  memo: string;
  coderId: string | null;
  needsReview: boolean;
  reviewNote: string;
}

const uuid = z.string().uuid();

export const sourceInput = z.object({
  kind: z.enum(sourceKinds),
  name: z.string().trim().min(1, 'Enter a name').max(300),
  content: z.string().max(5_000_000, 'The text is longer than 5 million characters'),
  interviewId: uuid.nullish(),
  participantId: uuid.nullish(),
  importedFrom: z.string().max(300).default(''),
  turns: z
    .array(z.object({ speaker: z.string().max(200).default(''), start: z.number().int().min(0), end: z.number().int().min(0), startMs: z.number().int().nullish(), endMs: z.number().int().nullish() }))
    .default([]),
});

export const codeInput = z.object({
  name: z.string().trim().min(1, 'Enter a name for the code').max(200, 'Code names must be 200 characters or fewer'),
  description: z.string().trim().max(5000).default(''),
  colour: z.string().regex(/^#[0-9a-f]{6}$/, 'Colour must look like #1d70b8').default('#1d70b8'),
  parentId: uuid.nullish(),
  frameworkRef: z.string().max(200).nullish(),
});

export const codingInput = z.object({
  sourceId: uuid,
  codeId: uuid,
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  valence: z.enum(valences).default('neutral'),
  memo: z.string().max(5000).default(''),
});

function toCode(row: Awaited<ReturnType<typeof store.listCodes>>[number]): Code {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    description: row.description,
    colour: row.colour,
    frameworkRef: row.framework_ref,
    position: row.position,
    codings: Number(row.codings ?? 0),
  };
}

export async function createSource(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof sourceInput>): Promise<Source> {
  const data = sourceInput.parse(input);
  const length = codePointLength(data.content);
  data.turns.forEach((t, i) => {
    if (t.end < t.start || t.end > length) throw badRequest(`Speaker turn ${i + 1} falls outside the text (${t.start}–${t.end} of ${length} characters)`);
  });
  const row = await store.insertSource(db, {
    evaluation_id: evaluationId,
    kind: data.kind,
    name: data.name,
    content: data.content,
    interview_id: data.interviewId ?? null,
    participant_id: data.participantId ?? null,
    imported_from: data.importedFrom,
  });
  await store.insertTurns(db, data.turns.map((t, i) => ({ source_id: row.id, position: i + 1, speaker: t.speaker, start_offset: t.start, end_offset: t.end, start_ms: t.startMs ?? null, end_ms: t.endMs ?? null })));
  await recordAudit(db, { evaluationId, userId: actorId, action: 'create', entity: 'source', entityId: row.id, detail: { kind: data.kind, characters: length } });
  return getSource(db, evaluationId, row.id);
}

export async function getSource(db: Db, evaluationId: string, sourceId: string): Promise<Source> {
  if (!uuid.safeParse(sourceId).success) throw notFound('Source');
  const row = await store.findSource(db, evaluationId, sourceId);
  if (!row) throw notFound('Source');
  const turns = await store.listTurns(db, sourceId);
  return {
    id: row.id,
    kind: row.kind as Source['kind'],
    name: row.name,
    interviewId: row.interview_id,
    participantId: row.participant_id,
    content: row.content,
    revision: row.revision,
    importedFrom: row.imported_from,
    turns: turns.map((t) => ({ position: t.position, speaker: t.speaker, start: t.start_offset, end: t.end_offset, startMs: t.start_ms, endMs: t.end_ms })),
  };
}

export async function listSources(db: Db, evaluationId: string) {
  return (await store.listSources(db, evaluationId)).map((r) => ({
    id: r.id,
    kind: r.kind as Source['kind'],
    name: r.name,
    interviewId: r.interview_id,
    participantId: r.participant_id,
    revision: r.revision,
    length: Number(r.length),
    updatedAt: r.updated_at,
  }));
}

export async function createCode(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof codeInput>): Promise<Code> {
  const data = codeInput.parse(input);
  const parentId = data.parentId ?? null;
  if (parentId && !(await store.findCode(db, evaluationId, parentId))) throw badRequest('The parent code is not in this evaluation', [{ field: 'parentId', message: 'Choose a parent code from this evaluation' }]);
  const { max } = await store.nextCodePosition(db, evaluationId, parentId);
  const row = await store.insertCode(db, {
    evaluation_id: evaluationId,
    parent_id: parentId,
    name: data.name,
    description: data.description,
    colour: data.colour,
    framework_ref: data.frameworkRef ?? null,
    position: Number(max) + 1,
  });
  await recordAudit(db, { evaluationId, userId: actorId, action: 'create', entity: 'code', entityId: row.id, detail: { name: row.name } });
  return { ...toCode({ ...row, codings: 0 }) };
}

export async function listCodes(db: Db, evaluationId: string): Promise<Code[]> {
  return (await store.listCodes(db, evaluationId)).map(toCode);
}

/** Applies a code to a range of a source; both must belong to the evaluation and the range to the text. */
export async function addCoding(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof codingInput>): Promise<Coding> {
  const data = codingInput.parse(input);
  const source = await store.findSource(db, evaluationId, data.sourceId);
  if (!source) throw notFound('Source');
  const code = await store.findCode(db, evaluationId, data.codeId);
  if (!code) throw notFound('Code');
  const length = codePointLength(source.content);
  if (data.end <= data.start || data.end > length) {
    throw badRequest(`The selection ${data.start}–${data.end} is not within the text (0–${length})`);
  }
  const row = await store.insertCoding(db, {
    evaluation_id: evaluationId,
    source_id: data.sourceId,
    code_id: data.codeId,
    start_offset: data.start,
    end_offset: data.end,
    valence: data.valence,
    memo: data.memo,
    coder_id: actorId,
  });
  return {
    id: row.id,
    sourceId: row.source_id,
    codeId: row.code_id,
    codeName: code.name,
    codeColour: code.colour,
    start: row.start_offset,
    end: row.end_offset,
    valence: row.valence as Valence,
    memo: row.memo,
    coderId: row.coder_id,
    needsReview: row.needs_review,
    reviewNote: row.review_note,
  };
}

/**
 * Applies many codes to ranges of sources at once, all or none, as one coder: for imports and
 * the demo, where coding one range at a time would take a statement or three per coding. Every
 * source and code must belong to the evaluation and every range lie within its text; the first
 * that does not is named. Returns the new codings' ids in the order given.
 */
export async function addCodings(db: Db, actorId: string | null, evaluationId: string, inputs: z.input<typeof codingInput>[]): Promise<string[]> {
  const data = inputs.map((input) => codingInput.parse(input));
  if (!data.length) return [];
  const lengths = new Map((await store.sourceLengths(db, evaluationId, [...new Set(data.map((d) => d.sourceId))])).map((s) => [s.id, Number(s.length)]));
  const codes = new Set((await store.listCodes(db, evaluationId)).map((c) => c.id));
  data.forEach((d, i) => {
    const length = lengths.get(d.sourceId);
    if (length === undefined) throw notFound(`Source of coding ${i + 1}`);
    if (!codes.has(d.codeId)) throw notFound(`Code of coding ${i + 1}`);
    if (d.end <= d.start || d.end > length) throw badRequest(`Coding ${i + 1}: the selection ${d.start}–${d.end} is not within the text (0–${length})`);
  });
  return inTransaction(db, async (trx) => {
    const ids = await store.insertCodings(
      trx,
      data.map((d) => ({ evaluation_id: evaluationId, source_id: d.sourceId, code_id: d.codeId, start_offset: d.start, end_offset: d.end, valence: d.valence, memo: d.memo, coder_id: actorId })),
    );
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'code', entity: 'source', entityId: null, detail: { codings: ids.length, sources: lengths.size } });
    return ids;
  });
}

export async function listCodings(db: Db, evaluationId: string, sourceId: string): Promise<Coding[]> {
  const rows = await store.listCodingsForSource(db, evaluationId, sourceId);
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    codeId: r.code_id,
    codeName: r.code_name,
    codeColour: r.code_colour,
    start: r.start_offset,
    end: r.end_offset,
    valence: r.valence as Valence,
    memo: r.memo,
    coderId: r.coder_id,
    needsReview: r.needs_review,
    reviewNote: r.review_note,
  }));
}

/** All segments of a code with their text, for queries, matrices and quotes. */
export async function segmentsForCode(db: Db, evaluationId: string, codeId: string) {
  if (!uuid.safeParse(codeId).success || !(await store.findCode(db, evaluationId, codeId))) throw notFound('Code');
  const rows = await store.segmentsForCode(db, evaluationId, codeId);
  return rows.map((r) => ({
    codingId: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    participantId: r.participant_id,
    start: r.start_offset,
    end: r.end_offset,
    text: r.text,
    valence: r.valence as Valence,
    memo: r.memo,
    coderId: r.coder_id,
    needsReview: r.needs_review,
  }));
}
