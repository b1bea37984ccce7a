import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, notFound } from '../../../http/errors.ts';
import { listPeriods } from '../../evaluations/service.ts';
import { codeTree, flattenTree } from '../codebook/tree.ts';
import type { Code, Valence } from '../service.ts';
import { sliceCodePoints } from '../text-positions.ts';
import { segmentFilterInput, toSegmentFilter, type SegmentFilter } from './filters.ts';
import { fragmentBreak, hasSearchableWords, matchEnd, matchStart, searchSources as searchStore } from './search-store.ts';
import * as store from './store.ts';

/**
 * Queries over coded text: every segment of a code with its context, which codes overlap
 * which, and full-text search across the sources, each narrowed by who was speaking
 * (participant attributes, role category, wave). Positions are code points, end exclusive.
 */

const uuid = z.string().uuid();

export interface Speaker {
  participantId: string | null;
  participantLabel: string | null;
  roleCategory: string | null;
  waveId: string | null;
  waveName: string | null;
}

export interface Segment extends Speaker {
  codingId: string;
  codeId: string;
  codeName: string;
  sourceId: string;
  sourceName: string;
  start: number;
  end: number;
  valence: Valence;
  memo: string;
  coderId: string | null;
  needsReview: boolean;
  before: string;
  text: string;
  after: string;
}

export const segmentQueryInput = segmentFilterInput.extend({
  code: uuid,
  subcodes: z.preprocess((v) => v === 'yes' || v === 'true' || v === true, z.boolean()).default(false),
  context: z.coerce.number().int().min(0).max(store.maxContext).default(150),
  page: z.coerce.number().int().min(1).default(1),
});

export const pageSize = 100;

/** A code as queries need it: without its number of codings. */
export type CodeRef = Omit<Code, 'codings'>;

/** The evaluation's codes in codebook order, without counting their codings. */
export async function codeRefs(db: Db, evaluationId: string): Promise<CodeRef[]> {
  return (await store.listCodeRefs(db, evaluationId)).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    description: r.description,
    colour: r.colour,
    frameworkRef: r.framework_ref,
    position: r.position,
  }));
}

/** Codes as a tree read top-down, each with its depth, for selects. */
export async function codeChoices(db: Db, evaluationId: string) {
  return flattenTree(codeTree((await codeRefs(db, evaluationId)).map((c) => ({ ...c, codings: 0 }))));
}

/** What the query forms offer: codes as a tree read top-down, roles, attributes, waves, participants. */
export async function queryChoices(db: Db, evaluationId: string) {
  const [codes, roles, attributes, waves, participants] = await Promise.all([
    codeChoices(db, evaluationId),
    store.listRoleCategories(db, evaluationId),
    store.listAttributes(db, evaluationId),
    listPeriods(db, 'waves', evaluationId),
    store.listParticipants(db, evaluationId),
  ]);
  return {
    codes,
    roles,
    attributes,
    waves: waves.map((w) => ({ id: w.id, name: w.name })),
    participants: participants.map((p) => ({ id: p.id, label: p.label, roleCategory: p.role_category })),
  };
}

async function waveNames(db: Db, evaluationId: string): Promise<Map<string, string>> {
  return new Map((await listPeriods(db, 'waves', evaluationId)).map((w) => [w.id, w.name]));
}

export async function findCode(db: Db, evaluationId: string, codeId: string): Promise<CodeRef> {
  const code = uuid.safeParse(codeId).success ? (await codeRefs(db, evaluationId)).find((c) => c.id === codeId) : undefined;
  if (!code) throw notFound('Code');
  return code;
}

export function toSegment(row: store.SegmentRow, waves: Map<string, string>): Segment {
  return {
    codingId: row.coding_id,
    codeId: row.code_id,
    codeName: row.code_name,
    sourceId: row.source_id,
    sourceName: row.source_name,
    participantId: row.participant_id,
    participantLabel: row.participant_label,
    roleCategory: row.role_category,
    waveId: row.wave_id,
    waveName: row.wave_id ? (waves.get(row.wave_id) ?? null) : null,
    start: row.start_offset,
    end: row.end_offset,
    valence: row.valence as Valence,
    memo: row.memo,
    coderId: row.coder_id,
    needsReview: row.needs_review,
    before: row.context_before,
    text: row.text,
    after: row.context_after,
  };
}

