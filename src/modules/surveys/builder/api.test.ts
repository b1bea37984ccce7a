import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../../test/databases.ts';
import { addUser, api, buildTestApp } from '../../../../test/app.ts';
import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { createApiToken, digest } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../../evaluations/service.ts';

const twoPages = {
  welcome: 'Welcome to the staff survey',
  pages: [
    { id: 'p1', title: 'About you', questions: [{ id: 'role', text: 'Your role', format: { type: 'single', options: [{ code: 'mgr', label: 'Manager' }, { code: 'staff', label: 'Staff' }] } }] },
    {
      id: 'p2', title: 'Managers only', condition: { all: [{ question: 'role', op: 'equals', value: 'mgr' }] },
      questions: [{ id: 'q2', text: 'How many staff do you manage?', format: { type: 'number', min: 0, integer: true }, required: true }],
    },
  ],
};

describe.each(backends)('survey builder API on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  let researcher: string;
  let coder: string;
  let outsider: string;
  const base = '/api/v1/evaluations/builder-api/surveys';
  const settings = { title: 'Staff survey 2006', purpose: 'main', anonymity: 'anonymous' };

  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
    const lead = await addUser(database, 'Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Builder API', slug: 'builder-api' });
    const researcherUser = await addUser(database, 'Researcher');
    const coderUser = await addUser(database, 'Coder');
    await setMember(database.db, lead.id, evaluation.id, { email: researcherUser.email, role: 'researcher' });
    await setMember(database.db, lead.id, evaluation.id, { email: coderUser.email, role: 'coder' });
    researcher = (await createApiToken(database.db, researcherUser.id, 't')).token;
    coder = (await createApiToken(database.db, coderUser.id, 't')).token;
    outsider = (await createApiToken(database.db, (await addUser(database, 'Outsider')).id, 't')).token;
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('creates a survey with its questionnaire, replaces the questionnaire and opens it', async () => {
    const created = await api(built.app, researcher, 'POST', base, { ...settings, access: 'personal', opensAt: '2006-03-01T09:00:00Z', definition: twoPages });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Staff survey 2006', access: 'personal', status: 'draft', opensAt: '2006-03-01T09:00:00.000Z', version: { number: 1, frozen: false }, versions: [{ number: 1 }] });
    expect(created.body?.publicLink).toMatch(/\/s\/[a-z2-9]{8}$/);
    const id = String(created.body?.id);
    const stored = created.body?.version as { definition: { welcome: string; pages: { questions: { hint: string }[] }[] } };
    expect(stored.definition.welcome).toBe('Welcome to the staff survey');
    expect(stored.definition.pages[0]!.questions[0]!.hint).toBe('');

    const replaced = await api(built.app, researcher, 'PUT', `${base}/${id}/definition`, { ...twoPages, thankYou: 'Thank you' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ number: 1, frozen: false, definition: { thankYou: 'Thank you' } });

    const opened = await api(built.app, researcher, 'POST', `${base}/${id}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body?.status).toBe('open');
    const closed = await api(built.app, researcher, 'POST', `${base}/${id}/close`);
    expect(closed.body?.status).toBe('closed');

    const list = await api(built.app, coder, 'GET', base);
    expect(list.status).toBe(200);
    expect(list.body?.surveys).toEqual(expect.arrayContaining([expect.objectContaining({ id, complete: 0, partial: 0, waveName: null })]));
  });

  it('refuses a bad definition with a problem document listing every problem, and stores nothing', async () => {
    const before = ((await api(built.app, researcher, 'GET', base)).body?.surveys as unknown[]).length;
    const bad = {
      pages: [
        { id: 'p1', title: 'One', condition: { all: [{ question: 'later', op: 'answered' }] }, questions: [{ id: 'q1', text: 'A', format: { type: 'likert', points: 5, labels: ['a', 'b'] } }] },
        { id: 'p2', title: 'Two', questions: [{ id: 'later', text: 'B', format: { type: 'date' } }, { id: 'q1', text: 'C', format: { type: 'date' } }] },
      ],
    };
    const refused = await api(built.app, researcher, 'POST', base, { ...settings, definition: bad });
    expect(refused.status).toBe(400);
    expect(refused.response.headers['content-type']).toContain('application/problem+json');
    expect(refused.body?.code).toBe('invalid_definition');
    expect(refused.body?.errors).toEqual([
      { field: 'definition', message: 'Page "One" has a condition on later, which is not a question on an earlier page' },
      { field: 'definition', message: 'Question q1 has 5 points but 2 labels' },
      { field: 'definition', message: 'The question id q1 is used twice' },
    ]);
    expect(((await api(built.app, researcher, 'GET', base)).body?.surveys as unknown[]).length).toBe(before);

    const created = await api(built.app, researcher, 'POST', base, settings);
    const put = await api(built.app, researcher, 'PUT', `${base}/${String(created.body?.id)}/definition`, { pages: [{ id: 'p1', title: '', questions: [] }] });
    expect(put.status).toBe(400);
    expect(put.body?.errors).toEqual([{ field: 'definition', message: 'pages.0.title: Every page needs a title' }]);
  });

  it('answers 409 with the reasons when a survey cannot open', async () => {
    const created = await api(built.app, researcher, 'POST', base, settings);
    const refused = await api(built.app, researcher, 'POST', `${base}/${String(created.body?.id)}/open`);
    expect(refused.status).toBe(409);
    expect(refused.body?.errors).toEqual([{ field: 'definition', message: 'The survey has no questions yet' }]);
  });

  it('keeps answered versions and serves each one', async () => {
    const created = await api(built.app, researcher, 'POST', base, { ...settings, definition: twoPages });
    const id = String(created.body?.id);
    const version = await database.db.selectFrom('survey_versions').select('id').where('survey_id', '=', id).executeTakeFirstOrThrow();
    await database.db.insertInto('responses').values({ survey_id: id, version_id: version.id, key_hash: digest(`api-${backend.name}`), purpose: 'main' }).execute();
    expect((await api(built.app, coder, 'GET', `${base}/${id}`)).body?.version).toMatchObject({ number: 1, frozen: true });
    const changed = await api(built.app, researcher, 'PUT', `${base}/${id}/definition`, { ...twoPages, welcome: 'Second wording' });
    expect(changed.body).toMatchObject({ number: 2, frozen: false });
    const one = await api(built.app, coder, 'GET', `${base}/${id}`);
    expect(one.body?.versions).toEqual([expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2 })]);
    expect((await api(built.app, coder, 'GET', `${base}/${id}/versions/1`)).body).toMatchObject({ number: 1, frozen: true, definition: { welcome: 'Welcome to the staff survey' } });
    expect((await api(built.app, coder, 'GET', `${base}/${id}/versions/2`)).body).toMatchObject({ number: 2, frozen: false, definition: { welcome: 'Second wording' } });
    expect((await api(built.app, coder, 'GET', `${base}/${id}/versions/3`)).status).toBe(404);
    const anonymity = await api(built.app, researcher, 'PATCH', `${base}/${id}`, { anonymity: 'identified' });
    expect(anonymity.status).toBe(400);
    expect(String(anonymity.body?.detail)).toContain('Anonymity cannot change once a survey has responses');
  });

  it('changes settings in part, and refuses a wave of another evaluation', async () => {
    const created = await api(built.app, researcher, 'POST', base, settings);
    const id = String(created.body?.id);
    const patched = await api(built.app, researcher, 'PATCH', `${base}/${id}`, { title: 'Pilot survey', purpose: 'pilot' });
    expect(patched.body).toMatchObject({ title: 'Pilot survey', purpose: 'pilot', anonymity: 'anonymous' });
    const wrongWave = await api(built.app, researcher, 'PATCH', `${base}/${id}`, { waveId: '00000000-0000-4000-8000-000000000000' });
    expect(wrongWave.status).toBe(400);
    expect(wrongWave.body?.errors).toEqual([{ field: 'waveId', message: 'Choose a wave from the list' }]);
  });

  it('lets a coder read but not change, and hides the evaluation from non-members', async () => {
    const created = await api(built.app, researcher, 'POST', base, { ...settings, definition: twoPages });
    const id = String(created.body?.id);
    expect((await api(built.app, coder, 'GET', `${base}/${id}`)).status).toBe(200);
    expect((await api(built.app, coder, 'PUT', `${base}/${id}/definition`, twoPages)).status).toBe(403);
    expect((await api(built.app, coder, 'POST', `${base}/${id}/open`)).status).toBe(403);
    expect((await api(built.app, coder, 'POST', base, settings)).status).toBe(403);
    const hidden = await api(built.app, outsider, 'GET', `${base}/${id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body?.detail).toBe('Evaluation not found');
  });

  it('documents the routes in the OpenAPI document', async () => {
    const document = await built.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(document.statusCode).toBe(200);
    const paths = (JSON.parse(document.body) as { paths: Record<string, unknown> }).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining([
      '/api/v1/evaluations/{evaluation}/surveys',
      '/api/v1/evaluations/{evaluation}/surveys/{survey}/definition',
      '/api/v1/evaluations/{evaluation}/surveys/{survey}/versions/{number}',
    ]));
  });
});
