import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import { emptyTables, fillEveryTable, tableContents } from '../../test/every-table.ts';
import { writeBackup } from './backup.ts';
import { openEmbeddedDatabase, type Database } from './database.ts';
import { currentSchemaVersion, listMigrations, migrate } from './migrate.ts';
import { restoreBackup } from './restore.ts';

const postgres = backends.find((b) => b.name === 'postgres');

// Tables outside the migrations with what a backup finds hardest: every awkward type, a computed
// column, a reference to the same table, a cycle between two tables, and a trigger that changes rows.
const probeTables = `
CREATE TABLE probe_owner (id integer PRIMARY KEY, probe_id integer);
CREATE TABLE probe (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id integer REFERENCES probe_owner(id),
  partner_id integer REFERENCES probe(id),
  data bytea, ratio double precision, small real, tags text[], local_at timestamp, span interval, flag boolean,
  big bigint, amount numeric, doubled numeric GENERATED ALWAYS AS (amount * 2) STORED, doc json, note text
);
ALTER TABLE probe_owner ADD FOREIGN KEY (probe_id) REFERENCES probe(id);
CREATE FUNCTION probe_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, '') || '!'; RETURN NEW; END $$;
CREATE TRIGGER probe_mark BEFORE INSERT OR UPDATE ON probe FOR EACH ROW EXECUTE FUNCTION probe_mark();`;

const probeRows = `
INSERT INTO probe (data, ratio, small, tags, local_at, span, flag, big, amount, doc, note) VALUES
  ('\\x00ff10', 0.1, 3.4028235e38, '{a,"b \\"c\\"",NULL}', '2024-01-01 00:00:00.000001', '1 year 2 mons 3 days 04:05:06.789',
   true, 9223372036854775807, -0.000000000000000000001, '{"b":1,  "a":[1,2],\n "b":2}', 'first'),
  (NULL, 'NaN', '-Infinity', '{}', NULL, NULL, false, NULL, 12.30, NULL, NULL);
INSERT INTO probe_owner VALUES (1, 2), (2, NULL);
UPDATE probe SET owner_id = 1, partner_id = 2 WHERE id = 1;
UPDATE probe SET partner_id = 1 WHERE id = 2;`;

