/**
 * Respondent benchmark: starts Formative on a fresh database (a new PostgreSQL database that is
 * dropped afterwards, or an embedded one in a temporary folder), opens a survey shaped like
 * likert50.lss, and walks the real respondent flow over loopback at a fixed concurrency for a
 * fixed time. Prints completed responses per second, page latency (p50, p99) and the server's peak
 * memory.
 *
 *   npm run bench:respondent -- [--db postgres|embedded] [--seconds 20] [--warmup 5] [--concurrency 32]
 *                               [--log-level warn] [--json] [--profile DIR]
 *                               [--node-flags '--max-old-space-size=256'] [--servers 2]
 *
 * The server runs as in production (NODE_ENV=production) but logs at --log-level, warn by default:
 * at info it writes two lines per request, which a benchmark of page speed would mostly measure.
 * --servers N (PostgreSQL only) starts N server processes behind nginx (Debian's nginx-light) and
 * sends the load through nginx; CPU is then the servers' total and memory the largest peak.
 * --node-flags passes V8/Node flags to the server process only (not to the load generator).
 * --profile writes a CPU profile of the server (.cpuprofile, for Chrome's DevTools) into DIR.
 *
 * The PostgreSQL server is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmark creates its own database there and drops it at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openEmbeddedDatabase, openPostgresDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createEvaluation } from '../../src/modules/evaluations/service.ts';
import { createSurvey, setStatus } from '../../src/modules/surveys/service.ts';
import { likert50, likert50Shape } from './likert50.ts';
import { percentile, runLoad } from './load.ts';
import { startNginx, type RunningNginx } from '../../test/scale/nginx.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'node-flags': { type: 'string' },
    servers: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Target {
  /** Environment and arguments for the server process. */
  env: Record<string, string>;
  args: string[];
  /** Process ids of the PostgreSQL backends serving the benchmark's database (none when embedded). */
  backendPids(): Promise<number[]>;
  open(): Promise<Database>;
  cleanUp(): Promise<void>;
}

