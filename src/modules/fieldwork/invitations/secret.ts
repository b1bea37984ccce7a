import { randomBytes } from 'node:crypto';
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';

const settingName = 'formative_secret';
const made = new WeakMap<Db, Promise<string>>();

/**
 * The secret personal links are derived from: FORMATIVE_SECRET when it is set, else one made the
 * first time it is needed and kept in the settings table, so links stay the same across restarts
 * and between the processes of one installation. Only with FORMATIVE_SECRET set is the database
 * alone unable to produce links; the README says so.
 */
export function serverSecret(db: Db, config: Pick<Config, 'secret'>): Promise<string> {
  if (config.secret) return Promise.resolve(config.secret);
  let secret = made.get(db);
  if (!secret) {
    secret = storedSecret(db);
    made.set(db, secret);
    secret.catch(() => made.delete(db));
  }
  return secret;
}

async function storedSecret(db: Db): Promise<string> {
  // Two processes starting together both insert; the first wins and both read its value.
  await db.insertInto('settings').values({ name: settingName, value: randomBytes(32).toString('base64url') }).onConflict((c) => c.column('name').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('name', '=', settingName).executeTakeFirstOrThrow();
  return row.value;
}
