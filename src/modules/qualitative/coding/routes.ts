import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { HttpError } from '../../../http/errors.ts';
import { formErrors, type FormErrors } from '../../../http/forms.ts';
import { blindRoundFor } from '../agreement/blind.ts';
import { getSource, listCodes } from '../service.ts';
import { countParam, evaluationPath, formValues, namedTree, plural, valenceItems, type FormValues, type Params } from '../codebook/page-helpers.ts';
import { registerCodingChangePages } from './change-routes.ts';
import { listMemos } from './memos.ts';
import { registerMemoPages } from './memo-routes.ts';
import { clockTime } from './paragraphs.ts';
import { applyCodes, applyInput, codingPage, mayChangeCoding, paragraphOf, paragraphRange, selectionRange, sourcesWithCounts } from './service.ts';

type SourceParams = Params & { source: string };
type Query = Record<string, string | undefined>;

const kindLabels: Record<string, string> = { transcript: 'Transcript', document: 'Document', note: 'Note' };

function bannerFor(query: Query): string | undefined {
  const coded = countParam(query.coded);
  if (coded !== undefined) return `${plural(coded, 'coding', 'codings')} saved.`;
  if (query.done === 'changed') return 'Coding changed.';
  if (query.done === 'removed') return 'Coding removed.';
  if (query.done === 'checked') return 'Coding marked as checked.';
  if (query.memo === 'saved') return 'Memo saved.';
  return undefined;
}

/** Whether the page script sent JSON and wants JSON back. */
const wantsJson = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').startsWith('application/json');

export async function registerCodingPages(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const db = deps.database.db;
  const coder = { config: { access: member('coder') } };

  app.get<{ Params: Params }>('/evaluations/:evaluation/sources', coder, async (request, reply) =>
    reply.view('qualitative/coding/views/sources.njk', { title: 'Sources', sources: await sourcesWithCounts(db, request.evaluation!.id), kindLabels }),
  );

  app.get<{ Params: SourceParams; Querystring: Query }>('/evaluations/:evaluation/sources/:source/code', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const source = await getSource(db, evaluationId, request.params.source);
    // While the user codes this source blind in an open agreement round, their own codings only.
    const blind = await blindRoundFor(db, evaluationId, source.id, request.user!.id);
    const onlyMine = blind !== null || request.query.codings === 'mine';
    const page = await codingPage(db, evaluationId, source.id, onlyMine ? request.user!.id : undefined);
    const actor = { id: request.user!.id, role: request.role! };
    const codings = page.codings.map((c) => ({ ...c, mine: mayChangeCoding(c, actor) }));
    return reply.view('qualitative/coding/views/coding.njk', {
      title: `Code ${page.source.name}`,
      // A workspace: the text and its codings get the page's full width; the breadcrumbs lead back.
      evaluationNavigation: false,
      source: page.source,
      kind: kindLabels[page.source.kind] ?? page.source.kind,
      paragraphs: page.paragraphs.map((p) => ({ ...p, clock: p.startMs === null ? '' : clockTime(p.startMs) })),
      codings,
      toReview: codings.filter((c) => c.needsReview),
      onlyMine,
      blind,
      codeTree: namedTree(await listCodes(db, evaluationId)),
      valenceItems: valenceItems('neutral'),
      memos: await listMemos(db, evaluationId, { subject: 'source', subjectId: page.source.id }),
      banner: bannerFor(request.query),
    });
  });

  const renderParagraph = async (reply: FastifyReply, request: FastifyRequest, at: { source: string; paragraph: unknown }, values: FormValues = {}, errors?: FormErrors) => {
    const evaluationId = request.evaluation!.id;
    const source = await getSource(db, evaluationId, at.source);
    const paragraph = paragraphOf(source, countParam(at.paragraph) ?? 0);
    return reply.code(errors ? 400 : 200).view('qualitative/coding/views/paragraph.njk', {
      title: 'Code this paragraph',
      source,
      paragraph: { ...paragraph, clock: paragraph.startMs === null ? '' : clockTime(paragraph.startMs) },
      codeTree: namedTree(await listCodes(db, evaluationId)),
      checked: [values.codeIds ?? []].flat().map(String),
      valenceItems: valenceItems(values.valence),
      values,
      errors,
    });
  };

  app.get<{ Params: SourceParams & { paragraph: string } }>('/evaluations/:evaluation/sources/:source/paragraphs/:paragraph', coder, (request, reply) => renderParagraph(reply, request, request.params));

  /**
   * Codes a selection (the page script: JSON with UTF-16 offsets and the revision it saw) or a
   * whole paragraph (the form without JavaScript). Both carry the page's CSRF token.
   */
  app.post<{ Params: SourceParams }>('/evaluations/:evaluation/sources/:source/codings', coder, async (request, reply) => {
    const evaluationId = request.evaluation!.id;
    const body = formValues(request.body);
    const json = wantsJson(request);
    const paragraph = countParam(body.paragraph);
    try {
      const source = await getSource(db, evaluationId, request.params.source);
      const revision = countParam(body.revision);
      const range = json
        ? selectionRange(source, { start16: Number(body.start16), end16: Number(body.end16), ...(revision === undefined ? {} : { revision }) })
        : paragraphRange(source, paragraph ?? 0, revision);
      const parsed = applyInput.safeParse(body);
      if (!parsed.success) throw new HttpError(400, 'validation_failed', parsed.error.issues[0]?.message ?? 'Check the form', parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message })));
      const codings = await applyCodes(db, request.user!.id, evaluationId, source.id, range, parsed.data);
      const next = evaluationPath(request, `/sources/${source.id}/code?coded=${codings.length}#coding-${codings[0]?.id ?? ''}`);
      if (json) return reply.code(201).send({ codings, next });
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      if (json) return reply.code(error.status).send({ message: error.message, errors: error.fields });
      if (error.status === 404 || paragraph === undefined) throw error;
      const fields = error.fields.length ? error.fields : [{ field: 'form', message: error.message }];
      return renderParagraph(reply, request, { source: request.params.source, paragraph }, body, formErrors(fields));
    }
  });

  await registerCodingChangePages(app, deps);
  await registerMemoPages(app, deps);
}
