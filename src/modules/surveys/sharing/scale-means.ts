import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { dependencyOrder, planItems } from '../../analysis/scoring.ts';
import type { Instrument, Scale } from '../../instruments/definition.ts';

/**
 * Scale means of a survey's complete main responses, computed by the database in one query, so
 * the shared statistics page never reads every answer into the process.
 *
 * The SQL mirrors analysis/scoring.ts rule by rule, and a test checks it against `scoreResponses`
 * on random answers on both back ends:
 * - a stored answer is a number, or a numeric code such as "3" or "m1" (minus one); "NR", "DK",
 *   no answer and anything else are missing (answer-values.ts);
 * - it counts only inside the item's range, and only as a whole number for ordinal formats;
 * - a reverse-keyed item is mirrored (lowest + highest − answer);
 * - a scale of items is the weighted mean Σwx / Σw, or the weighted sum Σwx (prorated by
 *   Σw all / Σw answered when the definition says so), when at least `minAnswered` items count;
 * - a scale of subscales is scored the same way from its subscales' scores.
 * Each respondent's score is built with the same floating-point operations in the same order as
 * the pure function, so scores agree exactly; the means agree to rounding in the last place,
 * because the database may add the scores up in a different order.
 */

/** One instrument as the survey asks it: the definition with the team's scoring key applied, and item id → question id. */
export interface AskedInstrument {
  instrument: Instrument;
  questionOf: ReadonlyMap<string, string>;
}

export interface ScaleMean {
  /** Respondents with a score. */
  n: number;
  /** Null when nobody has a score. */
  mean: number | null;
}

/** Instrument id → scale id → mean and n. */
export type ScaleMeans = Map<string, Map<string, ScaleMean>>;

const float = (x: number): RawBuilder<unknown> => {
  if (!Number.isFinite(x)) throw new Error(`Not a finite number: ${x}`);
  return sql.raw(`(${x})::float8`);
};

/** The number a stored answer holds (NULL when none), as answer-values.ts `readAnswer` reads it. */
function answerNumber(column: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`CASE jsonb_typeof(${column})
    WHEN 'number' THEN (${column})::float8
    WHEN 'string' THEN CASE WHEN (${column} #>> '{}') ~ '^(m|-)?[0-9]+(\\.[0-9]+)?$' THEN regexp_replace(${column} #>> '{}', '^m', '-')::float8 END
  END`;
}

interface Plan {
  questions: string[];
  /** Keyed item columns: [instrument index, item id] → column name. */
  itemColumns: Map<string, string>;
  /** [instrument index, scale id] → column name, in an order where subscales come first, by depth. */
  levels: { instrument: number; scale: Scale; column: string }[][];
}

function plan(asked: readonly AskedInstrument[]): Plan {
  const questions = [...new Set(asked.flatMap((a) => [...a.questionOf.values()]))];
  const itemColumns = new Map<string, string>();
  const levels: Plan['levels'] = [];
  asked.forEach((a, i) => {
    const depth = new Map<string, number>();
    for (const scale of dependencyOrder(a.instrument.scales)) {
      const d = scale.subscales ? 1 + Math.max(...scale.subscales.map((s) => depth.get(s)!)) : 0;
      depth.set(scale.id, d);
      (levels[d] ??= []).push({ instrument: i, scale, column: `s${i}_${depth.size - 1}` });
      for (const m of scale.items ?? []) if (!itemColumns.has(`${i}:${m.item}`)) itemColumns.set(`${i}:${m.item}`, `k${itemColumns.size}`);
    }
  });
  return { questions, itemColumns, levels };
}

const ref = (name: string) => sql.ref(`l.${name}`);

/** Keyed value of each scored item: NULL when missing or invalid, else the (mirrored) answer. */
function keyedItems(asked: readonly AskedInstrument[], p: Plan): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  asked.forEach((a, i) => {
    const plans = planItems(a.instrument, []);
    for (const [itemId, item] of plans) {
      const column = p.itemColumns.get(`${i}:${itemId}`);
      if (!column) continue;
      const question = a.questionOf.get(itemId);
      if (!question) {
        out.push(sql`NULL::float8 AS ${sql.id(column)}`);
        continue;
      }
      const v = sql.ref(`l.v${p.questions.indexOf(question)}`);
      const valid = sql`${v} >= ${float(item.min)} AND ${v} <= ${float(item.max)}${item.integer ? sql` AND ${v} = floor(${v})` : sql``}`;
      // offset + sign × answer, as scoring.ts computes it.
      const keyed = item.reverse ? sql`${float(item.min + item.max)} + ${float(-1)} * ${v}` : sql`${float(0)} + ${float(1)} * ${v}`;
      out.push(sql`CASE WHEN ${valid} THEN ${keyed} END AS ${sql.id(column)}`);
    }
  });
  return out;
}

