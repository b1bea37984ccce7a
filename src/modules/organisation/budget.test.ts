import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import { addUser, api, testConfig, TestBrowser } from '../../../test/app.ts';
import type { Database } from '../../db/database.ts';
import { buildApp, type BuiltApp } from '../../http/app.ts';
import { createApiToken } from '../accounts/service.ts';
import { createEvaluation, setMember } from '../evaluations/service.ts';
import { addBudgetLine, budgetConcentration, createUnit, listBudgetLines, organisationSummary, withShares } from './service.ts';

/** The partnership's budget for 2005/06 by programme, in £000s. */
const demoLines = [
  { label: 'Accommodation and servicing', amountThousands: 810 },
  { label: 'Mental Health Institute', amountThousands: 24_191 },
  { label: 'Valuing People', amountThousands: 2_800 },
  { label: 'Change Agent Team', amountThousands: 2_541 },
  { label: 'Integrated Care Network', amountThousands: 500 },
  { label: 'Change for Children', amountThousands: 1_475 },
  { label: 'Community Equipment', amountThousands: 600 },
  { label: 'CAMHS Support', amountThousands: 1_400 },
  { label: 'Criminal Justice', amountThousands: 5_130 },
];

describe('budget shares', () => {
  it('gives each line its share of the total, and zero shares for an empty total', () => {
    const lines = [10, 30].map((amount, i) => ({ id: String(i), evaluationId: 'e', financialYear: '2005/06', label: `L${i}`, unitId: null, unitName: null, amountThousands: amount, position: i }));
    expect(withShares(lines).lines.map((l) => l.sharePercent)).toEqual([25, 75]);
    expect(withShares(lines.map((l) => ({ ...l, amountThousands: 0 }))).lines.map((l) => l.sharePercent)).toEqual([0, 0]);
    expect(withShares(lines.map((l) => ({ ...l, amountThousands: l.position ? 0.2 : 0.1 }))).totalThousands).toBe(0.3);
  });
});

