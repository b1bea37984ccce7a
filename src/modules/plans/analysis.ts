import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../accounts/audit.ts';
import { normaliseTheme, splitList } from './plan-rows.ts';

/**
 * What the plans say about how the organisation works: how many deliverables and workstreams each
 * programme has year by year (do programmes proliferate?), which work is cross-cutting (two or
 * more programmes, or a cross-cutting theme), and which themes each programme works on. Counted
 * by PostgreSQL, so the numbers come from one pass over the deliverables.
 */

export const defaultCrossCuttingThemes = ['workforce', 'commissioning', 'social inclusion'];

export async function crossCuttingThemes(db: Db, evaluationId: string): Promise<string[]> {
  const row = await db.selectFrom('plan_settings').select('cross_cutting_themes').where('evaluation_id', '=', evaluationId).executeTakeFirst();
  return row ? row.cross_cutting_themes : [...defaultCrossCuttingThemes];
}

export const crossCuttingInput = z.object({
  themes: z
    .string({ error: 'Enter the cross-cutting themes' })
    .transform((text) => [...new Set(splitList(text.replace(/\r?\n/g, ';')).map(normaliseTheme))])
    .refine((list) => list.every((t) => t.length <= 100), 'Each theme must be 100 characters or fewer')
    .refine((list) => list.length <= 50, 'Give 50 themes or fewer'),
});

export async function setCrossCuttingThemes(db: Db, actorId: string | null, evaluationId: string, input: z.input<typeof crossCuttingInput>): Promise<string[]> {
  const { themes } = crossCuttingInput.parse(input);
  await db
    .insertInto('plan_settings')
    .values({ evaluation_id: evaluationId, cross_cutting_themes: themes })
    .onConflict((oc) => oc.column('evaluation_id').doUpdateSet({ cross_cutting_themes: themes, updated_at: new Date() }))
    .execute();
  await recordAudit(db, { evaluationId, userId: actorId, action: 'update', entity: 'cross-cutting-themes', detail: { themes } });
  return themes;
}

export interface ProgrammeYear {
  unitId: string;
  unitName: string;
  planYear: string;
  deliverables: number;
  workstreams: number;
  plans: number;
}

export interface YearTotals {
  planYear: string;
  deliverables: number;
  workstreams: number;
  plans: number;
  /** Programmes (units) named by at least one deliverable that year. */
  programmes: number;
  meanProgrammesPerDeliverable: number;
}

/** Deliverables, workstreams and plans per programme per plan year, and each year's totals. */
export async function programmesByYear(db: Db, evaluationId: string): Promise<{ years: YearTotals[]; cells: ProgrammeYear[] }> {
  const cells = await sql<{ unit_id: string; unit_name: string; plan_year: string; deliverables: number; workstreams: number; plans: number }>`
    SELECT dp.unit_id, u.name AS unit_name, d.plan_year,
           count(*)::int AS deliverables, count(DISTINCT d.workstream_id)::int AS workstreams, count(DISTINCT w.plan_id)::int AS plans
    FROM deliverables d
    JOIN deliverable_programmes dp ON dp.deliverable_id = d.id
    JOIN units u ON u.id = dp.unit_id
    JOIN workstreams w ON w.id = d.workstream_id
    WHERE d.evaluation_id = ${evaluationId}
    GROUP BY dp.unit_id, u.name, u.kind, u.position, d.plan_year
    ORDER BY u.kind, u.position, u.name, d.plan_year`.execute(db);
  const years = await sql<{ plan_year: string; deliverables: number; workstreams: number; plans: number; programmes: number; mean: number | string | null }>`
    WITH links AS (
      SELECT d.plan_year, dp.deliverable_id, dp.unit_id FROM deliverable_programmes dp JOIN deliverables d ON d.id = dp.deliverable_id
      WHERE d.evaluation_id = ${evaluationId})
    SELECT d.plan_year, count(*)::int AS deliverables, count(DISTINCT d.workstream_id)::int AS workstreams, count(DISTINCT w.plan_id)::int AS plans,
           (SELECT count(DISTINCT l.unit_id)::int FROM links l WHERE l.plan_year = d.plan_year) AS programmes,
           (SELECT count(*) FROM links l WHERE l.plan_year = d.plan_year)::float8 / count(*) AS mean
    FROM deliverables d JOIN workstreams w ON w.id = d.workstream_id
    WHERE d.evaluation_id = ${evaluationId}
    GROUP BY d.plan_year ORDER BY d.plan_year`.execute(db);
  return {
    years: years.rows.map((r) => ({ planYear: r.plan_year, deliverables: r.deliverables, workstreams: r.workstreams, plans: r.plans, programmes: r.programmes, meanProgrammesPerDeliverable: Number(r.mean ?? 0) })),
    cells: cells.rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, planYear: r.plan_year, deliverables: r.deliverables, workstreams: r.workstreams, plans: r.plans })),
  };
}

export interface CrossCuttingYear {
  planYear: string;
  deliverables: number;
  /** Involving two or more programmes. */
  byProgrammes: number;
  /** Tagged with a cross-cutting theme. */
  byTheme: number;
  /** Either. */
  crossCutting: number;
  percent: number;
}

export interface CrossCuttingProgramme {
  unitId: string;
  unitName: string;
  deliverables: number;
  crossCutting: number;
  percent: number;
}

