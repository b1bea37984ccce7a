import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import * as s from './api-schemas.ts';
import * as ethics from './ethics.ts';
import * as documents from './study-documents.ts';

const { tags, evaluationParams } = s;
const path = '/api/v1/evaluations/:evaluation/protocol';
const coder = { access: member('coder') };
const researcher = { access: member('researcher') };

const documentJson = (d: documents.StudyDocument) => ({ ...d, updatedAt: d.updatedAt.toISOString() });
const versionJson = (v: documents.DocumentVersion) => ({ ...v, createdAt: v.createdAt.toISOString() });

/** Ethics approvals and the versioned study documents as JSON. */
export async function registerDocumentsApi(root: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const db = database.db;
  const approvalParams = s.idParams('approval', 'ethics approval');
  const documentParams = s.idParams('document', 'study document');
  const versionParams = documentParams.extend({ version: z.string().describe('The version number: 1, 2…') });

  app.get(`${path}/ethics`, { config: coder, schema: { tags, summary: 'List the ethics applications and approvals', params: evaluationParams, response: { 200: z.object({ items: z.array(s.approvalOut) }) } } },
    async (request) => ({ items: await ethics.listApprovals(db, request.evaluation!.id) }));

  app.post(`${path}/ethics`, { config: researcher, schema: { tags, summary: 'Record an ethics application or approval', params: evaluationParams, body: s.approvalBody, response: { 201: s.approvalOut } } },
    async (request, reply) => reply.code(201).send(await ethics.addApproval(db, request.user!.id, request.evaluation!.id, request.body)));

  app.patch(`${path}/ethics/:approval`, { config: researcher, schema: { tags, summary: 'Change an ethics approval', params: approvalParams, body: s.approvalBody.partial(), response: { 200: s.approvalOut } } }, async (request) => {
    const current = await ethics.getApproval(db, request.evaluation!.id, request.params.approval);
    return ethics.updateApproval(db, request.user!.id, request.evaluation!.id, current.id, { ...current, ...request.body });
  });

  app.delete(`${path}/ethics/:approval`, { config: researcher, schema: { tags, summary: 'Delete an ethics approval', params: approvalParams } }, async (request, reply) => {
    await ethics.deleteApproval(db, request.user!.id, request.evaluation!.id, request.params.approval);
    return reply.code(204).send();
  });

  app.get(`${path}/documents`, { config: coder, schema: { tags, summary: 'List the study documents with their latest version', params: evaluationParams, response: { 200: z.object({ items: z.array(s.documentOut) }) } } },
    async (request) => ({ items: (await documents.listDocuments(db, request.evaluation!.id)).map(documentJson) }));

  app.post(`${path}/documents`, { config: researcher, schema: { tags, summary: 'Add a study document as version 1', params: evaluationParams, body: s.documentBody, response: { 201: s.documentOut } } },
    async (request, reply) => reply.code(201).send(documentJson(await documents.addDocument(db, request.user!.id, request.evaluation!.id, request.body))));

  app.get(`${path}/documents/:document/versions`, { config: coder, schema: { tags, summary: 'Every version of a study document, oldest first', params: documentParams, response: { 200: z.object({ items: z.array(s.versionOut) }) } } },
    async (request) => ({ items: (await documents.listVersions(db, request.evaluation!.id, request.params.document)).map(versionJson) }));

  app.post(`${path}/documents/:document/versions`, {
    config: researcher,
    schema: { tags, summary: 'Save an edit of a study document as its next version', params: documentParams, body: s.versionBody, response: { 201: s.documentOut } },
  }, async (request, reply) => reply.code(201).send(documentJson(await documents.reviseDocument(db, request.user!.id, request.evaluation!.id, request.params.document, request.body))));

  app.get(`${path}/documents/:document/versions/:version`, { config: coder, schema: { tags, summary: 'One version of a study document', params: versionParams, response: { 200: s.versionOut } } }, async (request) => {
    if (!/^\d{1,6}$/.test(request.params.version)) throw notFound('Version');
    return versionJson(await documents.getVersion(db, request.evaluation!.id, request.params.document, Number(request.params.version)));
  });
}
