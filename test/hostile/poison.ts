import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * Markup a hostile or careless user might type into any text field. Each carries a marker so a
 * page showing it unescaped is found by plain string search.
 */
export const payloads = [
  '<script>alert("xss-1")</script>',
  '"><img src=x onerror=alert("xss-2")>',
  "'><svg onload=alert('xss-3')>",
  '</textarea><iframe src="javascript:alert(`xss-4`)">',
];
const suffix = ` ${payloads.join(' ')}`;

/** What must never appear in a page: any payload's markup, unescaped. */
export const liveMarkup = [/<script>alert\("xss-1"\)/, /<img src=x onerror=alert\("xss-2"\)>/, /<svg onload=alert\('xss-3'\)>/, /<iframe src="javascript:alert\(`xss-4`\)">/];

// Columns people type into, by name; others (ids, hashes, codes, kinds, dates) are left alone.
const freeText = /(^|_)(title|name|text|description|summary|note|notes|label|content|intro|welcome|thank_you|privacy_notice|reason|memo|body|statement|detail|issuer|organiser|commissioner|organisation_name|job_title|short_name|replacement|term|speaker|quote|attribution|conditions|removed|added|purpose_note|location)$/;

/**
 * Appends the payloads to every free-text column of every table, and to every text answer of every
 * response. Appending keeps unique names unique and positions in transcripts valid; an update a
 * table's own rules refuse (a length limit, say) is skipped. Returns the columns changed.
 */
export async function poisonEveryText(database: Database): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = 'text'
    ORDER BY c.table_name, c.column_name`.execute(database.db);
  const changed: string[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    if (!freeText.test(column)) continue;
    try {
      await database.db.transaction().execute((tx) =>
        sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)} || ${suffix} WHERE ${sql.ref(column)} IS NOT NULL AND ${sql.ref(column)} <> ''`.execute(tx),
      );
      changed.push(`${table}.${column}`);
    } catch {
      // The table's own rules refuse the longer text; the page showing it is tested elsewhere.
    }
  }
  await sql`
    UPDATE responses SET answers = (
      SELECT jsonb_object_agg(k, CASE WHEN jsonb_typeof(v) = 'string' THEN to_jsonb((v #>> '{}') || ${suffix}) ELSE v END)
      FROM jsonb_each(answers) AS e(k, v))
    WHERE answers <> '{}'::jsonb`.execute(database.db);
  changed.push('responses.answers');
  return changed;
}