describe.each(backends)('organisation budget on $name', (backend) => {
  let database: Database;
  let built: BuiltApp;
  beforeAll(async () => {
    database = await backend.open();
    // Every test signs in new members; the sign-in rate limit is not what is tested here.
    built = await buildApp({ config: testConfig({ signInAttemptsPerMinute: 1000 }), database });
  });
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });

  let made = 0;
  async function evaluationForLead() {
    made += 1;
    const lead = await addUser(database, 'Lena Lead');
    const evaluation = await createEvaluation(database.db, lead.id, { title: `Budget ${made}`, slug: `budget-${made}` });
    const browser = new TestBrowser(built.app);
    await browser.signIn(lead);
    const token = (await createApiToken(database.db, lead.id, 'test')).token;
    return { lead, evaluation, browser, token, base: `/evaluations/${evaluation.slug}` };
  }

  it("shows each year's lines with their shares and the total", async () => {
    const { lead, evaluation, browser, base } = await evaluationForLead();
    const mhi = await createUnit(database.db, lead.id, evaluation.id, { kind: 'programme', name: 'Mental Health Institute', shortName: 'MHI' });
    const [first, ...rest] = demoLines;
    // One line through the form, as a researcher would type it, the rest as the demo loads them.
    const typed = await browser.post(`${base}/budget`, { financialYear: '2005/06', label: first!.label, amountThousands: '£810' }, `${base}/budget/new`);
    expect(typed.statusCode).toBe(303);
    for (const line of rest) {
      await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2005/06', ...line, unitId: line.label === 'Mental Health Institute' ? mhi.id : null });
    }
    await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2006/07', label: 'Mental Health Institute', amountThousands: '20,000.5' });

    const page = await browser.get(`${base}/budget`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Budget 2005/06');
    expect(page.body).toContain('Budget 2006/07');
    expect(page.body).toMatch(/Mental Health Institute<\/th>\s*<td[^>]*>Mental Health Institute<\/td>\s*<td[^>]*>24,191<\/td>\s*<td[^>]*>61\.3%<\/td>/);
    expect(page.body).toMatch(/Accommodation and servicing<\/th>[\s\S]*?<td[^>]*>810<\/td>\s*<td[^>]*>2\.1%<\/td>/);
    expect(page.body).toMatch(/Total<\/th>[\s\S]*?39,447/);
    expect(page.body).toContain('20,000.5');

    const ranked = await budgetConcentration(database.db, evaluation.id, '2005/06');
    expect(ranked.map((l) => l.label).slice(0, 3)).toEqual(['Mental Health Institute', 'Criminal Justice', 'Valuing People']);
    expect(ranked[0]!.sharePercent).toBeCloseTo(61.3, 1);
    expect(ranked.at(-1)!.label).toBe('Integrated Care Network');
    expect(ranked.reduce((sum, l) => sum + l.sharePercent, 0)).toBeCloseTo(100, 6);

    expect(await organisationSummary(database.db, evaluation.id)).toMatchObject({ programmes: 1, budgetYears: ['2005/06', '2006/07'] });
  });

  it('shows errors, keeps what was typed and stores nothing when a line is wrong', async () => {
    const { evaluation, browser, base } = await evaluationForLead();
    const response = await browser.post(`${base}/budget`, { financialYear: '2005/07', label: 'Kept label', amountThousands: 'about two million' }, `${base}/budget/new`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Add a budget line');
    expect(response.body).toContain('href="#financialYear"');
    expect(response.body).toContain('A financial year runs over two years in a row, like 2005/06');
    expect(response.body).toContain('Enter the amount in thousands of pounds, like 2,541 or 810.5');
    expect(response.body).toContain('value="Kept label"');
    expect(response.body).toContain('value="about two million"');
    expect(await listBudgetLines(database.db, evaluation.id)).toEqual([]);
  });

  it('changes and deletes a line through the pages', async () => {
    const { lead, evaluation, browser, base } = await evaluationForLead();
    const line = await addBudgetLine(database.db, lead.id, evaluation.id, { financialYear: '2005/06', label: 'Change Agent Team', amountThousands: 2541 });
    const edit = `${base}/budget/${line.id}/edit`;
    expect((await browser.get(edit)).body).toContain('value="2541"');
    expect((await browser.post(edit, { financialYear: '2005/06', label: 'Change Agent Team', amountThousands: '2,600' }, edit)).statusCode).toBe(303);
    expect((await listBudgetLines(database.db, evaluation.id))[0]?.amountThousands).toBe(2600);
    expect((await browser.post(`${base}/budget/${line.id}/delete`, {}, edit)).statusCode).toBe(303);
    expect(await listBudgetLines(database.db, evaluation.id)).toEqual([]);
  });

  it('adds, lists by year, changes and deletes lines through the API', async () => {
    const { lead, evaluation, token } = await evaluationForLead();
    const path = `/api/v1/evaluations/${evaluation.slug}/budget-lines`;
    const added = await api(built.app, token, 'POST', path, { financialYear: '2005/06', label: 'Valuing People', amountThousands: '2,800' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ financialYear: '2005/06', label: 'Valuing People', amountThousands: 2800, unitId: null });
    await api(built.app, token, 'POST', path, { financialYear: '2005/06', label: 'Integrated Care Network', amountThousands: 700 });
    await api(built.app, token, 'POST', path, { financialYear: '2006/07', label: 'Valuing People', amountThousands: 3000 });

    const year = await api(built.app, token, 'GET', `${path}?year=${encodeURIComponent('2005/06')}`);
    const items = year.body?.items as { label: string; sharePercent: number }[];
    expect(items.map((i) => [i.label, i.sharePercent])).toEqual([['Valuing People', 80], ['Integrated Care Network', 20]]);

    const changed = await api(built.app, token, 'PATCH', `${path}/${String(added.body?.id)}`, { amountThousands: 2300 });
    expect(changed.body).toMatchObject({ label: 'Valuing People', amountThousands: 2300, financialYear: '2005/06' });

    const other = await createEvaluation(database.db, lead.id, { title: 'Other budget', slug: `other-budget-${made}` });
    const foreignUnit = await createUnit(database.db, lead.id, other.id, { kind: 'programme', name: 'Elsewhere' });
    const refused = await api(built.app, token, 'PATCH', `${path}/${String(added.body?.id)}`, { unitId: foreignUnit.id });
    expect(refused.status).toBe(400);
    expect(String(refused.body?.detail)).toContain('not found in this evaluation');

    const badYear = await api(built.app, token, 'POST', path, { financialYear: '2005', label: 'X', amountThousands: 1 });
    expect(badYear.status).toBe(400);
    expect(badYear.response.headers['content-type']).toContain('application/problem+json');

    expect((await api(built.app, token, 'DELETE', `${path}/${String(added.body?.id)}`)).status).toBe(204);
    expect((await api(built.app, token, 'GET', path)).body?.items).toHaveLength(2);
  });

  it("answers 404 for another evaluation's budget line, and lets a coder read but not change", async () => {
    const ours = await evaluationForLead();
    const theirs = await evaluationForLead();
    const foreign = await addBudgetLine(database.db, theirs.lead.id, theirs.evaluation.id, { financialYear: '2005/06', label: 'Theirs', amountThousands: 1 });
    expect((await ours.browser.get(`${ours.base}/budget/${foreign.id}/edit`)).statusCode).toBe(404);
    expect((await api(built.app, ours.token, 'DELETE', `/api/v1/evaluations/${ours.evaluation.slug}/budget-lines/${foreign.id}`)).status).toBe(404);
    expect(await listBudgetLines(database.db, theirs.evaluation.id)).toHaveLength(1);

    const coder = await addUser(database, 'Cody Coder');
    await setMember(database.db, ours.lead.id, ours.evaluation.id, { email: coder.email, role: 'coder' });
    const browser = new TestBrowser(built.app);
    await browser.signIn(coder);
    const page = await browser.get(`${ours.base}/budget`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Add a budget line');
    expect((await browser.get(`${ours.base}/budget/new`)).statusCode).toBe(403);
  });
});