export interface CrossCutting {
  themes: string[];
  years: CrossCuttingYear[];
  programmes: CrossCuttingProgramme[];
}

const percent = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

/** Cross-cutting work by plan year and by programme. */
export async function crossCutting(db: Db, evaluationId: string): Promise<CrossCutting> {
  const themes = await crossCuttingThemes(db, evaluationId);
  const themeArray = sql`${sql.val(themes)}::text[]`;
  // Programme counts by one grouped join (a hash join over all links), not a lookup per deliverable.
  const flagged = sql`
    SELECT d.id, d.plan_year, coalesce(c.n, 0) >= 2 AS by_programmes, d.themes && ${themeArray} AS by_theme
    FROM deliverables d
    LEFT JOIN (SELECT dp.deliverable_id, count(*) AS n FROM deliverable_programmes dp JOIN deliverables x ON x.id = dp.deliverable_id
               WHERE x.evaluation_id = ${evaluationId} GROUP BY dp.deliverable_id) c ON c.deliverable_id = d.id
    WHERE d.evaluation_id = ${evaluationId}`;
  const years = await sql<{ plan_year: string; deliverables: number; by_programmes: number; by_theme: number; cross_cutting: number }>`
    WITH f AS (${flagged})
    SELECT plan_year, count(*)::int AS deliverables,
           count(*) FILTER (WHERE by_programmes)::int AS by_programmes,
           count(*) FILTER (WHERE by_theme)::int AS by_theme,
           count(*) FILTER (WHERE by_programmes OR by_theme)::int AS cross_cutting
    FROM f GROUP BY plan_year ORDER BY plan_year`.execute(db);
  const programmes = await sql<{ unit_id: string; unit_name: string; deliverables: number; cross_cutting: number }>`
    WITH f AS (${flagged})
    SELECT dp.unit_id, u.name AS unit_name, count(*)::int AS deliverables,
           count(*) FILTER (WHERE f.by_programmes OR f.by_theme)::int AS cross_cutting
    FROM f JOIN deliverable_programmes dp ON dp.deliverable_id = f.id JOIN units u ON u.id = dp.unit_id
    GROUP BY dp.unit_id, u.name, u.kind, u.position ORDER BY u.kind, u.position, u.name`.execute(db);
  return {
    themes,
    years: years.rows.map((r) => ({ planYear: r.plan_year, deliverables: r.deliverables, byProgrammes: r.by_programmes, byTheme: r.by_theme, crossCutting: r.cross_cutting, percent: percent(r.cross_cutting, r.deliverables) })),
    programmes: programmes.rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, deliverables: r.deliverables, crossCutting: r.cross_cutting, percent: percent(r.cross_cutting, r.deliverables) })),
  };
}

export interface ThemeMatrix {
  themes: string[];
  programmes: { unitId: string; unitName: string }[];
  /** counts[theme index][programme index]: deliverables with that theme involving that programme. */
  counts: number[][];
  /** Deliverables with each theme, whatever their programmes. */
  themeTotals: number[];
}

/** Theme × programme: how many deliverables with each theme involve each programme, for one plan year or all. */
export async function themeMatrix(db: Db, evaluationId: string, planYear?: string): Promise<ThemeMatrix> {
  const year = planYear ? sql`AND d.plan_year = ${planYear}` : sql``;
  const cells = await sql<{ theme: string; unit_id: string; n: number }>`
    SELECT t.theme, dp.unit_id, count(*)::int AS n
    FROM deliverables d CROSS JOIN LATERAL unnest(d.themes) AS t(theme)
    JOIN deliverable_programmes dp ON dp.deliverable_id = d.id
    WHERE d.evaluation_id = ${evaluationId} ${year}
    GROUP BY t.theme, dp.unit_id`.execute(db);
  const totals = await sql<{ theme: string; n: number }>`
    SELECT t.theme, count(*)::int AS n
    FROM deliverables d CROSS JOIN LATERAL unnest(d.themes) AS t(theme)
    WHERE d.evaluation_id = ${evaluationId} ${year}
    GROUP BY t.theme ORDER BY count(*) DESC, t.theme`.execute(db);
  const units = await sql<{ id: string; name: string }>`
    SELECT u.id, u.name FROM units u
    WHERE u.id IN (SELECT dp.unit_id FROM deliverable_programmes dp JOIN deliverables d ON d.id = dp.deliverable_id WHERE d.evaluation_id = ${evaluationId} ${year})
    ORDER BY u.kind, u.position, u.name`.execute(db);
  const themes = totals.rows.map((r) => r.theme);
  const themeIndex = new Map(themes.map((t, i) => [t, i]));
  const unitIndex = new Map(units.rows.map((u, i) => [u.id, i]));
  const counts = themes.map(() => units.rows.map(() => 0));
  for (const c of cells.rows) counts[themeIndex.get(c.theme)!]![unitIndex.get(c.unit_id)!] = c.n;
  return { themes, programmes: units.rows.map((u) => ({ unitId: u.id, unitName: u.name })), counts, themeTotals: totals.rows.map((r) => r.n) };
}

export async function planYears(db: Db, evaluationId: string): Promise<string[]> {
  const rows = await db.selectFrom('deliverables').select('plan_year').distinct().where('evaluation_id', '=', evaluationId).orderBy('plan_year').execute();
  return rows.map((r) => r.plan_year);
}

const csvCell = (v: string | number) => {
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
export const toCsv = (rows: (string | number)[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
