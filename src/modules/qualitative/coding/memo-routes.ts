import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../../http/app.ts';
import { member } from '../../../http/access.ts';
import { submitForm, type FormErrors } from '../../../http/forms.ts';
import { evaluationPath, formValues, type FormValues, type Params } from '../codebook/page-helpers.ts';
import { changeMemo, createMemo, deleteMemo, getMemo, listMemos, mayChangeMemo, memoChange, memoInput, memoSubjectName, memoSubjects, type Memo, type MemoSubject } from './memos.ts';

type MemoParams = Params & { memo: string };

/** Where a memo's subject is shown: the code's page, the source's coding page, or the list of memos. */
function subjectPath(request: FastifyRequest, memo: Pick<Memo, 'subject' | 'subjectId'>): string {
  if (memo.subject === 'code' && memo.subjectId) return evaluationPath(request, `/codebook/${memo.subjectId}`);
  if (memo.subject === 'source' && memo.subjectId) return evaluationPath(request, `/sources/${memo.subjectId}/code`);
  return evaluationPath(request, '/memos');
}

const subjectLabels: Record<string, string> = { project: 'The whole project', code: 'Code', source: 'Source', coding: 'A coding' };

export async function registerMemoPages(app: FastifyInstance, { database, clock }: ModuleDeps): Promise<void> {
  const db = database.db;
  const coder = { config: { access: member('coder') } };
  const actor = (request: FastifyRequest) => ({ id: request.user!.id, role: request.role! });

  app.get<{ Params: Params; Querystring: { saved?: string } }>('/evaluations/:evaluation/memos', coder, async (request, reply) => {
    const memos = await listMemos(db, request.evaluation!.id);
    return reply.view('qualitative/coding/views/memos.njk', {
      title: 'Memos',
      groups: [
        { heading: 'About the project', memos: memos.filter((m) => m.subject === 'project') },
        { heading: 'About codes', memos: memos.filter((m) => m.subject === 'code') },
        { heading: 'About sources', memos: memos.filter((m) => m.subject === 'source') },
        { heading: 'About codings', memos: memos.filter((m) => m.subject === 'coding') },
      ].filter((g) => g.heading !== 'About codings' || g.memos.length),
      banner: request.query.saved === 'deleted' ? 'Memo deleted.' : undefined,
    });
  });

  const renderNew = async (reply: FastifyReply, request: FastifyRequest, values: FormValues, errors?: FormErrors) => {
    const subject = (memoSubjects as readonly string[]).includes(String(values.subject)) ? (values.subject as MemoSubject) : 'project';
    const subjectId = subject === 'project' ? '' : String(values.subjectId ?? '');
    const subjectName = await memoSubjectName(db, request.evaluation!.id, subject, subjectId);
    return reply.code(errors ? 400 : 200).view('qualitative/coding/views/memo-form.njk', {
      title: subject === 'project' ? 'Write a memo about the project' : `Write a memo about a ${subject}`,
      action: evaluationPath(request, '/memos'),
      back: subjectPath(request, { subject, subjectId }),
      about: { label: subjectLabels[subject], name: subjectName, subject, subjectId },
      values,
      errors,
    });
  };

  app.get<{ Params: Params; Querystring: { subject?: string; subjectId?: string } }>('/evaluations/:evaluation/memos/new', coder, (request, reply) =>
    renderNew(reply, request, { subject: request.query.subject ?? 'project', subjectId: request.query.subjectId ?? '' }),
  );

  app.post<{ Params: Params }>('/evaluations/:evaluation/memos', coder, async (request, reply) => {
    const result = await submitForm(memoInput, request.body, (data) => createMemo(db, actor(request), request.evaluation!.id, data));
    if (!result.ok) return renderNew(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${subjectPath(request, result.value)}?memo=saved`, 303);
  });

  const renderMemo = async (reply: FastifyReply, request: FastifyRequest<{ Params: MemoParams }>, values?: FormValues, errors?: FormErrors) => {
    const memo = await getMemo(db, request.evaluation!.id, request.params.memo);
    return reply.code(errors ? 400 : 200).view('qualitative/coding/views/memo.njk', {
      title: memo.title || 'Memo',
      memo,
      about: { label: subjectLabels[memo.subject], name: memo.subjectName, href: subjectPath(request, memo) },
      canChange: mayChangeMemo(memo, actor(request)),
      values: values ?? { title: memo.title, body: memo.body },
      errors,
    });
  };

  app.get<{ Params: MemoParams }>('/evaluations/:evaluation/memos/:memo', coder, (request, reply) => renderMemo(reply, request));

  app.post<{ Params: MemoParams }>('/evaluations/:evaluation/memos/:memo', coder, async (request, reply) => {
    const result = await submitForm(memoChange, request.body, (data) => changeMemo(db, actor(request), request.evaluation!.id, request.params.memo, data, clock()));
    if (!result.ok) return renderMemo(reply, request, formValues(request.body), result.errors);
    return reply.redirect(`${subjectPath(request, result.value)}?memo=saved`, 303);
  });

  app.post<{ Params: MemoParams }>('/evaluations/:evaluation/memos/:memo/delete', coder, async (request, reply) => {
    await deleteMemo(db, actor(request), request.evaluation!.id, request.params.memo);
    return reply.redirect(evaluationPath(request, '/memos?saved=deleted'), 303);
  });
}
