import { describe, expect, it } from 'vitest';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { createUnit } from '../src/modules/organisation/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { PlanImportPage } from './support/pages/plan-pages.ts';
import { NewDocumentPage } from './support/pages/document-pages.ts';

const browser = useBrowser();

const planFile = [
  'plan,plan year,workstream,directorate,deliverable,programmes,themes,status',
  'Mental health plan,2005/06,Acute care,Programmes Directorate,Crisis standards,MHI;CAT,,done',
  'Mental health plan,2005/06,Acute care,Programmes Directorate,Ward audit,MHI,workforce,ongoing',
  'Mental health plan,2005/06,Community,Programmes Directorate,Day services review,MHI,,planned',
  'Joint plan,2005/06,Transitions,Programmes Directorate,Shared protocol,MHI;Older People,,planned',
].join('\n');

describe.each(backends)('plans and documents in a browser, on $name', (backend) => {
  const server = useServer(backend);

  async function signedIn(slug: string) {
    const user = await server.addUser('Pat Plans');
    const evaluation = await createEvaluation(server.database.db, user.id, { title: 'Plans in the browser', slug });
    for (const [name, shortName] of [['Mental Health Institute', 'MHI'], ['Change Agent Team', 'CAT'], ['Older People’s Services', 'OPS']] as const) {
      await createUnit(server.database.db, user.id, evaluation.id, { kind: 'programme', name, shortName });
    }
    await createUnit(server.database.db, user.id, evaluation.id, { kind: 'directorate', name: 'Programmes Directorate' });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);
    return page;
  }

  it('imports a plan file after mapping a programme name that is not a unit, and shows the cross-cutting work', async () => {
    const page = await signedIn('plans-browser');
    const upload = await PlanImportPage.open(page, 'plans-browser');
    const check = await upload.upload({ name: 'plans.csv', mimeType: 'text/csv', buffer: Buffer.from(planFile) });
    expect(await check.unmatchedNames()).toEqual(['“Older People”']);
    expect(await check.importButton()).toEqual([]);

    await check.mapName('Older People', 'Older People’s Services (programme)');
    const mapped = await check.saveMatches();
    expect(await mapped.importButton()).toEqual(['Import 4 deliverables']);

    const plans = await mapped.commit();
    expect(await plans.banner()).toBe('4 deliverables imported.');
    const analysis = await plans.openAnalysis();
    expect(await analysis.table('Cross-cutting deliverables by plan year')).toEqual([
      { 'Plan year': '2005/06', Deliverables: '4', 'Two or more programmes': '2', 'Cross-cutting theme': '1', 'Cross-cutting (either)': '3', 'Cross-cutting (%)': '75.0' },
    ]);
  });

  it('adds a web page to the register and opens it for coding', async () => {
    const page = await signedIn('documents-browser');
    const form = await NewDocumentPage.open(page, 'documents-browser');
    const html = '<!DOCTYPE html><html lang="en"><head><title>Regional support</title></head><body><h1>Regional support</h1><p>We run action learning sets in every region.</p></body></html>';
    const document = await form.add({ kind: 'Web page', title: 'Regional support page', issuer: 'North West centre', file: { name: 'support.html', mimeType: 'text/html', buffer: Buffer.from(html) } });
    expect(await document.text()).toContain('We run action learning sets in every region.');
    const coding = await document.codeIt();
    expect(await coding.text.textContent()).toContain('We run action learning sets in every region.');
  });
});
