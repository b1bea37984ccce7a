import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { HttpError, notFound } from '../../../http/errors.ts';
import { formErrors, parseForm, submitForm, type FormErrors } from '../../../http/forms.ts';
import { pagination } from '../../organisation/pagination.ts';
import { filterQuery, isFiltered, toSegmentFilter, type SegmentFilter } from './filters.ts';
import { cellInput, frameworkMatrix, matrixCell, matrixForExport, matrixInput, saveMatrixSummary, summaryInput, rowKinds, type RowKind } from './matrix.ts';
import { matrixDocument } from './matrix-docx.ts';
import { matrixWorkbook } from './matrix-xlsx.ts';
import { registerAnalysisApi } from './api.ts';
import { coOccurrence, coOccurringSegments, pageSize, queryChoices, searchPageSize, searchSources, segmentsOfCode, type searchInput, type segmentQueryInput } from './service.ts';

type Params = { evaluation: string };
type Query = Record<string, unknown>;
type Request = FastifyRequest<{ Params: Params; Querystring: Query }>;

// Queries read coded text, which the team alone sees: coders and above.
const coder = { access: member('coder') };

/** A path with query-string pairs; blank values are left out. */
export function withQuery(path: string, pairs: [string, string | number | undefined][]): string {
  const query = new URLSearchParams();
  for (const [key, value] of pairs) if (value !== undefined && value !== '') query.append(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Fields a filter form shows again as they were chosen. */
function filterValues(query: Query) {
  const attribute = [query.attribute ?? []].flat().map(String).find((v) => v !== '') ?? '';
  return { role: String(query.role ?? ''), wave: String(query.wave ?? ''), attribute };
}

export async function registerAnalysisPages(app: FastifyInstance, { database }: ModuleDeps): Promise<void> {
  const db = database.db;
  const base = (request: FastifyRequest) => `/evaluations/${request.evaluation!.slug}`;
  const choices = (request: FastifyRequest) => queryChoices(db, request.evaluation!.id);

  /** Runs a query from the address; a wrong address comes back as the form with GOV.UK errors. */
  async function fromQuery<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormErrors }> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      if (issues) return { ok: false, errors: formErrors(issues.map((i) => ({ field: i.path.join('-') || 'form', message: i.message }))) };
      if (error instanceof HttpError && error.status === 400) return { ok: false, errors: formErrors(error.fields.length ? error.fields : [{ field: 'form', message: error.message }]) };
      throw error;
    }
  }

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/queries', { config: coder }, async (request, reply) =>
    reply.view('qualitative/analysis/views/queries.njk', { title: 'Queries', choices: await choices(request), values: filterValues(request.query) }),
  );

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/queries/segments', { config: coder }, async (request: Request, reply) => {
    const result = await fromQuery(() => segmentsOfCode(db, request.evaluation!.id, request.query as z.input<typeof segmentQueryInput>, request.user!.id));
    const values = { ...filterValues(request.query), code: String(request.query.code ?? ''), subcodes: request.query.subcodes === 'yes', context: String(request.query.context ?? '150') };
    if (!result.ok) return reply.code(400).view('qualitative/analysis/views/segments.njk', { title: 'Segments of a code', choices: await choices(request), values, errors: result.errors });
    const { code, query, filter, segments, total } = result.value;
    const keep: [string, string | number | undefined][] = [['code', code.id], ['subcodes', query.subcodes ? 'yes' : undefined], ['context', query.context], ...filterQuery(filter)];
    const path = `${base(request)}/queries/segments`;
    return reply.view('qualitative/analysis/views/segments.njk', {
      title: `Segments of ${code.name}`,
      choices: await choices(request),
      values,
      code,
      segments,
      total,
      filtered: isFiltered(filter),
      page: query.page,
      pagination: pagination(query.page, Math.ceil(total / pageSize), (n) => withQuery(path, [...keep, ['page', n]])),
    });
  });

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/queries/co-occurrence', { config: coder }, async (request: Request, reply) => {
    const result = await fromQuery(() => coOccurrence(db, request.evaluation!.id, request.query, request.user!.id));
    const values = { ...filterValues(request.query), parent: String(request.query.parent ?? '') };
    if (!result.ok) return reply.code(400).view('qualitative/analysis/views/co-occurrence.njk', { title: 'Code co-occurrence', choices: await choices(request), values, errors: result.errors });
    const pairLink = (a: string, b: string) => withQuery(`${base(request)}/queries/co-occurrence/${a}/${b}`, filterQuery(result.value.filter));
    return reply.view('qualitative/analysis/views/co-occurrence.njk', { title: 'Code co-occurrence', choices: await choices(request), values, result: result.value, pairLink });
  });

  app.get<{ Params: Params & { codeA: string; codeB: string }; Querystring: Query }>(
    '/evaluations/:evaluation/queries/co-occurrence/:codeA/:codeB',
    { config: coder },
    async (request, reply) => {
      const result = await fromQuery(() => coOccurringSegments(db, request.evaluation!.id, request.params.codeA, request.params.codeB, request.query, request.user!.id));
      if (!result.ok) return reply.code(400).view('errors.njk', { title: 'There is a problem with the request', message: result.errors.list.map((e) => e.text).join(' '), status: 400 });
      const { codeA, codeB } = result.value;
      return reply.view('qualitative/analysis/views/co-occurring-segments.njk', { title: `Where ${codeA.name} and ${codeB.name} overlap`, result: result.value, back: withQuery(`${base(request)}/queries/co-occurrence`, [['parent', codeA.parentId ?? undefined], ...filterQuery(result.value.filter)]) });
    },
  );

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/queries/search', { config: coder }, async (request: Request, reply) => {
    const values = { ...filterValues(request.query), q: String(request.query.q ?? '') };
    const view = { title: 'Search the sources', choices: await choices(request), values };
    if (request.query.q === undefined) return reply.view('qualitative/analysis/views/search.njk', view);
    const result = await fromQuery(() => searchSources(db, request.evaluation!.id, request.query as z.input<typeof searchInput>));
    if (!result.ok) return reply.code(400).view('qualitative/analysis/views/search.njk', { ...view, errors: result.errors });
    const { query, filter, results, total } = result.value;
    const path = `${base(request)}/queries/search`;
    return reply.view('qualitative/analysis/views/search.njk', {
      ...view,
      title: `Search: ${query.q}`,
      results,
      total,
      filtered: isFiltered(filter),
      page: query.page,
      pageSize: searchPageSize,
      pagination: pagination(query.page, Math.ceil(total / searchPageSize), (n) => withQuery(path, [['q', query.q], ...filterQuery(filter), ['page', n]])),
    });
  });

  // --- The framework matrix ---------------------------------------------------------------

  const matrixKeep = (rows: RowKind, parent: string | undefined, filter: SegmentFilter): [string, string | undefined][] => [['rows', rows], ['parent', parent], ...filterQuery(filter)];

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/framework-matrix', { config: coder }, async (request: Request, reply) => {
    const values = { ...filterValues(request.query), rows: String(request.query.rows ?? 'roles'), parent: String(request.query.parent ?? '') };
    const result = await fromQuery(() => frameworkMatrix(db, request.evaluation!.id, request.query, request.user!.id));
    if (!result.ok) return reply.code(400).view('qualitative/analysis/views/matrix.njk', { title: 'Framework matrix', choices: await choices(request), values, rowKinds, errors: result.errors });
    const matrix = result.value;
    const keep = matrixKeep(matrix.rowKind, matrix.parent?.id, matrix.filter);
    const path = `${base(request)}/framework-matrix`;
    return reply.view('qualitative/analysis/views/matrix.njk', {
      title: 'Framework matrix',
      choices: await choices(request),
      values,
      rowKinds,
      matrix,
      cellLink: (row: string, column: string) => withQuery(`${path}/cell`, [...keep, ['row', row], ['column', column]]),
      exports: { xlsx: withQuery(`${path}/export.xlsx`, keep), docx: withQuery(`${path}/export.docx`, keep) },
    });
  });

  const renderCell = async (request: Request, reply: FastifyReply, summaryErrors?: FormErrors, typed?: string) => {
    const result = await fromQuery(() => matrixCell(db, request.evaluation!.id, request.query as z.input<typeof cellInput>, request.user!.id));
    if (!result.ok) return reply.code(400).view('errors.njk', { title: 'There is a problem with the request', message: result.errors.list.map((e) => e.text).join(' '), status: 400 });
    const cell = result.value;
    const keep = matrixKeep(cell.query.rows, cell.query.parent, cell.filter);
    return reply.code(summaryErrors ? 400 : 200).view('qualitative/analysis/views/matrix-cell.njk', {
      title: `${cell.row.label}: ${cell.column.name}`,
      cell,
      summary: typed ?? cell.summary,
      errors: summaryErrors,
      action: withQuery(`${base(request)}/framework-matrix/cell`, [...keep, ['row', cell.row.key], ['column', cell.column.id]]),
      back: withQuery(`${base(request)}/framework-matrix`, keep),
    });
  };

  app.get<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/framework-matrix/cell', { config: coder }, (request: Request, reply) => renderCell(request, reply));

  app.post<{ Params: Params; Querystring: Query }>('/evaluations/:evaluation/framework-matrix/cell', { config: coder }, async (request: Request, reply) => {
    const address = parseForm(cellInput, request.query);
    if (!address.ok) throw notFound('Matrix cell');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const saved = await submitForm(summaryInput, body, (data) =>
      saveMatrixSummary(db, request.user!.id, request.evaluation!.id, { rows: address.data.rows, row: address.data.row, column: address.data.column }, data),
    );
    if (!saved.ok) return renderCell(request, reply, saved.errors, String(body.summary ?? ''));
    return reply.redirect(withQuery(`${base(request)}/framework-matrix`, matrixKeep(address.data.rows, address.data.parent, toSegmentFilter(address.data))), 303);
  });

  for (const format of ['xlsx', 'docx'] as const) {
    app.get<{ Params: Params; Querystring: Query }>(`/evaluations/:evaluation/framework-matrix/export.${format}`, { config: coder }, async (request: Request, reply) => {
      const form = parseForm(matrixInput, request.query);
      if (!form.ok) return reply.code(400).view('errors.njk', { title: 'There is a problem with the request', message: form.errors.list.map((e) => e.text).join(' '), status: 400 });
      const matrix = await matrixForExport(db, request.evaluation!.id, form.data, request.user!.id);
      const title = `Framework matrix${matrix.parent ? `: ${matrix.parent.name}` : ''} by ${matrix.rowKind === 'participants' ? 'participant' : 'role category'}`;
      const file = format === 'xlsx' ? await matrixWorkbook(matrix, title) : await matrixDocument(matrix, title);
      const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return reply
        .header('content-disposition', `attachment; filename="framework-matrix-${request.evaluation!.slug}.${format}"`)
        .header('cache-control', 'no-store')
        .type(type)
        .send(file);
    });
  }
}

/** Queries and the framework matrix: pages and API, registered together from the modules list. */
export async function registerQualitativeAnalysis(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  await registerAnalysisPages(app, deps);
  await registerAnalysisApi(app, deps);
}
