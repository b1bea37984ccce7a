import type { Command } from './command.ts';
import { CliError } from './output.ts';
import type { Database } from '../db/database.ts';
import { DemoLoadError, loadDemo, type DemoResult } from '../demo/load.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { serve } from '../server.ts';

function describeLoad(demo: DemoResult): string {
  const counts = Object.entries(demo.counts)
    .filter(([what]) => ['phases', 'waves', 'units', 'budgetLines', 'people'].includes(what))
    .map(([what, n]) => `${n} ${what === 'budgetLines' ? 'budget lines' : what}`)
    .join(', ');
  return demo.loaded
    ? `Demo evaluation loaded: ${demo.evaluation.title} (${counts}).`
    : `The demo evaluation is already loaded ("${demo.evaluation.title}"); nothing was added.`;
}

function describeSignIn(demo: DemoResult): string {
  return demo.accounts.map((a) => `Sign in as ${a.email} with password ${a.password} (${a.purpose}).`).join('\n');
}

async function load(database: Database): Promise<DemoResult> {
  try {
    return await loadDemo(database);
  } catch (error) {
    await database.close();
    throw error instanceof DemoLoadError ? new CliError(error.message) : error;
  }
}

export const demoCommand: Command = {
  words: ['demo'],
  usage: 'formative demo [--port N] [--data DIR] [--no-serve]',
  summary: 'Load the demo evaluation (once) and start Formative with it; --no-serve only loads it',
  options: { port: { type: 'string' }, host: { type: 'string' }, 'no-serve': { type: 'boolean' } },
  async run({ options, config, output }) {
    const database = await openMigratedDatabase(config);
    const demo = await load(database);
    const text = `${describeLoad(demo)}\n${describeSignIn(demo)}`;
    if (options['no-serve'] === true) {
      await database.close();
      output.result(demo, text);
      return;
    }
    // Said before the server starts, so the sign-in is on screen even while it is still starting.
    output.note(text);
    try {
      await serve(config, database, (url) =>
        output.result(
          { ...demo, url, database: database.kind, location: database.location },
          `Formative is running on ${url} (${database.kind} database: ${database.location}). Sign in at ${url}/sign-in. Press Ctrl+C to stop.`,
        ),
      );
    } catch (error) {
      // serve closes the database when it stops; when it fails to start, the folder must not stay locked.
      await database.close().catch(() => undefined);
      throw error;
    }
  },
};