async function postgresTarget(): Promise<Target> {
  const name = `formative_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    args: [],
    async backendPids() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
      await client.end();
      return rows.map((r) => r.pid);
    },
    open: () => openPostgresDatabase(url.toString()),
    async cleanUp() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function embeddedTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'formative-bench-'));
  return {
    env: {},
    args: ['--data', dir],
    backendPids: async () => [],
    open: () => openEmbeddedDatabase(dir),
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens the benchmark survey, built through the same service calls the survey builder uses. */
async function prepareSurvey(target: Target): Promise<string> {
  const database = await target.open();
  try {
    await migrate(database);
    const user = await createUser(database.db, { email: `bench-${Date.now()}@example.org`, name: 'Benchmark', password: 'benchmark password' });
    const evaluation = await createEvaluation(database.db, user.id, { title: 'Respondent benchmark' });
    const survey = await createSurvey(database.db, user.id, evaluation.id, { title: 'Change programme staff survey', purpose: 'main', anonymity: 'anonymous' }, likert50());
    await setStatus(database.db, user.id, evaluation.id, survey.id, 'open');
    return survey.publicCode;
  } finally {
    await database.close();
  }
}

async function startServer(target: Target): Promise<{ child: ChildProcess; origin: string }> {
  const profiling = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const nodeFlags = args['node-flags']?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profiling, ...nodeFlags, join(root, 'bin/formative'), 'serve', '--port', '0', '--json', ...target.args], {
    cwd: root,
    // Cookies without the Secure flag: the load generator talks plain HTTP on loopback.
    env: { ...process.env, ...target.env, NODE_ENV: 'production', LOG_LEVEL: args['log-level'], SECURE_COOKIES: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    const listening = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      // From now on the server's output (its log) is read and dropped, so it never blocks on a full pipe.
      child.stdout!.off('data', listening);
      child.stdout!.resume();
      resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout!.on('data', listening);
    child.once('exit', (code) => reject(new Error(`The server stopped before listening (exit ${code}): ${output}`)));
  });
  return { child, origin };
}

/** CPU time the process has used in its own code (user) and in the kernel for it (system), in milliseconds. */
function cpuMs(pid: number): { user: number; system: number } {
  // Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces), in ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** Total CPU time of some processes, in milliseconds; a process that has gone counts nothing. */
function totalCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      const { user, system } = cpuMs(pid);
      return sum + user + system;
    } catch {
      return sum;
    }
  }, 0);
}

/** The most memory the process has held (VmHWM), in megabytes. */
function peakMemoryMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function main(): Promise<void> {
  const kind = args.db === 'embedded' ? 'embedded' : 'postgres';
  const target = kind === 'embedded' ? embeddedTarget() : await postgresTarget();
  const count = Number(args.servers);
  if (!Number.isInteger(count) || count < 1) throw new Error('--servers must be a whole number of at least 1');
  if (count > 1 && kind === 'embedded') throw new Error('--servers needs PostgreSQL: an embedded database belongs to one process');
  const servers: { child: ChildProcess; origin: string }[] = [];
  let proxy: RunningNginx | undefined;
  try {
    const code = await prepareSurvey(target);
    for (let i = 0; i < count; i++) servers.push(await startServer(target));
    if (count > 1) proxy = await startNginx(servers.map((s) => Number(new URL(s.origin).port)));
    const pids = servers.map((s) => s.child.pid!);
    const serverCpu = () => pids.map(cpuMs).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), { user: 0, system: 0 });
    const cpu = { start: { user: 0, system: 0 }, end: { user: 0, system: 0 } };
    const database = { start: 0, end: 0 };
    const generator = { start: 0, end: 0 };
    let backends: number[] = [];
    const result = await runLoad({
      onMeasure: async (phase) => {
        if (phase === 'start') backends = await target.backendPids();
        cpu[phase] = serverCpu();
        database[phase] = totalCpuMs(backends);
        generator[phase] = totalCpuMs([process.pid]);
      },
      origin: proxy?.origin ?? servers[0]!.origin,
      code,
      pageSizes: [13, 13, 12, 12],
      concurrency: Number(args.concurrency),
      warmupSeconds: Number(args.warmup),
      seconds: Number(args.seconds),
    });
    const sorted = result.latenciesMs.slice().sort();
    const report = {
      database: kind,
      servers: count,
      survey: likert50Shape,
      concurrency: Number(args.concurrency),
      seconds: Number(result.seconds.toFixed(1)),
      completedResponses: result.completed,
      responsesPerSecond: Number((result.completed / result.seconds).toFixed(1)),
      requestsPerSecond: Number((result.requests / result.seconds).toFixed(0)),
      latencyMs: { p50: Number(percentile(sorted, 50).toFixed(2)), p99: Number(percentile(sorted, 99).toFixed(2)), max: Number(percentile(sorted, 100).toFixed(2)) },
      serverPeakRssMb: Number(Math.max(...pids.map(peakMemoryMb)).toFixed(0)),
      // Less sensitive to whatever else the machine is doing: CPU time per completed response.
      cpuMsPerResponse: {
        server: Number(((cpu.end.user - cpu.start.user) / Math.max(result.completed, 1)).toFixed(2)),
        serverKernel: Number(((cpu.end.system - cpu.start.system) / Math.max(result.completed, 1)).toFixed(2)),
        postgres: Number(((database.end - database.start) / Math.max(result.completed, 1)).toFixed(2)),
        loadGenerator: Number(((generator.end - generator.start) / Math.max(result.completed, 1)).toFixed(2)),
      },
    };
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      const through = count > 1 ? ` through nginx to ${count} server processes` : '';
      console.log(`Respondent flow on the ${kind} database${through}, concurrency ${report.concurrency}, ${report.seconds} s measured:`);
      console.log(`  completed responses: ${report.completedResponses} (${report.responsesPerSecond}/s; ${report.requestsPerSecond} requests/s)`);
      console.log(`  page latency: p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`);
      console.log(`  server peak memory: ${report.serverPeakRssMb} MB${count > 1 ? ' (the largest of the processes)' : ''}`);
      const c = report.cpuMsPerResponse;
      console.log(`  CPU per completed response: server ${c.server} ms (+ ${c.serverKernel} ms kernel), PostgreSQL ${c.postgres} ms, load generator ${c.loadGenerator} ms`);
    }
  } finally {
    await proxy?.stop();
    await Promise.all(
      servers.map((server) => {
        const exited = new Promise((resolve) => server.child.once('exit', resolve));
        server.child.kill('SIGTERM');
        return exited;
      }),
    );
    await target.cleanUp();
  }
}

await main();
