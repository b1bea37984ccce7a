import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { backends } from './databases.ts';
import { addUser, buildTestApp } from './app.ts';
import type { Database } from '../src/db/database.ts';
import type { BuiltApp } from '../src/http/app.ts';
import { hasRole, roles, type Access, type Role } from '../src/http/access.ts';
import type { DeclaredRoute } from '../src/http/access.ts';
import { createApiToken, startSession } from '../src/modules/accounts/service.ts';
import { createEvaluation, setMember } from '../src/modules/evaluations/service.ts';

/**
 * Generated from the route table itself: every route the app registers is called as anonymous,
 * as each role, and as a member of another evaluation, and the answer is checked against the
 * access rule the route declared. A new route cannot skip this test.
 */
type Identity = { name: string; role?: Role; outsider?: boolean; userId?: string; token?: string };

const missingId = '00000000-0000-4000-8000-000000000000';

function concreteUrl(route: DeclaredRoute, slug: string): string {
  return route.url
    .replace(':evaluation', slug)
    .replace(/:[a-zA-Z]+/g, missingId)
    .replace(/\*$/, 'govuk-frontend.min.css');
}

function expectation(access: Access, who: Identity): 'allowed' | 'needs-sign-in' | 'hidden' | 'forbidden' {
  if (access.kind === 'public') return 'allowed';
  if (!who.userId) return 'needs-sign-in';
  if (access.kind === 'signed-in') return 'allowed';
  if (who.outsider || !who.role) return 'hidden';
  return hasRole(who.role, access.role) ? 'allowed' : 'forbidden';
}

describe.each(backends)('access rules for every route on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  const identities: Identity[] = [{ name: 'anonymous' }];
  let csrf = { cookie: '', token: '' };

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Access test', slug: 'access-test' });
    for (const role of roles) {
      const user = role === 'lead' ? lead : await addUser(database, role);
      if (role !== 'lead') await setMember(database.db, lead.id, evaluation.id, { email: user.email, role });
      identities.push({ name: role, role, userId: user.id, token: (await createApiToken(database.db, user.id, 't')).token });
    }
    const outsider = await addUser(database, 'Outsider');
    await createEvaluation(database.db, outsider.id, { title: 'Their own', slug: 'their-own' });
    identities.push({ name: 'member of another evaluation', outsider: true, userId: outsider.id, token: (await createApiToken(database.db, outsider.id, 't')).token });
    // One CSRF secret and token for every page form post; the session varies per call.
    const page = await built.app.inject({ method: 'GET', url: '/sign-in' });
    csrf = {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      token: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
    };
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  async function call(route: DeclaredRoute, who: Identity): Promise<LightMyRequestResponse> {
    const url = concreteUrl(route, 'access-test');
    const isApi = url.startsWith('/api/');
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (isApi) {
      if (who.token) headers.authorization = `Bearer ${who.token}`;
      if (route.method !== 'GET' && route.method !== 'DELETE') {
        headers['content-type'] = 'application/json';
        payload = '{}';
      }
    } else {
      const cookies = [csrf.cookie];
      // A fresh session per call, so a sign-out route cannot end the next call's session.
      if (who.userId) cookies.push(`formative_session=${(await startSession(database.db, who.userId, new Date(), 1)).sessionId}`);
      headers.cookie = cookies.join('; ');
      if (route.method === 'POST') {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams({ _csrf: csrf.token }).toString();
      }
    }
    return built.app.inject({ method: route.method as 'GET', url, headers, ...(payload ? { payload } : {}) });
  }

  it('has routes to check, and every one declares a rule', () => {
    expect(built.routes.length).toBeGreaterThan(20);
    for (const route of built.routes) expect(['public', 'signed-in', 'member']).toContain(route.access.kind);
  });

  it('answers every route as its declared rule says, for every kind of caller', async () => {
    const failures: string[] = [];
    for (const route of built.routes) {
      for (const who of identities) {
        const response = await call(route, who);
        const expected = expectation(route.access, who);
        const isApi = route.url.startsWith('/api/');
        const status = response.statusCode;
        const deniedForEvaluation = status === 404 && response.body.includes('Evaluation not found');
        let ok: boolean;
        if (expected === 'needs-sign-in') ok = isApi ? status === 401 : status === 302 && String(response.headers.location).startsWith('/sign-in');
        else if (expected === 'hidden') ok = deniedForEvaluation;
        else if (expected === 'forbidden') ok = status === 403;
        else ok = status !== 401 && status !== 403 && !deniedForEvaluation && status < 500;
        if (!ok) failures.push(`${route.method} ${route.url} as ${who.name}: expected ${expected}, got ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
