import { rename, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Database, ScriptRunner } from './database.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, endLine, headerLine, rowLine, tableLine } from './backup-format.ts';
import { dependencyOrder, quoteName, readCatalog, schemaVersionIn, tableName, type TableInfo } from './catalog.ts';

export { BackupError } from './backup-format.ts';

export interface BackupSummary {
  file: string;
  schemaVersion: number;
  createdAt: string;
  /** Rows written, by table. */
  tables: Record<string, number>;
}

// Rows fetched from the cursor at a time: enough to keep round trips few, small enough for any row size.
const FETCH_SIZE = 500;
const CURSOR = 'formative_backup_rows';

/**
 * The SELECT for a table's rows as JSON text, in primary key order, without computed columns.
 * row_to_json keeps json columns exactly as stored (to_jsonb would reorder their keys).
 */
function rowsQuery(table: TableInfo): string {
  const columns = table.columns.filter((c) => !c.generated).map((c) => `formative_source.${quoteName(c.name)}`);
  const order = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map((c) => `formative_source.${quoteName(c)}`).join(', ')}` : '';
  return `SELECT row_to_json(formative_row)::text AS row FROM ${tableName(table.name)} AS formative_source,
    LATERAL (SELECT ${columns.join(', ')}) AS formative_row${order}`;
}

/** A table's line and then its rows, read through a cursor so no table has to fit in memory. */
async function* tableText(run: ScriptRunner, table: TableInfo, tally: Record<string, number>): AsyncGenerator<string> {
  const [count] = await run(`SELECT count(*)::text AS n FROM ${tableName(table.name)}`);
  const rows = Number(count?.n ?? 0);
  const columns = table.columns.filter((c) => !c.generated).map((c) => c.name);
  yield tableLine({ table: table.name, columns, rows });
  await run(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${rowsQuery(table)}`);
  // The count and the rows come from the same snapshot (REPEATABLE READ), so they always agree.
  for (;;) {
    const batch = await run(`FETCH FORWARD ${FETCH_SIZE} FROM ${CURSOR}`);
    if (!batch.length) break;
    yield batch.map((r) => rowLine(String(r.row))).join('');
  }
  await run(`CLOSE ${CURSOR}`);
  tally[table.name] = rows;
}

async function* backupText(run: ScriptRunner, summary: Omit<BackupSummary, 'file'>): AsyncGenerator<string> {
  const tables = dependencyOrder(await readCatalog(run));
  summary.schemaVersion = await schemaVersionIn(run);
  yield headerLine({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: summary.schemaVersion,
    createdAt: summary.createdAt,
    tables: tables.map((t) => t.name),
  });
  for (const table of tables) yield* tableText(run, table, summary.tables);
  yield endLine;
}

/**
 * Writes every row of every table to one gzip'd file that `restoreBackup` turns back into the same
 * database. It reads one consistent snapshot, and the file appears only once it is complete.
 */
export async function writeBackup(database: Database, file: string, createdAt = new Date()): Promise<BackupSummary> {
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  const summary = { schemaVersion: 0, createdAt: createdAt.toISOString(), tables: {} as Record<string, number> };
  try {
    await database.inScriptTransaction(async (run) => {
      await run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      // Values are written the same way whatever the server's settings.
      await run(`SET LOCAL standard_conforming_strings = on; SET LOCAL TimeZone = 'UTC'; SET LOCAL bytea_output = 'hex'; SET LOCAL IntervalStyle = 'postgres'`);
      await pipeline(backupText(run, summary), createGzip(), createWriteStream(partial, { flags: 'wx' }));
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code)) throw new BackupError(`Cannot write the backup to ${file} (${code}): choose another place with --out FILE.`);
    throw error;
  }
  return { file, ...summary };
}
