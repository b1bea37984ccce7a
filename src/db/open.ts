import type { Config } from '../config.ts';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';

/**
 * Opens the database named by the config, bringing its schema up to date. Kept apart from the
 * server so that a command which only reads or writes data does not load the whole web application.
 */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
