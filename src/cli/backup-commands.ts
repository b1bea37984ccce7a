import { existsSync } from 'node:fs';
import type { Command } from './command.ts';
import { CliError } from './output.ts';
import { writeBackup } from '../db/backup.ts';
import { openDatabase } from '../db/database.ts';
import { checkBackupFile, restoreBackup } from '../db/restore.ts';

const total = (tables: Record<string, number>) => Object.values(tables).reduce((sum, n) => sum + n, 0);

export const backupCommand: Command = {
  words: ['backup'],
  usage: 'formative backup --out FILE',
  summary: 'Write the whole database to one file that "formative restore" reads back',
  options: { out: { type: 'string' } },
  async run({ options, config, output }) {
    const file = options.out;
    if (typeof file !== 'string' || !file) throw new CliError('Give --out FILE, like: formative backup --out formative-2024-06-30.backup.gz');
    // Opening a folder that does not exist would create an empty database and back that up.
    if (!config.databaseUrl && !existsSync(config.dataDir)) throw new CliError(`There is no data folder ${config.dataDir}: give the folder to back up with --data DIR`);
    // As it is: a backup records the schema version, and restore brings it up to date.
    const database = await openDatabase(config);
    try {
      const summary = await writeBackup(database, file);
      const rows = total(summary.tables);
      output.result(
        { ...summary, rows },
        `Backed up ${rows} rows from ${Object.keys(summary.tables).length} tables (schema version ${summary.schemaVersion}) to ${file}.`,
      );
    } finally {
      await database.close();
    }
  },
};

export const restoreCommand: Command = {
  words: ['restore'],
  usage: 'formative restore FILE',
  summary: 'Restore a backup into a new, empty database or data folder',
  async run({ args, config, output }) {
    const [file, ...extra] = args;
    if (!file || extra.length) throw new CliError('Give one backup file, like: formative restore formative-2024-06-30.backup.gz --data DIR');
    // A wrong file is refused before a database is opened, so no empty data folder is left behind.
    await checkBackupFile(file);
    const database = await openDatabase(config);
    try {
      const summary = await restoreBackup(database, file);
      const rows = total(summary.tables);
      const applied = summary.applied.length ? ` Then applied ${summary.applied.join(', ')}.` : '';
      output.result(
        { ...summary, rows, database: database.kind, location: database.location },
        `Restored ${rows} rows into ${Object.keys(summary.tables).length} tables of ${database.location} from ${file} (made ${summary.createdAt}).${applied}`,
      );
    } finally {
      await database.close();
    }
  },
};
