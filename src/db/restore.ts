import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Database, ScriptRunner } from './database.ts';
import { BackupError, damaged, incomplete, lines, notABackup, readParts, type BackupHeader, type BackupPart } from './backup-format.ts';
import { quoteText, readCatalog, schemaVersionIn, tableName } from './catalog.ts';
import { applyMigrations, listMigrations, lockSchema, type Migration } from './migrate.ts';
import { TableLoader } from './restore-tables.ts';

export interface RestoreSummary {
  file: string;
  /** The schema version the backup was made at. */
  schemaVersion: number;
  createdAt: string;
  /** Rows restored, by table. */
  tables: Record<string, number>;
  /** Migrations applied after the rows, to bring an older backup up to this version of Formative. */
  applied: string[];
}

/** The file's bytes, unzipped; read and zip errors become messages about the file. */
async function* unzipped(file: string): AsyncGenerator<Buffer> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'Z_BUF_ERROR') throw incomplete(file);
    if (code === 'Z_DATA_ERROR' && /header/.test(message)) throw notABackup(file);
    if (code === 'Z_DATA_ERROR') throw damaged(file, 'its compressed data is corrupt');
    throw new BackupError(`Cannot read the backup file ${file} (${code ?? message}).`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

async function checkReadable(file: string): Promise<void> {
  let size: number;
  try {
    await access(file, constants.R_OK);
    size = (await stat(file)).size;
  } catch (error) {
    throw new BackupError(`Cannot read the backup file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`);
  }
  if (size === 0) throw notABackup(file);
}

/** Refuses to restore over anything: a backup replaces nothing, it only fills an empty database. */
async function refuseUnlessEmpty(run: ScriptRunner, location: string): Promise<void> {
  const tables = await readCatalog(run);
  if (!tables.length) return;
  const probes = tables.map((t) => `SELECT ${quoteText(t.name)} AS name WHERE EXISTS (SELECT 1 FROM ${tableName(t.name)})`);
  const filled = (await run(probes.join(' UNION ALL '))).map((r) => String(r.name));
  if (filled.length) {
    throw new BackupError(`The database ${location} already holds data (in ${filled.join(', ')}): restore only into a new, empty database or data folder.`);
  }
}

async function bringSchemaTo(run: ScriptRunner, header: BackupHeader, migrations: Migration[]): Promise<void> {
  await applyMigrations(run, migrations.filter((m) => m.version <= header.schemaVersion));
  const version = await schemaVersionIn(run);
  if (version !== header.schemaVersion) {
    throw new BackupError(
      `The database is at schema version ${version} and the backup at ${header.schemaVersion}: restore into a database that has never been migrated (a new --data folder or a new PostgreSQL database).`,
    );
  }
}

async function nextPart(parts: AsyncGenerator<BackupPart>): Promise<BackupPart | undefined> {
  const result = await parts.next();
  return result.done ? undefined : result.value;
}

function refuseNewerSchema(header: BackupHeader, file: string, migrations: Migration[]): void {
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  if (header.schemaVersion > latest) {
    throw new BackupError(`${file} was made by a newer version of Formative (schema version ${header.schemaVersion}; this one knows up to ${latest}): upgrade Formative, then restore.`);
  }
}

async function restoreParts(
  run: ScriptRunner,
  parts: AsyncGenerator<BackupPart>,
  { file, location, migrations }: { file: string; location: string; migrations: Migration[] },
): Promise<RestoreSummary> {
  const first = await nextPart(parts);
  if (first?.kind !== 'header') throw notABackup(file);
  const { header } = first;
  refuseNewerSchema(header, file, migrations);
  await lockSchema(run);
  await refuseUnlessEmpty(run, location);
  await bringSchemaTo(run, header, migrations);
  const catalog = new Map((await readCatalog(run)).map((t) => [t.name, t]));
  const loader = new TableLoader(run, catalog, file, header.schemaVersion);
  for (let part = await nextPart(parts); part; part = await nextPart(parts)) {
    if (part.kind === 'table') await loader.startTable(part.table);
    else if (part.kind === 'rows') await loader.insertRows(part.rows);
  }
  await loader.finish();
  const applied = await applyMigrations(run, migrations);
  return { file, schemaVersion: header.schemaVersion, createdAt: header.createdAt, tables: loader.rows, applied };
}

/**
 * Restores a backup made by `writeBackup` into an empty database, all in one transaction: the
 * schema is brought to the backup's version, the rows go in, sequences continue after them, and
 * the schema is brought up to date. Anything wrong with the file or the database changes nothing.
 */
export async function restoreBackup(database: Database, file: string, migrations = listMigrations()): Promise<RestoreSummary> {
  await checkReadable(file);
  return database.inScriptTransaction(async (run) => {
    // Row text is embedded in SQL as string literals, which are only safe with this setting.
    await run('SET LOCAL standard_conforming_strings = on');
    const parts = readParts(lines(unzipped(file), file), file);
    try {
      return await restoreParts(run, parts, { file, location: database.location, migrations });
    } finally {
      // Closes the file when restoring stopped part way.
      await parts.return(undefined);
    }
  });
}

/**
 * Checks that a file is a backup this version can restore, from its header alone, so the command
 * line can refuse a wrong file before opening (and perhaps creating) a database.
 */
export async function checkBackupFile(file: string, migrations = listMigrations()): Promise<BackupHeader> {
  await checkReadable(file);
  const parts = readParts(lines(unzipped(file), file), file);
  try {
    const first = await nextPart(parts);
    if (first?.kind !== 'header') throw notABackup(file);
    refuseNewerSchema(first.header, file, migrations);
    return first.header;
  } finally {
    await parts.return(undefined);
  }
}
