import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openEmbeddedDatabase, type Database } from './database.ts';

/** Prepared statements on the embedded database, run through PgliteStatements by Database.prepared. */
describe('prepared statements on the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openEmbeddedDatabase('memory');
    await sql`CREATE TABLE t (id int PRIMARY KEY, on_day date, n bigint, doc jsonb, tags text[])`.execute(database.db);
  });
  afterAll(() => database.close());

  const insert = { name: 'test_insert', text: 'INSERT INTO t VALUES ($1, $2, $3, $4, $5) RETURNING *' };
  const update = { name: 'test_update', text: 'UPDATE t SET n = n + 1 WHERE id = ANY($1::int[]) RETURNING id' };

  it('returns values as Kysely queries do: dates as text, 64-bit counts as numbers, JSON parsed', async () => {
    const { rows, rowCount } = await database.prepared(insert, [1, '2006-04-03', 41, JSON.stringify({ q1: 4 }), ['a', 'b']]);
    expect(rowCount).toBe(1);
    expect(rows).toEqual([{ id: 1, on_day: '2006-04-03', n: 41, doc: { q1: 4 }, tags: ['a', 'b'] }]);
    await database.prepared(insert, [2, null, 0, '{}', []]);
    const again = await database.prepared(update, [[1, 2, 3]]);
    expect(again.rowCount).toBe(2);
  });

  it('reports a broken constraint with its code and leaves the session usable', async () => {
    await expect(database.prepared(insert, [1, null, 0, '{}', []])).rejects.toMatchObject({ code: '23505' });
    expect((await database.prepared({ name: 'test_count', text: 'SELECT count(*) AS n FROM t WHERE id > $1' }, [0])).rows).toEqual([{ n: 2 }]);
  });

  it('waits for a transaction another caller has open, so it never runs inside it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = database.db.transaction().execute(async (trx) => {
      await sql`UPDATE t SET n = 100 WHERE id = 1`.execute(trx);
      await held;
      throw new Error('rolled back');
    });
    const read = database.prepared<{ n: number }>({ name: 'test_read', text: 'SELECT n FROM t WHERE id = $1' }, [1]);
    release();
    await expect(transaction).rejects.toThrow('rolled back');
    expect((await read).rows[0]!.n, 'the rolled-back change was never seen').toBe(42);
  });
});
