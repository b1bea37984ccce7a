import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { registerOutboxPages } from '../mail/routes.ts';
import { registerInvitationApi } from './api.ts';
import { registerPersonalLinkRoutes } from './personal-routes.ts';
import { registerParticipantPages } from './routes.ts';

/** Invitations: the personal links respondents open, the team's pages, the outbox and the API. */
export async function registerInvitations(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerPersonalLinkRoutes(app, deps);
  await registerParticipantPages(app, deps);
  await registerOutboxPages(app, deps);
  await registerInvitationApi(app, deps);
}