export interface SegmentSelection {
  codeIds: string[];
  filter: SegmentFilter;
  context?: number;
  /** Hides other coders' codings on sources in an open agreement round the viewer codes in. */
  viewerId?: string | null;
  /** One page of the results; all of them when absent. */
  page?: { number: number; size: number };
}

/** Segments of the given codes exactly (no sub-codes), with the total before paging. */
export async function selectSegments(db: Db, evaluationId: string, selection: SegmentSelection): Promise<{ segments: Segment[]; total: number }> {
  const { rows, total } = await store.selectSegments(db, {
    evaluationId,
    codeIds: selection.codeIds,
    filter: selection.filter,
    context: selection.context ?? 0,
    viewerId: selection.viewerId ?? null,
    ...(selection.page ? { limit: selection.page.size, offset: (selection.page.number - 1) * selection.page.size } : {}),
  });
  const waves = await waveNames(db, evaluationId);
  return { segments: rows.map((r) => toSegment(r, waves)), total };
}

/** The code's id and, when asked, the ids of every code below it. */
export async function codeAndBelow(db: Db, evaluationId: string, codeId: string, withSubcodes: boolean): Promise<string[]> {
  if (!withSubcodes) return [codeId];
  return (await store.codesWithin(db, evaluationId, [codeId])).map((r) => r.code_id);
}

/** All segments for a code (and, when asked, its sub-codes) with context, filtered, one page at a time. */
export async function segmentsOfCode(db: Db, evaluationId: string, input: z.input<typeof segmentQueryInput>, viewerId: string | null, size: number | null = pageSize) {
  const query = segmentQueryInput.parse(input);
  const code = await findCode(db, evaluationId, query.code);
  const codeIds = await codeAndBelow(db, evaluationId, code.id, query.subcodes);
  const filter = toSegmentFilter(query);
  const { segments, total } = await selectSegments(db, evaluationId, {
    codeIds,
    filter,
    context: query.context,
    viewerId,
    ...(size ? { page: { number: query.page, size } } : {}),
  });
  return { code, query, filter, segments, total };
}

export const coOccurrenceInput = segmentFilterInput.extend({
  /** The codes to compare: the children of this code, or the top-level codes when absent. */
  parent: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()),
});

export interface CoOccurrence {
  codes: CodeRef[];
  pairs: { codeA: CodeRef; codeB: CodeRef; overlaps: number; sources: number }[];
  /** overlaps[i][j] for codes i and j (symmetric, zero on the diagonal). */
  table: number[][];
}

/** Which codes' segments overlap in the same source, among the children of a code (or the top level). */
export async function coOccurrence(db: Db, evaluationId: string, input: z.input<typeof coOccurrenceInput>, viewerId: string | null): Promise<CoOccurrence & { filter: SegmentFilter; parent: CodeRef | null }> {
  const query = coOccurrenceInput.parse(input);
  const all = await codeRefs(db, evaluationId);
  const parent = query.parent ? (all.find((c) => c.id === query.parent) ?? null) : null;
  if (query.parent && !parent) throw notFound('Code');
  const codes = all.filter((c) => c.parentId === (parent?.id ?? null));
  const filter = toSegmentFilter(query);
  const rows = await store.selectCoOccurrence(db, evaluationId, codes.map((c) => c.id), filter, viewerId);
  const index = new Map(codes.map((c, i) => [c.id, i]));
  const table = codes.map(() => codes.map(() => 0));
  const pairs = rows.map((r) => {
    // Each pair in codebook order, whichever id sorts first in SQL.
    const [a, b] = [index.get(r.code_a)!, index.get(r.code_b)!].sort((x, y) => x - y) as [number, number];
    table[a]![b] = table[b]![a] = Number(r.overlaps);
    return { codeA: codes[a]!, codeB: codes[b]!, overlaps: Number(r.overlaps), sources: Number(r.sources) };
  });
  pairs.sort((x, y) => y.overlaps - x.overlaps || x.codeA.name.localeCompare(y.codeA.name));
  return { codes, pairs, table, filter, parent };
}

