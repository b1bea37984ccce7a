import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import fastifyStatic from '@fastify/static';
import nunjucks from 'nunjucks';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const govukDist = join(dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(`${String(value)}${String(value).length === 10 ? 'T00:00:00Z' : ''}`);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function formatDateTime(value: unknown): string {
  if (!(value instanceof Date)) return formatDate(value);
  return value.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export function addFilters(env: nunjucks.Environment): void {
  env.addFilter('date', formatDate);
  env.addFilter('datetime', formatDateTime);
  env.addFilter('number', (value: unknown, digits = 0) =>
    value === null || value === undefined || value === ''
      ? ''
      : Number(value).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
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
