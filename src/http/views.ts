import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import fastifyStatic from '@fastify/static';
import nunjucks from 'nunjucks';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const govukDist = join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

// Built once: toLocale*String makes a new formatter at every call, which long tables of dates feel.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const minuteFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(`${String(value)}${String(value).length === 10 ? 'T00:00:00Z' : ''}`);
  if (Number.isNaN(date.getTime())) return String(value);
  return dayFormat.format(date);
}

function formatDateTime(value: unknown): string {
  if (!(value instanceof Date)) return formatDate(value);
  return `${minuteFormat.format(value)} UTC`;
}

// One formatter per number of decimals: toLocaleString builds a new one on every call, which made
// a page of fifty frequency tables spend half its time formatting numbers.
const numberFormats = new Map<number, Intl.NumberFormat>();
function formatNumber(value: number, digits: number): string {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

export function addFilters(env: nunjucks.Environment): void {
  env.addFilter('date', formatDate);
  env.addFilter('datetime', formatDateTime);
  env.addFilter('number', (value: unknown, digits = 0) =>
    value === null || value === undefined || value === ''
      ? ''
      : formatNumber(Number(value), Number(digits)),
  );
}

export const templateRoots = [join(srcDir, 'http', 'views'), join(srcDir, 'modules'), govukDist];

/** Nunjucks with the GOV.UK Frontend templates, and the design system's assets under /assets. */
export async function registerViews(app: FastifyInstance): Promise<void> {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: templateRoots,
    options: { autoescape: true, onConfigure: addFilters },
  });
  await app.register(fastifyStatic, {
    root: [join(govukDist, 'govuk', 'assets'), join(srcDir, 'http', 'public')],
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: join(govukDist, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)$/.test(path),
    maxAge: '1d',
  });
}

declare module 'fastify' {
  interface FastifyReply {
    /** Values every page template sees (user, CSRF token, CSP nonce, evaluation); @fastify/view merges them. */
    locals?: Record<string, unknown>;
  }
}
