import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { buildApp, type BuiltApp } from '../src/http/app.ts';
import { createUser, type User } from '../src/modules/accounts/service.ts';

export const testPassword = 'a long test password';

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Every test request comes from 127.0.0.1, so the per-address sign-in limit is raised;
  // the limit itself has its own test.
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), signInAttemptsPerMinute: 1000, ...overrides };
}

export async function buildTestApp(database: Database, clock?: () => Date): Promise<BuiltApp> {
  return buildApp({ config: testConfig(), database, ...(clock ? { clock } : {}) });
}

let counter = 0;
export async function addUser(database: Database, name = 'Test User'): Promise<User> {
  counter += 1;
  return createUser(database.db, { email: `user${counter}-${Date.now()}@example.org`, name, password: testPassword });
}

/** A browser-like client: keeps cookies, fetches the CSRF token from a page before each form post. */
export class TestBrowser {
  private cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  /** The Cookie header this browser sends, for replaying its session elsewhere. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  async csrfToken(fromUrl = '/sign-in'): Promise<string> {
    const page = await this.get(fromUrl);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match?.[1]) throw new Error(`No CSRF token on ${fromUrl} (status ${page.statusCode})`);
    return match[1];
  }

  /** Posts a form as a browser would, with the CSRF token from `tokenFrom` unless one is given. */
  async post(url: string, fields: Record<string, string>, tokenFrom = '/sign-in'): Promise<LightMyRequestResponse> {
    const token = fields._csrf ?? (await this.csrfToken(tokenFrom));
    const payload = new URLSearchParams({ ...fields, _csrf: token }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  async signIn(user: { email: string }, password = testPassword): Promise<LightMyRequestResponse> {
    const response = await this.post('/sign-in', { email: user.email, password });
    if (response.statusCode !== 303) throw new Error(`Sign-in failed with ${response.statusCode}`);
    return response;
  }
}

/** Calls the JSON API with a bearer token. */
export async function api(app: FastifyInstance, token: string, method: string, url: string, body?: unknown) {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined, response };
}
