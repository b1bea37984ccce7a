import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { drawCaseFileSample, registerCaseFiles } from '../modules/casework/case-studies/case-files.ts';
import { addCommonCriteria, listCriteria, saveJudgements } from '../modules/casework/case-studies/criteria.ts';
import { createSite } from '../modules/casework/case-studies/sites.ts';
import { addStakeholder } from '../modules/casework/case-studies/stakeholders.ts';
import { createEvaluation } from '../modules/evaluations/service.ts';

describe('formative case-studies list', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-case-cli-'));
    // One site with criteria, stakeholders and a sample, made straight in the data folder.
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      const db = database.db;
      const lead = await createUser(db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
      const evaluation = await createEvaluation(db, lead.id, { title: 'Cases by command', slug: 'cases' });
      await createEvaluation(db, lead.id, { title: 'No cases', slug: 'none' });
      const site = await createSite(db, lead.id, evaluation.id, { name: 'Harbourside', siteType: 'london', status: 'active' });
      await addCommonCriteria(db, lead.id, evaluation.id);
      const [first] = await listCriteria(db, evaluation.id);
      await saveJudgements(db, lead.id, evaluation.id, site.id, [{ criterionId: first!.id, judgement: 'met' }]);
      await addStakeholder(db, lead.id, evaluation.id, site.id, { category: 'practitioner', name: 'Social worker' });
      await addStakeholder(db, lead.id, evaluation.id, site.id, { category: 'community-leader', name: 'Tenants’ chair' });
      await registerCaseFiles(db, lead.id, evaluation.id, site.id, { references: 'H-1\nH-2\nH-3' });
      await drawCaseFileSample(db, lead.id, evaluation.id, site.id, { size: 2, seed: '7' });
    } finally {
      await database.close();
    }
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each site with its criteria, stakeholders and case files, as text and as JSON', async () => {
    const { stdout } = await formative('case-studies', 'list', 'cases');
    expect(stdout.trim().split('\n')).toEqual([
      'Harbourside (London, active): 1 of 3 criteria met; case files 3 registered, 2 sampled, 0 extracted',
      '  Stakeholders 2: senior managers 0, practitioners 1, community leaders 1, service users and carers 0; 0 linked to interviews',
    ]);
    const json = JSON.parse((await formative('case-studies', 'list', 'cases', '--json')).stdout) as { sites: Record<string, unknown>[] };
    expect(json.sites[0]).toMatchObject({ name: 'Harbourside', siteType: 'london', criteriaMet: 1, sampled: 2, byCategory: { practitioner: 1 } });
    expect((await formative('case-studies', 'list', 'none')).stdout.trim()).toBe('No cases has no case-study sites.');
  }, slowCli);

  it('says what to give when the evaluation is missing or unknown', async () => {
    const missing = await failing('case-studies', 'list');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('formative: Give one evaluation, by id or short name. Usage: formative case-studies list EVALUATION [--json]');
    expect((await failing('case-studies', 'list', 'nowhere')).stderr.trim()).toBe('formative: No evaluation with id or short name nowhere');
  }, slowCli);
});
