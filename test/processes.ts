import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Formative as people run it, in a child process, for tests about processes: faults, several servers. */

export const formativeBin = fileURLToPath(new URL('../bin/formative', import.meta.url));

export interface RunningServer {
  child: ChildProcess;
  /** Like http://127.0.0.1:41234. */
  origin: string;
  port: number;
}

/** Starts `formative serve` (on a free port unless one is given) and resolves once it listens. */
export async function startServer(args: string[], env: Record<string, string | undefined>, port = 0): Promise<RunningServer> {
  const child = spawn(formativeBin, ['serve', '--port', String(port), '--json', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', SECURE_COOKIES: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listening = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /http:\/\/localhost:(\d+)/.exec(seen);
      if (!match) return;
      child.stdout!.off('data', read);
      child.stdout!.resume();
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The server stopped before listening (exit ${code}): ${seen}`)));
  });
  return { child, port: listening, origin: `http://127.0.0.1:${listening}` };
}

/** Resolves when the process has ended (at once if it already has). */
export function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}
