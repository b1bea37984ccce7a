import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { loadConfig, ConfigError, type ConfigOverrides } from './config.ts';
import { DataFolderError } from './db/data-folder.ts';
import { DatabaseError } from './db/database.ts';
import { HttpError } from './http/errors.ts';
import { commonOptions, type Command } from './cli/command.ts';
import { commands, type CommandEntry } from './cli/commands.ts';
import { CliError, createOutput } from './cli/output.ts';
import { ZodError } from 'zod';

function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  const matches = commands.filter((c) => c.words.every((word, i) => argv[i] === word));
  const best = matches.sort((a, b) => b.words.length - a.words.length)[0];
  return best && { entry: best, rest: argv.slice(best.words.length) };
}

/** The list of every command: the one place that loads them all. */
async function help(): Promise<string> {
  const all: Command[] = await Promise.all(commands.map((c) => c.load()));
  return [
    'Usage: formative COMMAND [options]',
    '',
    ...all.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Every command accepts --json for machine-readable output and --data DIR for the embedded database folder',
    '(default ./formative-data). With DATABASE_URL set, commands use that PostgreSQL server instead.',
  ].join('\n');
}

/** One line saying what went wrong, for errors a user can fix; a stack only for our own bugs. */
function describe(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  if (error instanceof CliError || error instanceof ConfigError || error instanceof DataFolderError || error instanceof DatabaseError || error instanceof HttpError) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(argv: string[]): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const unknown = argv.length && !argv[0]?.startsWith('-') ? `Unknown command: ${argv.join(' ')}\n\n` : '';
    process.stderr.write(`${unknown}${await help()}\n`);
    return argv.length && !['-h', '--help', 'help'].includes(argv[0] ?? '') ? 2 : 0;
  }
  const { entry, rest } = found;
  const command = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...commonOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`formative: ${(error as Error).message}. Usage: ${command.usage}\n`);
    return 2;
  }
  const options = parsed.values as Record<string, string | boolean | undefined>;
  if (options.help) {
    process.stdout.write(`Usage: ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  const output = createOutput(options.json === true);
  try {
    const overrides: ConfigOverrides = {};
    if (typeof options.data === 'string') overrides.dataDir = options.data;
    if (typeof options.port === 'string') {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${options.port}"`);
      overrides.port = port;
    }
    if (typeof options.host === 'string') overrides.host = options.host;
    const config = loadConfig(process.env, overrides);
    await command.run({ options, args: parsed.positionals, config, output });
    return 0;
  } catch (error) {
    const message = describe(error);
    if (output.json) process.stdout.write(`${JSON.stringify({ error: message.split('\n')[0] })}\n`);
    process.stderr.write(`formative: ${message}\n`);
    return 1;
  }
}

// Most of a busy process's garbage outlives a young-generation collection only because its
// request or row is still in flight; by default V8 then lets the old space grow to several times
// what is live (a server near 400 MB for 55 MB live in bench/respondent, an export near 340 MB).
// Growing by half at a time keeps both under 300 MB at the same speed.
setFlagsFromString('--heap-growing-percent=50');

process.exitCode = await main(process.argv.slice(2));
