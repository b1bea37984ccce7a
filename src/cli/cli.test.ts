import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The command line as people run it: bin/formative in a child process, on embedded data folders
 * in a temporary directory. Each start costs a second or more, so folders are reused across tests.
 */
const bin = fileURLToPath(new URL('../../bin/formative', import.meta.url));
// The embedded database always, whatever the shell running the tests has set.
const env = { ...process.env, DATABASE_URL: undefined, FORMATIVE_DATA: undefined, LOG_LEVEL: 'warn', NODE_ENV: 'test' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let root: string;

function formative(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: root, env: { ...env, ...extraEnv } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A failure as promised: a non-zero exit and exactly one line on stderr. */
function expectOneLineFailure(run: Run, message: RegExp) {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

function succeeded(run: Run): Run {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run;
}

// Every test starts several processes, each opening a database: slow on a busy machine.
describe('the formative command line', { timeout: 180_000 }, () => {
  let first: string;
  let second: string;
  let listed: unknown;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'formative-cli-'));
    first = join(root, 'first');
    second = join(root, 'second');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('adds a user, creates an evaluation they lead, and lists it', async () => {
    succeeded(await formative(['user', 'add', '--email', 'ann@example.org', '--name', 'Ann Lee', '--password', 'a long test password', '--data', first]));
    const created = succeeded(
      await formative(['evaluation', 'create', '--title', 'Evaluation of the Partnership', '--slug', 'partnership', '--lead', 'ann@example.org',
        '--commissioner', 'Department of Health', '--starts', '2005-04-01', '--ends', '2008-03-31', '--json', '--data', first]),
    );
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: 'partnership', lead: 'ann@example.org', startsOn: '2005-04-01', endsOn: '2008-03-31' });
    const list = succeeded(await formative(['evaluation', 'list', '--json', '--data', first]));
    listed = JSON.parse(list.stdout);
    expect(listed).toEqual([{ id: expect.any(String), slug: 'partnership', title: 'Evaluation of the Partnership', archived: false }]);
    const shown = succeeded(await formative(['evaluation', 'show', '--evaluation', 'partnership', '--data', first]));
    expect(shown.stdout).toContain('Team: Ann Lee <ann@example.org> (lead)');
  });

  it('refuses wrong input with one line and a non-zero exit', async () => {
    // None of these reach a database, so they can run side by side.
    const [noTitle, badDate, endBeforeStart, unknownOption, noFile, noOut, help] = await Promise.all([
      formative(['evaluation', 'create', '--data', first]),
      formative(['evaluation', 'create', '--title', 'T', '--starts', '2005-02-30', '--data', first]),
      formative(['evaluation', 'create', '--title', 'T', '--starts', '2005-04-01', '--ends', '2004-01-01', '--data', first]),
      formative(['evaluation', 'list', '--colour', '--data', first]),
      formative(['restore', '--data', second]),
      formative(['backup', '--data', first]),
      formative(['--help']),
    ]);
    expectOneLineFailure(noTitle, /^formative: Give --title/);
    expectOneLineFailure(badDate, /^formative: --starts: Start date must be a real date$/m);
    expectOneLineFailure(endBeforeStart, /--ends: End date must be the same as or after the start date/);
    expectOneLineFailure(unknownOption, /Unknown option '--colour'/);
    expectOneLineFailure(noFile, /Give one backup file/);
    expectOneLineFailure(noOut, /Give --out FILE/);
    expect(help.stderr).toMatch(/evaluation create[\s\S]*evaluation list[\s\S]*backup --out FILE[\s\S]*restore FILE/);

    expectOneLineFailure(await formative(['evaluation', 'show', '--evaluation', 'no-such-thing', '--data', first]), /No evaluation with id or short name no-such-thing/);
    expectOneLineFailure(
      await formative(['evaluation', 'create', '--title', 'T', '--lead', 'nobody@example.org', '--json', '--data', first]),
      /No Formative user has the e-mail nobody@example.org/,
    );
  });

  it('backs up to one file that restores into another folder', async () => {
    const backupFile = join(root, 'formative.backup.gz');
    const backup = succeeded(await formative(['backup', '--out', backupFile, '--json', '--data', first]));
    expect(JSON.parse(backup.stdout)).toMatchObject({ file: backupFile, tables: { users: 1, evaluations: 1, memberships: 1 } });
    const restore = succeeded(await formative(['restore', backupFile, '--json', '--data', second]));
    expect(JSON.parse(restore.stdout)).toMatchObject({ rows: JSON.parse(backup.stdout).rows, database: 'embedded' });
    const [list, users] = await Promise.all([
      formative(['evaluation', 'list', '--json', '--data', second]),
      formative(['user', 'list', '--json', '--data', first]),
    ]);
    expect(JSON.parse(succeeded(list).stdout)).toEqual(listed);
    expect(JSON.parse(succeeded(users).stdout)).toEqual([{ id: expect.any(String), email: 'ann@example.org', name: 'Ann Lee', disabled: false }]);

    const garbage = join(root, 'garbage.gz');
    await writeFile(garbage, 'not a backup');
    const [refusedFull, refusedGarbage] = await Promise.all([
      formative(['restore', backupFile, '--data', second]),
      formative(['restore', garbage, '--data', join(root, 'never-made')]),
    ]);
    expectOneLineFailure(refusedFull, /already holds data .*restore only into a new, empty database/);
    expectOneLineFailure(refusedGarbage, /garbage\.gz is not a Formative backup/);
  });

  it('says in one line when the database cannot be reached or the folder cannot be written', async () => {
    const notAFolder = join(root, 'a-file');
    await writeFile(notAFolder, '');
    const [server, folder] = await Promise.all([
      formative(['evaluation', 'list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' }),
      formative(['evaluation', 'list', '--data', join(notAFolder, 'data')]),
    ]);
    expectOneLineFailure(server, /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/x/);
    expectOneLineFailure(folder, /Cannot write to the data folder .*a-file\/data \(ENOTDIR\)/);
  });

  it('keeps a second process out of a folder a server holds, and the folder works once it stops', async () => {
    const server = spawn(bin, ['serve', '--port', '0', '--data', second], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        server.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /running on (http:\/\/\S+)/.exec(seen);
          if (match) resolve(match[1]!);
        });
        server.on('exit', () => reject(new Error(`the server stopped: ${seen}`)));
      });
      const refused = await formative(['evaluation', 'list', '--data', second]);
      expectOneLineFailure(refused, new RegExp(`is in use by another Formative process \\(pid ${server.pid} serving ${url}\\)`));
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const list = succeeded(await formative(['evaluation', 'list', '--json', '--data', second]));
    expect(JSON.parse(list.stdout)).toEqual(listed);
  });
});
