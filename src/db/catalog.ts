import type { ScriptRunner } from './database.ts';

/**
 * What backup and restore need to know about the tables of the public schema, read from pg_catalog
 * so that tables added by later migrations are included without anyone listing them.
 */
export interface ColumnInfo {
  name: string;
  /** Computed by the database (GENERATED ALWAYS AS … STORED): never written, never restored. */
  generated: boolean;
  notNull: boolean;
  /** The sequence behind an identity or serial column, as a qualified name. */
  sequence: string | null;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** References to tables of the public schema, including the table itself. */
  foreignKeys: { references: string; columns: string[] }[];
  /** Whether the table has triggers of its own (not those that enforce constraints). */
  hasTriggers: boolean;
}

/** schema_migrations is not data: a backup records its state as the schema version instead. */
export const MIGRATIONS_TABLE = 'schema_migrations';

// One query answering with one JSON document, so both back ends return the same shape.
const catalogQuery = `
SELECT coalesce(json_agg(json_build_object(
  'name', c.relname,
  'columns', (
    SELECT json_agg(json_build_object(
      'name', a.attname,
      'generated', a.attgenerated <> '',
      'notNull', a.attnotnull,
      'sequence', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)
    ) ORDER BY a.attnum)
    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'primaryKey', coalesce((
    SELECT json_agg(a.attname ORDER BY k.position)
    FROM pg_constraint p
    CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE p.conrelid = c.oid AND p.contype = 'p'), '[]'::json),
  'foreignKeys', coalesce((
    SELECT json_agg(json_build_object(
      'references', r.relname,
      'columns', (
        SELECT json_agg(a.attname ORDER BY k.position)
        FROM unnest(f.conkey) WITH ORDINALITY AS k(attnum, position)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)
    ) ORDER BY f.conname)
    FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
    WHERE f.conrelid = c.oid AND f.contype = 'f' AND r.relnamespace = n.oid), '[]'::json),
  'hasTriggers', EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
) ORDER BY c.relname), '[]'::json)::text AS catalog
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '${MIGRATIONS_TABLE}'`;

/** Every data table of the public schema, by name. */
export async function readCatalog(run: ScriptRunner): Promise<TableInfo[]> {
  const rows = await run(catalogQuery);
  return JSON.parse(String(rows[0]?.catalog ?? '[]')) as TableInfo[];
}

/** The schema version recorded by migrations, 0 for a database never migrated. */
export async function schemaVersionIn(run: ScriptRunner): Promise<number> {
  const [exists] = await run(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS found`);
  if (!exists?.found) return 0;
  const [row] = await run(`SELECT coalesce(max(version), 0)::text AS version FROM public.${MIGRATIONS_TABLE}`);
  return Number(row?.version ?? 0);
}

export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableName(name: string): string {
  return `public.${quoteName(name)}`;
}

/** A string literal; safe because every backup and restore transaction turns standard_conforming_strings on. */
export function quoteText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Tables in an order where each comes after the tables it references, so rows can be inserted as
 * they are read. Self-references and cycles cannot be ordered away; restore handles those by
 * inserting the referring columns empty and filling them in once every row is in.
 */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: TableInfo[] = [];
  const waitsFor = (t: TableInfo) => t.foreignKeys.some((fk) => fk.references !== t.name && byName.has(fk.references) && !placed.has(fk.references));
  while (order.length < tables.length) {
    const remaining = tables.filter((t) => !placed.has(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    // In a cycle nothing is ready: take the first remaining table and let restore defer its references.
    const next = remaining.find((t) => !waitsFor(t)) ?? remaining[0]!;
    placed.add(next.name);
    order.push(next);
  }
  return order;
}
