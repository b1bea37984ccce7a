import type { Command } from './command.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { serve } from '../server.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

const port = { type: 'string' as const };

export const serveCommand: Command = {
  words: ['serve'],
  usage: 'formative serve [--port N] [--data DIR]',
  summary: 'Start Formative on the embedded database in DIR, or on DATABASE_URL when set',
  options: { port, host: { type: 'string' } },
  async run({ config, output }) {
    const database = await openMigratedDatabase(config);
    await serve(config, database, (url) => output.result({ url, database: database.kind, location: database.location }, `Formative is running on ${url} (${database.kind} database: ${database.location}). Press Ctrl+C to stop.`));
  },
};

export const migrateCommand: Command = {
  words: ['migrate'],
  usage: 'formative migrate [--data DIR]',
  summary: 'Bring the database schema up to date',
  async run({ config, output }) {
    const database = await openDatabase(config);
    try {
      const applied = await migrate(database);
      output.result({ applied }, applied.length ? `Applied ${applied.join(', ')}.` : 'The database is up to date.');
    } finally {
      await database.close();
    }
  },
};
