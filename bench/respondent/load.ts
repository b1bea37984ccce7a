import { Pool } from 'undici';

/**
 * A bounded load generator for the respondent flow: `concurrency` simulated respondents, each
 * walking the real pages one request after another (start page, start, every page shown and
 * sent, check, send, thank-you) and starting again, until the time is up. Every reply is checked:
 * a wrong status or a missing form field stops the run, so a fast broken server cannot look good.
 */

export interface LoadOptions {
  origin: string;
  code: string;
  /** Likert items per page, in order; the last page also has the free-text questions. */
  pageSizes: number[];
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** Called as measuring starts and ends, to read the server's counters. */
  onMeasure?: (phase: 'start' | 'end') => Promise<void>;
}

export interface LoadResult {
  seconds: number;
  completed: number;
  requests: number;
  latenciesMs: Float64Array;
}

class Stopped extends Error {}

const freeText = 'Regular team briefings and a clear sponsor made a difference; the new rota has been hard to fit around clinics. '.repeat(2);

// Pages are searched as bytes: decoding every page to a string would make the load generator
// take more of the machine's CPU than it needs, leaving less for the server being measured.
const quote = '"'.charCodeAt(0);

function fieldValue(html: Buffer, name: string): string {
  const marker = `name="${name}" value="`;
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`The page has no ${name} field`);
  const from = at + Buffer.byteLength(marker);
  return html.toString('latin1', from, html.indexOf(quote, from));
}

function cookieOf(setCookie: string | string[] | undefined): string {
  return [setCookie ?? []].flat().map((c) => c.split(';')[0]).join('; ');
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  let recording = false;
  let stopping = false;
  let completed = 0;
  let requests = 0;
  let latencies = new Float64Array(1 << 20);

  const record = (ms: number) => {
    if (!recording) return;
    if (requests === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[requests++] = ms;
  };

  async function call(method: 'GET' | 'POST', path: string, expected: number, headers: Record<string, string> = {}, form?: URLSearchParams) {
    if (stopping) throw new Stopped();
    const started = performance.now();
    const response = await pool.request({
      method,
      path,
      headers: form ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      ...(form ? { body: form.toString() } : {}),
    });
    const body = expected === 200 ? Buffer.from(await response.body.arrayBuffer()) : (await response.body.dump(), Buffer.alloc(0));
    record(performance.now() - started);
    if (response.statusCode !== expected) throw new Error(`${method} ${path} answered ${response.statusCode}, expected ${expected}`);
    return { body, headers: response.headers };
  }

  async function respond(): Promise<void> {
    const start = await call('GET', `/s/${options.code}`, 200);
    const cookie = cookieOf(start.headers['set-cookie']);
    // As a browser does: the hand-off ticket each redirect sets goes with the page it leads to.
    let ticket = '';
    const follow = async (method: 'POST', path: string, headers: Record<string, string>, form: URLSearchParams) => {
      const reply = await call(method, path, 303, headers, form);
      ticket = cookieOf(reply.headers['set-cookie']);
      return String(reply.headers.location);
    };
    const show = (path: string) => call('GET', path, 200, ticket ? { cookie: ticket } : {});
    let next = await follow('POST', `/s/${options.code}/start`, { cookie }, new URLSearchParams({ _csrf: fieldValue(start.body, '_csrf') }));
    let item = 0;
    for (const [index, size] of options.pageSizes.entries()) {
      const page = await show(next);
      const form = new URLSearchParams({ _csrf: fieldValue(page.body, '_csrf'), _version: fieldValue(page.body, '_version'), action: 'continue' });
      for (let i = 0; i < size; i++) form.append(`q${String(++item).padStart(2, '0')}`, String(1 + Math.floor(Math.random() * 5)));
      if (index === options.pageSizes.length - 1) {
        form.append('helped', freeText);
        form.append('hindered', freeText);
      }
      next = await follow('POST', next, {}, form);
    }
    if (!next.endsWith('/check')) throw new Error(`After the last page the respondent was sent to ${next}`);
    const check = await show(next);
    const sent = await follow('POST', next.replace(/check$/, 'submit'), {}, new URLSearchParams({ _csrf: fieldValue(check.body, '_csrf') }));
    await show(sent);
    if (recording) completed += 1;
  }

  async function respondent(): Promise<void> {
    while (!stopping) {
      try {
        await respond();
      } catch (error) {
        if (error instanceof Stopped) return;
        throw error;
      }
    }
  }

  const workers = Array.from({ length: options.concurrency }, () => respondent());
  const failed = Promise.all(workers).then(() => undefined);
  const pause = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
  // A failing respondent ends the run at once rather than after the full time.
  await Promise.race([pause(options.warmupSeconds), failed]);
  await options.onMeasure?.('start');
  recording = true;
  const from = performance.now();
  await Promise.race([pause(options.seconds), failed]);
  recording = false;
  await options.onMeasure?.('end');
  const seconds = (performance.now() - from) / 1000;
  stopping = true;
  await failed;
  await pool.close();
  return { seconds, completed, requests, latenciesMs: latencies.slice(0, requests) };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