describe.each(backends)('backup and restore on $name', (backend) => {
  let source: Database;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    source = await backend.open();
    await fillEveryTable(source.db);
    dir = await mkdtemp(join(tmpdir(), 'formative-backup-'));
    file = join(dir, 'formative.backup.gz');
    await writeBackup(source, file);
  });
  afterAll(async () => {
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up every table, filled', async () => {
    expect(await emptyTables(source), 'fill the new table in test/every-table.ts').toEqual([]);
    const lines = gunzipSync(await readFile(file)).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'formative-backup', version: 1, schemaVersion: Math.max(...listMigrations().map((m) => m.version)) });
    expect(header.tables).not.toContain('schema_migrations');
    expect(header.tables.indexOf('users')).toBeLessThan(header.tables.indexOf('memberships'));
    expect(header.tables.indexOf('evaluations')).toBeLessThan(header.tables.indexOf('units'));
    expect(lines.at(-1)).toBe('{"end":true}');
  });

  it('restores every row of every table exactly, and the audit log numbering continues after them', async () => {
    const target = await backend.open();
    try {
      const summary = await restoreBackup(target, file);
      expect(await tableContents(target)).toEqual(await tableContents(source));
      expect(summary.tables).toMatchObject({ users: 2, units: 4, audit_log: 3, people: 2 });
      expect(summary.applied).toEqual([]);
      const added = await target.db
        .insertInto('audit_log')
        .values({ evaluation_id: null, user_id: null, action: 'sign-in', entity: 'user', entity_id: null, detail: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const highest = await source.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      expect(added.id).toBe(Number(highest.id) + 1);
    } finally {
      await target.close();
    }
  });

  it.skipIf(!postgres || backend.name === 'postgres')('restores an embedded backup onto a PostgreSQL server', async () => {
    const target = await postgres!.open();
    try {
      await restoreBackup(target, file);
      expect(await tableContents(target)).toEqual(await tableContents(source));
    } finally {
      await target.close();
    }
  });

  it('refuses garbage, foreign, truncated, damaged and newer files, and a database that holds data, changing nothing', async () => {
    const target = await backend.open();
    try {
      const before = await tableContents(target);
      const bytes = await readFile(file);
      const text = gunzipSync(bytes).toString('utf8');
      const cases: [string, Buffer | string, RegExp][] = [
        ['garbage', Buffer.from('this is not a backup at all'), /is not a Formative backup/],
        ['empty', Buffer.alloc(0), /is not a Formative backup/],
        ['foreign', gzipSync('{"hello": "world"}\n'), /is not a Formative backup/],
        ['truncated', bytes.subarray(0, Math.floor(bytes.length * 0.7)), /is incomplete: the file ends early/],
        ['cut at a line', gzipSync(text.split('\n').slice(0, -3).join('\n') + '\n'), /is incomplete/],
        ['damaged row', gzipSync(text.replace('"id":"6b3c3a1e-0000-4000-8000-000000000001"', '"id":"not a uuid"')), /is damaged: the rows of table users cannot be stored/],
        ['newer', gzipSync(text.replace(/"schemaVersion":\d+/, '"schemaVersion":999')), /newer version of Formative \(schema version 999/],
      ];
      for (const [name, content, message] of cases) {
        const path = join(dir, `${name}.gz`);
        await writeFile(path, content);
        await expect(restoreBackup(target, path), name).rejects.toThrow(message);
        expect(await tableContents(target), name).toEqual(before);
      }
      await expect(restoreBackup(target, join(dir, 'missing.gz'))).rejects.toThrow(/Cannot read the backup file .*missing\.gz \(ENOENT\)/);

      await target.db.insertInto('users').values({ email: 'someone@example.org', name: 'Someone', password_hash: 'x' }).execute();
      const filled = await tableContents(target);
      await expect(restoreBackup(target, file)).rejects.toThrow(/already holds data \(in users\): restore only into a new, empty database/);
      expect(await tableContents(target)).toEqual(filled);
    } finally {
      await target.close();
    }
  });

  it('round-trips awkward types, computed columns, reference cycles and tables with triggers', async () => {
    const probeSource = await backend.open();
    const probeTarget = await backend.open();
    try {
      await probeSource.inScriptTransaction((run) => run(probeTables + probeRows));
      await probeTarget.inScriptTransaction((run) => run(probeTables));
      const probeFile = join(dir, 'probe.gz');
      await writeBackup(probeSource, probeFile);
      expect(gunzipSync(await readFile(probeFile)).toString('utf8')).toContain('\\n \\"b\\":2}');
      await restoreBackup(probeTarget, probeFile);
      const restored = await tableContents(probeTarget);
      const original = await tableContents(probeSource);
      expect(restored.probe).toEqual(original.probe);
      expect(restored.probe_owner).toEqual(original.probe_owner);
      expect(restored.probe).toContain('"note":"first!!"');
      const [next] = await probeTarget.inScriptTransaction((run) => run(`INSERT INTO probe (note) VALUES ('new') RETURNING id, note`));
      expect(next).toEqual({ id: 3, note: 'new!' });
    } finally {
      await probeSource.close();
      await probeTarget.close();
    }
  });
});

describe('restoring a backup made by an older version', () => {
  it('brings the schema to the backup\'s version first and up to date after the rows', async () => {
    const [first, ...later] = listMigrations();
    const dir = await mkdtemp(join(tmpdir(), 'formative-backup-'));
    const old = await openEmbeddedDatabase('memory');
    const fresh = await openEmbeddedDatabase('memory');
    const migrated = await backends[0]!.open();
    try {
      await migrate(old, [first!]);
      await old.db.insertInto('users').values({ email: 'ann@example.org', name: 'Ann Lee', password_hash: 'x' }).execute();
      const file = join(dir, 'old.gz');
      expect((await writeBackup(old, file)).schemaVersion).toBe(first!.version);

      await expect(restoreBackup(migrated, file)).rejects.toThrow(/restore into a database that has never been migrated/);
      const summary = await restoreBackup(fresh, file);
      expect(summary.applied).toEqual(later.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`));
      expect(await currentSchemaVersion(fresh)).toBe(later.at(-1)?.version ?? first!.version);
      expect(await fresh.db.selectFrom('users').select('name').execute()).toEqual([{ name: 'Ann Lee' }]);
    } finally {
      await Promise.all([old.close(), fresh.close(), migrated.close()]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
