import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';

/**
 * Who said it: the filters every query shares (segments of a code, co-occurrence, full-text
 * search, the framework matrix). A source's participant is its own, or else its interview's; its
 * wave is its interview's. SQL fragments here refer to the aliases `s` (qda_sources),
 * `i` (interviews) and `p` (qda_participants), which every query in this folder uses.
 */

const uuid = z.string().uuid();

export interface AttributeFilter {
  name: string;
  value: string;
}

export interface SegmentFilter {
  attributes: AttributeFilter[];
  /** A role category, matched ignoring case; absent for every role, '' for participants without one. */
  roleCategory?: string | undefined;
  waveId?: string | undefined;
  participantId?: string | undefined;
}

/** Blank form fields mean "any". */
const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** "name=value", as a query string carries an attribute filter. */
const attributeText = z
  .string()
  .trim()
  .max(500)
  .transform((text, ctx) => {
    const at = text.indexOf('=');
    const name = at > 0 ? text.slice(0, at).trim() : '';
    if (!name) {
      ctx.addIssue({ code: 'custom', message: 'Write an attribute filter as name=value, for example programme=Mental health' });
      return z.NEVER;
    }
    return { name, value: text.slice(at + 1).trim() };
  });

const attributeObject = z.object({ name: z.string().trim().min(1, 'Enter the attribute’s name').max(200), value: z.string().trim().max(300) });

export const segmentFilterInput = z.object({
  attribute: z
    .preprocess((v) => (v === undefined || v === '' ? [] : [v].flat().filter((x) => !(typeof x === 'string' && x.trim() === ''))), z.array(z.union([attributeText, attributeObject])).max(10, 'Use at most 10 attribute filters'))
    .default([]),
  role: z.preprocess(blank, z.string().trim().max(200).optional()),
  wave: z.preprocess(blank, uuid.optional()),
  participant: z.preprocess(blank, uuid.optional()),
});

export function toSegmentFilter(input: z.infer<typeof segmentFilterInput>): SegmentFilter {
  return { attributes: input.attribute, roleCategory: input.role, waveId: input.wave, participantId: input.participant };
}

/** The same filter as query-string pairs, for links that keep it (pagination, cell pages, exports). */
export function filterQuery(filter: SegmentFilter): [string, string][] {
  const pairs: [string, string][] = filter.attributes.map((a) => ['attribute', `${a.name}=${a.value}`]);
  if (filter.roleCategory !== undefined) pairs.push(['role', filter.roleCategory]);
  if (filter.waveId) pairs.push(['wave', filter.waveId]);
  if (filter.participantId) pairs.push(['participant', filter.participantId]);
  return pairs;
}

export const isFiltered = (filter: SegmentFilter) => filterQuery(filter).length > 0;

/** The conditions a filter puts on `s`, `i` and `p`, joined with AND; TRUE when nothing is filtered. */
export function filterCondition(filter: SegmentFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (filter.participantId) parts.push(sql`p.id = ${filter.participantId}`);
  // '' is a condition too: participants without a role category (a matrix row of their own).
  if (filter.roleCategory !== undefined) parts.push(sql`lower(p.role_category) = lower(${filter.roleCategory})`);
  if (filter.waveId) parts.push(sql`i.wave_id = ${filter.waveId}`);
  for (const attribute of filter.attributes) {
    parts.push(sql`EXISTS (SELECT 1 FROM qda_participant_attributes a
      WHERE a.participant_id = p.id AND lower(a.name) = lower(${attribute.name}) AND lower(a.value) = lower(${attribute.value}))`);
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` AND `)})` : sql<boolean>`TRUE`;
}

/** Joins a source's interview and participant under the aliases the filter uses. */
export const participantJoins = sql`LEFT JOIN interviews i ON i.id = s.interview_id
  LEFT JOIN qda_participants p ON p.id = coalesce(s.participant_id, i.participant_id)`;

/**
 * Blind double coding (see ../agreement/blind.ts): while a round is open, each of its two coders
 * sees only their own codings on its sources, in queries as on the coding page. `c` is the coding.
 */
export function blindCondition(viewerId: string | null | undefined, coding = sql`c`): RawBuilder<boolean> {
  if (!viewerId) return sql<boolean>`TRUE`;
  return sql<boolean>`NOT EXISTS (
    SELECT 1 FROM qda_agreement_round_sources rs JOIN qda_agreement_rounds r ON r.id = rs.round_id
    WHERE rs.source_id = ${coding}.source_id AND r.status = 'open'
      AND ${viewerId}::uuid IN (r.coder_a_id, r.coder_b_id) AND ${coding}.coder_id IS DISTINCT FROM ${viewerId}::uuid)`;
}
