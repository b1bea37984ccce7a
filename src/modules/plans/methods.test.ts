import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, buildTestApp, TestBrowser } from '../../../test/app.ts';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import type { BuiltApp } from '../../http/app.ts';
import { createEvaluation } from '../evaluations/service.ts';
import { createUnit } from '../organisation/service.ts';
import { addCoding, createCode, createSource } from '../qualitative/service.ts';
import { importPlans } from './importing.ts';
import { commonMethods, getMethod, listMethods } from './methods.ts';

describe.each(backends)('improvement methods on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    built = await buildTestApp(database);
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  it('links a method to deliverables and codes, and says where it was used and with what result', async () => {
    const lead = await addUser(database, 'Mo Methods');
    const evaluation = await createEvaluation(database.db, lead.id, { title: 'Methods', slug: 'methods' });
    await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: 'Change Agent Team', shortName: 'CAT' });
    await importPlans(database.db, lead.id, evaluation.id, { fileName: 'p.csv', content: Buffer.from('plan,plan year,workstream,deliverable,programmes,status\nP,2005/06,W,Ward sets,CAT,done\nP,2005/06,W,Lean pilot,CAT,dropped\n') });
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const base = `/evaluations/${evaluation.slug}`;
    expect((await browser.post(`${base}/methods/common`, {}, `${base}/methods`)).headers.location).toBe(`${base}/methods?added=${commonMethods.length}`);
    const again = await browser.post(`${base}/methods`, { name: 'action LEARNING', description: '' }, `${base}/methods/new`);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a method called &quot;action LEARNING&quot;');

    const learning = (await listMethods(database.db, evaluation.id)).find((m) => m.name === 'Action learning')!;
    const plan = await browser.get(`${base}/plans`);
    const planId = /plans\/([0-9a-f-]{36})"/.exec(plan.body)![1]!;
    const planPage = await browser.get(`${base}/plans/${planId}`);
    const deliverableIds = [...planPage.body.matchAll(/deliverables\/([0-9a-f-]{36})\/edit/g)].map((m) => m[1]!);
    const edit = `${base}/plans/deliverables/${deliverableIds[0]}/edit`;
    const saved = await browser.post(edit, { text: 'Ward sets', status: 'done', themes: 'workforce', methodIds: learning.id }, edit);
    expect(saved.statusCode).toBe(303);

    const source = await createSource(database.db, lead.id, evaluation.id, { kind: 'note', name: 'Field note', content: 'The learning sets helped ward managers a lot.' });
    const code = await createCode(database.db, lead.id, evaluation.id, { name: 'Action learning outcomes' });
    await addCoding(database.db, lead.id, evaluation.id, { sourceId: source.id, codeId: code.id, start: 4, end: 44, valence: 'facilitating' });
    const method = `${base}/methods/${learning.id}`;
    expect((await browser.post(`${method}/codes`, { codeIds: code.id }, method)).statusCode).toBe(303);

    const detail = await getMethod(database.db, evaluation.id, learning.id);
    expect(detail.deliverables.map((d) => [d.text, d.status])).toEqual([['Ward sets', 'done']]);
    expect(detail.byValence.facilitating).toBe(1);
    expect(detail.evidence[0]).toMatchObject({ text: 'learning sets helped ward managers a lot', codeName: 'Action learning outcomes' });
    const page = await browser.get(method);
    expect(page.body).toContain('1 deliverable: 1 done, 0 ongoing, 0 planned, 0 dropped.');
    expect(page.body).toContain('1 coded segment: 1 facilitating, 0 inhibiting');
    expect((await listMethods(database.db, evaluation.id)).find((m) => m.id === learning.id)).toMatchObject({ deliverables: 1, done: 1, codings: 1, facilitating: 1 });
  });
});
