import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { notFound } from '../../../http/errors.ts';
import { joinDateFields, submitForm, type FormErrors } from '../../../http/forms.ts';
import * as ethics from './ethics.ts';
import { canChange, checkItems, dateValues, formValues, kindOptions, protocolPath, type FormValues, type Params } from './page-helpers.ts';
import * as documents from './study-documents.ts';

type ApprovalParams = Params & { approval: string };
type DocumentParams = Params & { document: string };
type VersionParams = DocumentParams & { version: string };

/** Pages for ethics approvals and the study documents, whose every version can be printed. */
export async function registerDocumentPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const researcher = { config: { access: member('researcher') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/ethics', coder, async (request, reply) =>
    reply.view('evaluations/protocol/views/ethics.njk', {
      title: 'Ethics and study documents',
      approvals: await ethics.listApprovals(db, request.evaluation!.id),
      documents: await documents.listDocuments(db, request.evaluation!.id),
      canChange: canChange(request),
    }),
  );

  const renderApprovalForm = (reply: FastifyReply, request: FastifyRequest, form: { approval?: ethics.EthicsApproval; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/approval-form.njk', {
      title: form.approval ? 'Change an ethics approval' : 'Record an ethics application',
      approval: form.approval,
      values: form.values,
      errors: form.errors,
      statusItems: checkItems(kindOptions(ethics.approvalStatusLabels), form.values.status),
      action: form.approval ? protocolPath(request, `/ethics/${form.approval.id}/edit`) : protocolPath(request, '/ethics'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/ethics/new', researcher, (request, reply) => renderApprovalForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/ethics', researcher, async (request, reply) => {
    const body = joinDateFields(formValues(request.body), ['decidedOn']);
    const result = await submitForm(ethics.approvalInput, body, (data) => ethics.addApproval(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderApprovalForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/ethics'), 303);
  });

  app.get<{ Params: ApprovalParams }>('/evaluations/:evaluation/protocol/ethics/:approval/edit', researcher, async (request, reply) => {
    const approval = await ethics.getApproval(db, request.evaluation!.id, request.params.approval);
    return renderApprovalForm(reply, request, { approval, values: { ...approval, ...dateValues('decidedOn', approval.decidedOn) } });
  });

  app.post<{ Params: ApprovalParams }>('/evaluations/:evaluation/protocol/ethics/:approval/edit', researcher, async (request, reply) => {
    const approval = await ethics.getApproval(db, request.evaluation!.id, request.params.approval);
    const body = joinDateFields(formValues(request.body), ['decidedOn']);
    const result = await submitForm(ethics.approvalInput, body, (data) => ethics.updateApproval(db, request.user!.id, request.evaluation!.id, approval.id, data));
    if (!result.ok) return renderApprovalForm(reply, request, { approval, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, '/ethics'), 303);
  });

  app.post<{ Params: ApprovalParams }>('/evaluations/:evaluation/protocol/ethics/:approval/delete', researcher, async (request, reply) => {
    await ethics.deleteApproval(db, request.user!.id, request.evaluation!.id, request.params.approval);
    return reply.redirect(protocolPath(request, '/ethics'), 303);
  });

  const renderDocumentForm = (reply: FastifyReply, request: FastifyRequest, form: { document?: documents.StudyDocument; values: FormValues; errors?: FormErrors }) =>
    reply.code(form.errors ? 400 : 200).view('evaluations/protocol/views/document-form.njk', {
      title: form.document ? `Edit ${form.document.title}` : 'Add a study document',
      document: form.document,
      values: form.values,
      errors: form.errors,
      kindItems: checkItems(kindOptions(documents.documentKindLabels), form.values.kind),
      action: form.document ? protocolPath(request, `/documents/${form.document.id}/edit`) : protocolPath(request, '/documents'),
    });

  app.get<{ Params: Params }>('/evaluations/:evaluation/protocol/documents/new', researcher, (request, reply) => renderDocumentForm(reply, request, { values: {} }));

  app.post<{ Params: Params }>('/evaluations/:evaluation/protocol/documents', researcher, async (request, reply) => {
    const result = await submitForm(documents.documentInput, request.body, (data) => documents.addDocument(db, request.user!.id, request.evaluation!.id, data));
    if (!result.ok) return renderDocumentForm(reply, request, { values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/documents/${result.value.id}`), 303);
  });

  app.get<{ Params: DocumentParams }>('/evaluations/:evaluation/protocol/documents/:document', coder, async (request, reply) => {
    const document = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const versions = await documents.listVersions(db, request.evaluation!.id, document.id);
    return reply.view('evaluations/protocol/views/document.njk', { title: document.title, document, current: versions.at(-1), versions: [...versions].reverse(), canChange: canChange(request) });
  });

  app.get<{ Params: DocumentParams }>('/evaluations/:evaluation/protocol/documents/:document/edit', researcher, async (request, reply) => {
    const document = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const latest = (await documents.listVersions(db, request.evaluation!.id, document.id)).at(-1)!;
    return renderDocumentForm(reply, request, { document, values: { title: latest.title, body: latest.body } });
  });

  app.post<{ Params: DocumentParams }>('/evaluations/:evaluation/protocol/documents/:document/edit', researcher, async (request, reply) => {
    const document = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const result = await submitForm(documents.versionInput, request.body, (data) => documents.reviseDocument(db, request.user!.id, request.evaluation!.id, document.id, data));
    if (!result.ok) return renderDocumentForm(reply, request, { document, values: formValues(request.body), errors: result.errors });
    return reply.redirect(protocolPath(request, `/documents/${document.id}`), 303);
  });

  app.get<{ Params: VersionParams }>('/evaluations/:evaluation/protocol/documents/:document/versions/:version/print', coder, async (request, reply) => {
    if (!/^\d{1,6}$/.test(request.params.version)) throw notFound('Version');
    const document = await documents.getDocument(db, request.evaluation!.id, request.params.document);
    const version = await documents.getVersion(db, request.evaluation!.id, document.id, Number(request.params.version));
    return reply.view('evaluations/protocol/views/document-print.njk', { title: `${version.title} (version ${version.number})`, document, version });
  });
}
