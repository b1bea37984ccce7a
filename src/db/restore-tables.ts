import type { ScriptRunner } from './database.ts';
import { BackupError, damaged, type TableLine } from './backup-format.ts';
import { quoteName, quoteText, tableName, type TableInfo } from './catalog.ts';

/** A table being restored: which backup columns go where, and which must wait for other rows. */
interface TableInProgress {
  info: TableInfo;
  expectedRows: number;
  columns: string[];
  /** Columns inserted empty, then filled from `patchTable` once every table is in. */
  deferred: string[];
  patchTable: string | undefined;
}

const list = (names: string[], prefix = '') => names.map((c) => `${prefix}${quoteName(c)}`).join(', ');

/**
 * Loads a backup's tables into an empty database, table by table in file order, inside the
 * caller's transaction. Types are converted by PostgreSQL itself (json_populate_recordset), so a
 * value comes back exactly as `row_to_json` wrote it.
 */
export class TableLoader {
  private readonly loaded = new Set<string>();
  private readonly done: TableInProgress[] = [];
  private current: TableInProgress | undefined;
  readonly rows: Record<string, number> = {};

  constructor(
    private readonly run: ScriptRunner,
    private readonly catalog: Map<string, TableInfo>,
    private readonly file: string,
    private readonly schemaVersion: number,
  ) {}

  async startTable(line: TableLine): Promise<void> {
    const info = this.catalog.get(line.table);
    if (!info) throw new BackupError(`${this.file} holds a table ${line.table} that schema version ${this.schemaVersion} does not have. Nothing was restored.`);
    const writable = new Set(info.columns.filter((c) => !c.generated).map((c) => c.name));
    const unknown = line.columns.find((c) => !writable.has(c));
    if (unknown) throw damaged(this.file, `table ${line.table} has a column ${unknown} that schema version ${this.schemaVersion} does not have`);
    const deferred = this.deferredColumns(info, line.columns);
    const table: TableInProgress = { info, expectedRows: line.rows, columns: line.columns, deferred, patchTable: undefined };
    if (deferred.length) table.patchTable = await this.createPatchTable(table);
    // Rows are restored as they were; a trigger must not rewrite them or add rows elsewhere.
    if (info.hasTriggers) await this.run(`ALTER TABLE ${tableName(info.name)} DISABLE TRIGGER USER`);
    this.current = table;
    this.loaded.add(info.name);
    this.done.push(table);
    this.rows[info.name] = 0;
  }

  async insertRows(rows: string[]): Promise<void> {
    const table = this.current!;
    const batch = `json_populate_recordset(NULL::${tableName(table.info.name)}, ${quoteText(`[${rows.join(',')}]`)}::json)`;
    const values = table.columns.map((c) => (table.deferred.includes(c) ? 'NULL' : quoteName(c))).join(', ');
    const insert = `INSERT INTO ${tableName(table.info.name)} (${list(table.columns)}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM batch`;
    const statement = table.patchTable
      ? `WITH batch AS (SELECT * FROM ${batch}), inserted AS (${insert})
         INSERT INTO pg_temp.${quoteName(table.patchTable)} SELECT ${list([...table.info.primaryKey, ...table.deferred])} FROM batch
         WHERE ${table.deferred.map((c) => `${quoteName(c)} IS NOT NULL`).join(' OR ')}`
      : `WITH batch AS (SELECT * FROM ${batch}) ${insert}`;
    try {
      await this.run(statement);
    } catch (error) {
      throw damaged(this.file, `the rows of table ${table.info.name} cannot be stored (${(error as Error).message})`);
    }
    this.rows[table.info.name]! += rows.length;
  }

  /** Once every row is in: checks the counts, fills deferred references, restores triggers and sequences. */
  async finish(): Promise<void> {
    for (const table of this.done) {
      const [count] = await this.run(`SELECT count(*)::text AS n FROM ${tableName(table.info.name)}`);
      if (Number(count?.n) !== table.expectedRows) throw damaged(this.file, `table ${table.info.name} should have ${table.expectedRows} rows but has ${count?.n}`);
    }
    for (const table of this.done) if (table.patchTable) await this.applyPatch(table, table.patchTable);
    for (const table of this.done) if (table.info.hasTriggers) await this.run(`ALTER TABLE ${tableName(table.info.name)} ENABLE TRIGGER USER`);
    await this.resetSequences();
  }

  /**
   * The nullable columns of references that cannot be satisfied yet: to the table itself (a unit's
   * parent may come after it) or to a table later in the file (a cycle between tables).
   */
  private deferredColumns(info: TableInfo, present: string[]): string[] {
    const waiting = info.foreignKeys.filter((fk) => fk.references === info.name || (this.catalog.has(fk.references) && !this.loaded.has(fk.references)));
    const deferred = new Set<string>();
    for (const fk of waiting) {
      const nullable = fk.columns.filter((c) => present.includes(c) && !info.columns.find((col) => col.name === c)?.notNull);
      if (!nullable.length) throw new BackupError(`Cannot restore table ${info.name}: its reference to ${fk.references} cannot be left empty while the rows load.`);
      nullable.forEach((c) => deferred.add(c));
    }
    if (deferred.size && !info.primaryKey.length) throw new BackupError(`Cannot restore table ${info.name}: it refers to itself or to a later table but has no primary key.`);
    return [...deferred];
  }

  private async createPatchTable(table: TableInProgress): Promise<string> {
    const name = `formative_restore_${this.done.length}`;
    const columns = [...table.info.primaryKey, ...table.deferred];
    await this.run(`CREATE TEMP TABLE ${quoteName(name)} ON COMMIT DROP AS SELECT ${list(columns)} FROM ${tableName(table.info.name)} WITH NO DATA`);
    return name;
  }

  private async applyPatch(table: TableInProgress, patchTable: string): Promise<void> {
    const set = table.deferred.map((c) => `${quoteName(c)} = p.${quoteName(c)}`).join(', ');
    const match = table.info.primaryKey.map((c) => `t.${quoteName(c)} = p.${quoteName(c)}`).join(' AND ');
    try {
      await this.run(`UPDATE ${tableName(table.info.name)} AS t SET ${set} FROM pg_temp.${quoteName(patchTable)} AS p WHERE ${match}`);
    } catch (error) {
      throw damaged(this.file, `the references within table ${table.info.name} do not match (${(error as Error).message})`);
    }
  }

  /** Identity and serial columns continue after the highest restored value, not from 1. */
  private async resetSequences(): Promise<void> {
    const statements = [...this.catalog.values()].flatMap((info) =>
      info.columns
        .filter((c) => c.sequence)
        .map((c) => `SELECT setval(${quoteText(c.sequence!)}, m) FROM (SELECT max(${quoteName(c.name)}) AS m FROM ${tableName(info.name)}) s WHERE m IS NOT NULL`),
    );
    if (statements.length) await this.run(statements.join(';\n'));
  }
}
