import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingIn, formativeIn, slowCli } from '../../test/cli.ts';
import { openEmbeddedDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createUser } from '../modules/accounts/service.ts';
import { addDocument } from '../modules/documents/service.ts';
import { addContextEvent } from '../modules/evaluations/protocol/context-events.ts';
import { createEvaluation } from '../modules/evaluations/service.ts';
import { createFinding, linkEvidence } from '../modules/findings/service.ts';
import { createCode } from '../modules/qualitative/service.ts';

describe('formative findings list', () => {
  let dir: string;
  const formative = (...args: string[]) => formativeIn(dir, ...args);
  const failing = (...args: string[]) => failingIn(dir, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'formative-findings-cli-'));
    const database = await openEmbeddedDatabase(join(dir, 'data'));
    try {
      await migrate(database);
      const db = database.db;
      const lead = await createUser(db, { email: 'lead@example.org', name: 'Lead', password: 'a long test password' });
      const evaluation = await createEvaluation(db, lead.id, { title: 'Findings by command', slug: 'findings' });
      await createEvaluation(db, lead.id, { title: 'No findings', slug: 'none' });
      const code = await createCode(db, lead.id, evaluation.id, { name: 'Outer context' });
      const finding = await createFinding(db, lead.id, evaluation.id, { statement: 'Reviews made staff cautious', valence: 'inhibiting', strength: 'strong', constructIds: [code.id] });
      const document = await addDocument(db, lead.id, evaluation.id, { kind: 'minutes', title: 'Board minutes' });
      const event = await addContextEvent(db, lead.id, evaluation.id, { kind: 'review', title: 'Review announced', date: '2005-07' });
      await linkEvidence(db, lead.id, evaluation.id, finding.id, { kind: 'document', documentId: document.id, stance: 'contradicts' });
      await linkEvidence(db, lead.id, evaluation.id, finding.id, { kind: 'context-event', contextEventId: event.id });
      await linkEvidence(db, lead.id, evaluation.id, finding.id, { kind: 'budget-analysis', view: 'concentration' });
    } finally {
      await database.close();
    }
  }, slowCli);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each finding with its valence, constructs and evidence per method, as text and as JSON', async () => {
    const { stdout } = await formative('findings', 'list', 'findings');
    expect(stdout.trim().split('\n')).toEqual([
      '1. Reviews made staff cautious',
      '   Inhibiting, strong; constructs: Outer context',
      '   Evidence: documents 1 supporting, 1 contradicting; outer context 1 supporting',
    ]);
    const json = JSON.parse((await formative('findings', 'list', 'findings', '--json')).stdout) as { findings: Record<string, unknown>[] };
    expect(json.findings).toEqual([
      expect.objectContaining({
        statement: 'Reviews made staff cautious',
        valence: 'inhibiting',
        constructs: ['Outer context'],
        evidence: { interviews: { supports: 0, contradicts: 0 }, documents: { supports: 1, contradicts: 1 }, survey: { supports: 0, contradicts: 0 }, context: { supports: 1, contradicts: 0 } },
      }),
    ]);
    expect((await formative('findings', 'list', 'none')).stdout.trim()).toBe('No findings has no findings.');
  }, slowCli);

  it('says in one line what to give when the evaluation is missing or unknown', async () => {
    const missing = await failing('findings', 'list');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('formative: Give one evaluation, by id or short name. Usage: formative findings list EVALUATION [--json]');
    expect((await failing('findings', 'list', 'nowhere')).stderr.trim()).toBe('formative: No evaluation with id or short name nowhere');
  }, slowCli);
});