/** Count, sum and weight of the parts a scale has for a respondent, left to right as scoring.ts adds them. */
function partTotals(a: AskedInstrument, i: number, scale: Scale, column: string, p: Plan, scaleColumns: Map<string, string>): RawBuilder<unknown>[] {
  const parts = scale.items
    ? scale.items.map((m) => ({ value: ref(p.itemColumns.get(`${i}:${m.item}`)!), weight: m.weight }))
    : scale.subscales!.map((id) => ({ value: ref(scaleColumns.get(`${i}:${id}`)!), weight: 1 }));
  const count = sql.join(parts.map((x) => sql`(${x.value} IS NOT NULL)::int`), sql` + `);
  // Subscale parts are added unweighted (x, not 1 × x), as scoreFromSubscales does.
  const term = (x: (typeof parts)[number]) => (scale.items ? sql`${float(x.weight)} * ${x.value}` : x.value);
  const sum = parts.reduce<RawBuilder<unknown>>((acc, x) => sql`(${acc} + coalesce(${term(x)}, ${float(0)}))`, float(0));
  const weight = parts.reduce<RawBuilder<unknown>>((acc, x) => sql`(${acc} + CASE WHEN ${x.value} IS NOT NULL THEN ${float(x.weight)} ELSE ${float(0)} END)`, float(0));
  return [sql`${count} AS ${sql.id(`${column}_n`)}`, sql`${sum} AS ${sql.id(`${column}_sum`)}`, sql`${weight} AS ${sql.id(`${column}_w`)}`];
}

function scaleScore(scale: Scale, column: string): RawBuilder<unknown> {
  const n = ref(`${column}_n`);
  const sum = ref(`${column}_sum`);
  const weight = ref(`${column}_w`);
  const parts = scale.items?.length ?? scale.subscales!.length;
  const totalWeight = scale.items ? scale.items.reduce((a, m) => a + m.weight, 0) : parts;
  const { method, minAnswered, prorate } = scale.scoring;
  const scored =
    method === 'mean'
      ? sql`${sum} / ${weight}`
      : prorate
        ? sql`CASE WHEN ${n} < ${sql.lit(parts)} THEN (${sum} * ${float(totalWeight)}) / ${weight} ELSE ${sum} END`
        : sum;
  return sql`CASE WHEN ${n} < ${sql.lit(minAnswered)} OR ${n} = 0 THEN NULL ELSE ${scored} END AS ${sql.id(column)}`;
}

/** The mean and n of every scale of every instrument asked, over complete main responses. */
export async function scaleMeans(db: Db, surveyId: string, asked: readonly AskedInstrument[]): Promise<ScaleMeans> {
  const out: ScaleMeans = new Map(asked.map((a) => [a.instrument.id, new Map<string, ScaleMean>()]));
  const p = plan(asked);
  if (!p.questions.length || !p.levels.length) return out;

  // One pass over the answers: jsonb_to_record reads every asked question from each row at once.
  // Each step is a subquery with OFFSET 0, which keeps the planner from folding it into the next
  // and so evaluating every answer's expression once per use instead of once.
  const record = sql.join(p.questions.map((q) => sql`${sql.id(q)} jsonb`));
  let query: RawBuilder<unknown> = sql`SELECT ${sql.join(p.questions.map((q, j) => sql`${answerNumber(sql`x.${sql.id(q)}`)} AS ${sql.id(`v${j}`)}`))}
    FROM responses r CROSS JOIN LATERAL jsonb_to_record(r.answers) AS x(${record})
    WHERE r.survey_id = ${surveyId} AND r.status = 'complete' AND r.purpose = 'main'`;
  query = sql`SELECT ${sql.join(keyedItems(asked, p))} FROM (${query} OFFSET 0) l`;
  const scaleColumns = new Map<string, string>();
  const scored: { instrument: number; scale: Scale; column: string }[] = [];
  for (const level of p.levels) {
    const totals = level.flatMap((s) => partTotals(asked[s.instrument]!, s.instrument, s.scale, s.column, p, scaleColumns));
    query = sql`SELECT l.*, ${sql.join(totals)} FROM (${query} OFFSET 0) l`;
    query = sql`SELECT l.*, ${sql.join(level.map((s) => scaleScore(s.scale, s.column)))} FROM (${query} OFFSET 0) l`;
    for (const s of level) {
      scaleColumns.set(`${s.instrument}:${s.scale.id}`, s.column);
      scored.push(s);
    }
  }
  const aggregates = scored.flatMap((s) => [sql`count(${ref(s.column)})::int AS ${sql.id(`${s.column}_count`)}`, sql`avg(${ref(s.column)}) AS ${sql.id(`${s.column}_mean`)}`]);
  const result = await sql<Record<string, number | string | null>>`SELECT ${sql.join(aggregates)} FROM (${query} OFFSET 0) l`.execute(db);
  const row = result.rows[0] ?? {};
  for (const s of scored) {
    const n = Number(row[`${s.column}_count`] ?? 0);
    const mean = row[`${s.column}_mean`];
    out.get(asked[s.instrument]!.instrument.id)!.set(s.scale.id, { n, mean: n && mean !== null && mean !== undefined ? Number(mean) : null });
  }
  return out;
}
