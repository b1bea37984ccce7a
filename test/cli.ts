import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formativeBin } from './processes.ts';

/** The command line as people run it, in a child process, for the tests of src/cli. */

const run = promisify(execFile);

// The child uses the embedded database in its own folder, whatever the test machine has set.
const { DATABASE_URL: _ignored, ...cliEnv } = process.env;

export interface CliFailure {
  code: number;
  stdout: string;
  stderr: string;
}

/** Each run starts Node and opens the database: several seconds apiece on a small machine. */
export const slowCli = 120_000;

/** Runs `formative ARGS --data DIR/data`; rejects with a CliFailure when it exits non-zero. */
export function formativeIn(dir: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(formativeBin, [...args, '--data', join(dir, 'data')], { env: cliEnv });
}

/** Runs a command that must fail, and gives its exit code and output. */
export async function failingIn(dir: string, ...args: string[]): Promise<CliFailure> {
  try {
    await formativeIn(dir, ...args);
  } catch (error) {
    return error as CliFailure;
  }
  throw new Error(`formative ${args.join(' ')} succeeded`);
}
