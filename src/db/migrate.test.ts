import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, type Database } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';
import { backends } from '../../test/databases.ts';
import { buildTestApp, TestBrowser, testPassword } from '../../test/app.ts';
import { hash } from '@node-rs/argon2';

/**
 * Upgrades, as a team running an early version meets them: a database made by the first migration
 * and holding data is brought up to date one migration at a time, and everything in it is still
 * there and usable through the app.
 */

// The backends open databases already migrated; these tests need one at the very start.
async function emptyDatabase(kind: 'embedded' | 'postgres'): Promise<{ database: Database; done(): Promise<void> }> {
  if (kind === 'embedded') {
    const database = await openEmbeddedDatabase('memory');
    return { database, done: () => database.close() };
  }
  const fresh = await backends.find((b) => b.name === 'postgres')!.open();
  // A migrated database of its own, emptied back to nothing but its name.
  await fresh.inScriptTransaction((run) => run('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
  return { database: fresh, done: () => fresh.close() };
}

describe.each(backends)('upgrading a database from the first schema, on $name', (backend) => {
  it('applies every later migration over data and keeps the data usable', { timeout: 120_000 }, async () => {
    const { database, done } = await emptyDatabase(backend.name);
    try {
      const migrations = listMigrations();
      expect(migrations[0]!.version).toBe(1);
      await migrate(database, migrations.slice(0, 1));

      const db = database.db;
      const user = await db
        .insertInto('users')
        .values({ email: 'early@example.org', name: 'Early Adopter', password_hash: await hash(testPassword) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const evaluation = await db
        .insertInto('evaluations')
        .values({ slug: 'early', title: 'An evaluation from the first version', commissioner: 'Department of Health' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('memberships').values({ evaluation_id: evaluation.id, user_id: user.id, role: 'lead' }).execute();
      const unit = await db
        .insertInto('units')
        .values({ evaluation_id: evaluation.id, kind: 'programme', name: 'Mental health', short_name: 'MHI' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('budget_lines').values({ evaluation_id: evaluation.id, unit_id: unit.id, financial_year: '2005/06', label: 'Mental health', amount_thousands: '24180.5' }).execute();
      await db.insertInto('people').values({ evaluation_id: evaluation.id, name: 'Chris Patel', email: 'chris@example.org', unit_id: unit.id, last_verified_on: '2005-03-01' }).execute();

      // One migration at a time, each over the data the earlier ones left.
      for (let upTo = 2; upTo <= migrations.length; upTo++) await migrate(database, migrations.slice(0, upTo));
      expect(await migrate(database), 'nothing is left to apply').toEqual([]);

      const person = await db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      expect(person).toMatchObject({ name: 'Chris Patel', email: 'chris@example.org', unit_id: unit.id, last_verified_on: '2005-03-01', merged_into_id: null });
      const budget = await db.selectFrom('budget_lines').select('amount_thousands').executeTakeFirstOrThrow();
      expect(budget.amount_thousands).toBe('24180.5');

      // The early account signs in and sees its evaluation and its directory.
      const built = await buildTestApp(database);
      try {
        const browser = new TestBrowser(built.app);
        await browser.signIn({ email: 'early@example.org' });
        const people = await browser.get('/evaluations/early/people');
        expect(people.statusCode).toBe(200);
        expect(people.body).toContain('Chris Patel');
      } finally {
        await built.app.close();
      }
    } finally {
      await done();
    }
  });
});