/** The segments behind one pair of co-occurring codes, with the text they share. */
export async function coOccurringSegments(db: Db, evaluationId: string, codeAId: string, codeBId: string, input: unknown, viewerId: string | null) {
  const [codeA, codeB] = [await findCode(db, evaluationId, codeAId), await findCode(db, evaluationId, codeBId)];
  if (codeA.id === codeB.id) throw badRequest('Choose two different codes');
  const filter = toSegmentFilter(segmentFilterInput.parse(input ?? {}));
  const pairs = await store.selectOverlappingPairs(db, evaluationId, codeA.id, codeB.id, filter, viewerId);
  const { segments } = await selectSegments(db, evaluationId, { codeIds: [codeA.id, codeB.id], filter, viewerId });
  const byId = new Map(segments.map((s) => [s.codingId, s]));
  const overlaps = pairs.flatMap(({ a, b }) => {
    const first = byId.get(a);
    const second = byId.get(b);
    if (!first || !second) return [];
    const start = Math.max(first.start, second.start);
    const end = Math.min(first.end, second.end);
    return [{ a: first, b: second, start, end, shared: sliceCodePoints(first.text, start - first.start, end - first.start) }];
  });
  return { codeA, codeB, filter, overlaps };
}

export const searchInput = segmentFilterInput.extend({
  q: z.string().trim().min(1, 'Enter words to search for').max(500, 'Search for 500 characters or fewer'),
  page: z.coerce.number().int().min(1).default(1),
});

export interface SearchResult extends Speaker {
  sourceId: string;
  name: string;
  kind: string;
  rank: number;
  /** Snippets, each a list of parts; `match` parts are the words the query found. */
  snippets: { text: string; match: boolean }[][];
}

export const searchPageSize = 20;

/** Splits ts_headline's output, marked with control characters, into fragments of plain and matched text. */
export function parseHeadline(headline: string): { text: string; match: boolean }[][] {
  return headline
    .split(fragmentBreak)
    .map((fragment) =>
      fragment
        .split(matchStart)
        .flatMap((piece, i) => {
          if (i === 0) return [{ text: piece, match: false }];
          const [matched = '', rest = ''] = piece.split(matchEnd);
          return [{ text: matched, match: true }, { text: rest, match: false }];
        })
        .filter((part) => part.text !== ''),
    )
    .filter((parts) => parts.length > 0);
}

/** Full-text search across the evaluation's sources, ranked, a page at a time, with snippets. */
export async function searchSources(db: Db, evaluationId: string, input: z.input<typeof searchInput>) {
  const query = searchInput.parse(input);
  const filter = toSegmentFilter(query);
  if (!(await hasSearchableWords(db, query.q))) {
    throw badRequest('Search for at least one word that is not a common word like “the” or “and”', [{ field: 'q', message: 'Search for at least one word that is not a common word like “the” or “and”' }]);
  }
  const rows = await searchStore(db, evaluationId, query.q, filter, searchPageSize, (query.page - 1) * searchPageSize);
  const waves = await waveNames(db, evaluationId);
  const results: SearchResult[] = rows.map((r) => ({
    sourceId: r.source_id,
    name: r.name,
    kind: r.kind,
    rank: Number(r.rank),
    snippets: parseHeadline(r.headline),
    participantId: r.participant_id,
    participantLabel: r.participant_label,
    roleCategory: r.role_category,
    waveId: r.wave_id,
    waveName: r.wave_id ? (waves.get(r.wave_id) ?? null) : null,
  }));
  return { query, filter, results, total: Number(rows[0]?.total ?? 0) };
}
