import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { notFound, forbidden, unauthorised } from './errors.ts';

/** Roles in an evaluation, from least to most trusted. */
export const roles = ['viewer', 'coder', 'researcher', 'lead'] as const;
export type Role = (typeof roles)[number];

export function hasRole(held: Role, needed: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(needed);
}

/**
 * Who may use a route. Every route registered inside the application scope must declare one;
 * the access test is generated from these declarations.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'member'; role: Role };

export const anyone: Access = { kind: 'public' };
export const signedIn: Access = { kind: 'signed-in' };
export const member = (role: Role): Access => ({ kind: 'member', role });

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface EvaluationResolver {
  /** The evaluation named by id or slug in the URL, with the user's role; undefined when either is missing. */
  (ref: string, userId: string): Promise<{ evaluation: { id: string; slug: string; title: string; archivedAt: Date | null }; role: Role } | undefined>;
}

/**
 * Refuses routes that declare no access rule and checks the rule on every request.
 * Evaluation routes answer 404 to non-members, so they cannot learn an evaluation exists.
 */
export function registerAccessControl(app: FastifyInstance, resolve: EvaluationResolver, declared: DeclaredRoute[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    if (access.kind === 'member' && !route.url.includes(':evaluation')) {
      throw new Error(`Route ${route.url} needs evaluation membership but has no :evaluation parameter`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, access });
    }
  });

  // onRequest, before the body is read or validated: a refused caller learns nothing from validation errors.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    if (!request.user) throw unauthorised();
    if (access.kind === 'signed-in') return;
    const ref = (request.params as Record<string, string>).evaluation ?? '';
    const found = await resolve(ref, request.user.id);
    if (!found) throw notFound('Evaluation');
    if (!hasRole(found.role, access.role)) throw forbidden();
    request.evaluation = found.evaluation;
    request.role = found.role;
    reply.locals = { ...reply.locals, evaluation: found.evaluation, role: found.role };
  });
}
