import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { HttpError } from '../../http/errors.ts';
import { listAuditEntries } from '../accounts/audit.ts';
import { removeQuote } from '../qualitative/quotes/service.ts';
import { buildEvidenceMap, verdictOf } from './evidence-map.ts';
import {
  createFinding,
  createRecommendation,
  deleteFinding,
  deleteRecommendation,
  evidenceMap,
  factorsTable,
  getFinding,
  linkEvidence,
  listFindings,
  listRecommendations,
  moveFinding,
  setConstructs,
  unlinkEvidence,
  updateFinding,
  updateRecommendation,
  type Finding,
} from './service.ts';
import { buildFindingsFixture, type FindingsFixture } from './test-fixture.ts';

async function rejected(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`Expected an HttpError, got ${String(error)}`);
  return error;
}

describe('the evidence map verdict', () => {
  it('says supports, contradicts, mixed or no evidence', () => {
    expect(verdictOf(0, 0, 0)).toBe('none');
    expect(verdictOf(2, 0, 0)).toBe('supports');
    expect(verdictOf(0, 1, 0)).toBe('contradicts');
    expect(verdictOf(1, 1, 0)).toBe('mixed');
    expect(verdictOf(0, 0, 1)).toBe('mixed');
  });

  it('counts learning-set responses: agreeing supports, disagreeing contradicts, nuance makes it mixed', () => {
    const finding = (id: string): Finding => ({ id, statement: id, detail: '', valence: 'mixed', strength: 'moderate', position: 1, constructs: [{ id: 'c', name: 'Tension' }], evidence: [], recommendationIds: [] });
    const map = buildEvidenceMap([finding('a'), finding('b')], new Map([['a', { agrees: 3, disagrees: 0, nuances: 0 }], ['b', { agrees: 0, disagrees: 2, nuances: 0 }]]));
    const cell = map.constructs[0]!.cells.find((c) => c.method === 'learning-sets')!;
    expect(cell).toMatchObject({ supports: 3, contradicts: 2, verdict: 'mixed', findingIds: ['a', 'b'] });
    expect(map.constructs[0]!.cells.find((c) => c.method === 'survey')).toMatchObject({ verdict: 'none', verdictLabel: 'No evidence', findingIds: [] });
  });

  it('lists mixed findings as both facilitating and inhibiting, by construct', () => {
    const rows = factorsTable([
      { id: '1', statement: 'Helps', strength: 'strong', valence: 'facilitating', constructs: [{ id: 'c', name: 'Networks' }] },
      { id: '2', statement: 'Both', strength: 'weak', valence: 'mixed', constructs: [{ id: 'c', name: 'Networks' }] },
      { id: '3', statement: 'Loose', strength: 'weak', valence: 'inhibiting', constructs: [] },
    ]);
    expect(rows.map((r) => [r.construct?.name ?? null, r.facilitating.map((f) => f.id), r.inhibiting.map((f) => f.id)])).toEqual([
      ['Networks', ['1', '2'], ['2']],
      [null, [], ['3']],
    ]);
  });
});

describe.each(backends)('findings on $name', (backend) => {
  let database: Database;
  let p: FindingsFixture;
  let other: FindingsFixture;
  beforeAll(async () => {
    database = await backend.open();
    p = await buildFindingsFixture(database, 'findings-service');
    other = await buildFindingsFixture(database, 'findings-other');
  });
  afterAll(() => database.close());

  const newFinding = (statement: string, constructIds: string[] = [], valence: 'facilitating' | 'inhibiting' | 'mixed' = 'inhibiting') =>
    createFinding(database.db, p.researcher.id, p.evaluationId, { statement, valence, constructIds });

  it('links evidence of every kind, each under its method, with excerpts that may leave the team', async () => {
    const finding = await newFinding('Time for joint work is scarce', [p.codes.time.id, p.codes.tension.id]);
    expect(finding.constructs.map((c) => c.name).sort()).toEqual(['Dedicated time and resources', 'Tension for change']);
    const link = (input: Parameters<typeof linkEvidence>[4]) => linkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, input);
    const board = await link({ kind: 'coding', codingId: p.codings.board });
    const plan = await link({ kind: 'coding', codingId: p.codings.plan, stance: 'contradicts', note: 'The plan promises pooled funding' });
    const quote = await link({ kind: 'quote', quoteId: p.quoteId });
    const survey = await link({ kind: 'survey-result', surveyId: p.surveyIds[0]!, view: 'scale-by-unit', by: 'programme', scale: 'time_resources' });
    const change = await link({ kind: 'survey-result', surveyId: p.surveyIds[1]!, view: 'wave-change' });
    const document = await link({ kind: 'document', documentId: p.documentId });
    const plans = await link({ kind: 'plan-analysis', view: 'cross-cutting' });
    const budget = await link({ kind: 'budget-analysis', view: 'concentration' });
    const event = await link({ kind: 'context-event', contextEventId: p.eventId });

    expect([board, plan, quote, survey, change, document, plans, budget, event].map((e) => [e.kind, e.method, e.stance])).toEqual([
      ['coding', 'interviews', 'supports'],
      ['coding', 'documents', 'contradicts'],
      ['quote', 'interviews', 'supports'],
      ['survey-result', 'survey', 'supports'],
      ['survey-result', 'survey', 'supports'],
      ['document', 'documents', 'supports'],
      ['plan-analysis', 'documents', 'supports'],
      ['budget-analysis', 'documents', 'supports'],
      ['context-event', 'context', 'supports'],
    ]);
    // A coded segment is pseudonymised and attributed by the rules, never by the participant.
    expect(board).toMatchObject({ excerpt: '[governing body] said the eight programmes could not go on alone.', attribution: 'Senior Manager', title: 'Coded segment: Tension for change' });
    expect(board.excerpt).not.toContain('SM01');
    expect(plan.attribution).toBe('Document');
    expect(quote).toMatchObject({ excerpt: 'Funding stayed with the largest programme, so the rest of us had no dedicated time.', attribution: 'Senior Manager' });
    expect(survey.title).toBe('Staff survey 2005: Dedicated time and resources: mean scores by “Which programme do you mainly work for?”');
    expect(survey.resultSpec).toMatchObject({ view: 'scale-by-unit', by: 'programme', scale: 'time_resources' });
    expect(survey.link).toBe(`/evaluations/${p.evaluationId}/analysis/surveys/${p.surveyIds[0]}/compare?by=programme`);
    expect(change.title).toBe('Staff survey 2006: Every scale: change between waves');
    expect(document).toMatchObject({ title: 'Annual report 2005/06', documentId: p.documentId });
    expect(event).toMatchObject({ title: 'Review of arm’s-length bodies announced (2005-07-01)', excerpt: 'Every funded body to be reviewed.' });

    const again = await link({ kind: 'quote', quoteId: p.quoteId, stance: 'contradicts' });
    expect(again.id).toBe(quote.id);
    const stored = await getFinding(database.db, p.evaluationId, finding.id);
    expect(stored.evidence).toHaveLength(9);
    expect(stored.evidence.find((e) => e.id === quote.id)!.stance).toBe('contradicts');
    const audit = await listAuditEntries(database.db, p.evaluationId, 1, 200);
    expect(audit.entries.filter((e) => e.entity === 'finding evidence').length).toBe(10);

    await unlinkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, event.id);
    expect((await getFinding(database.db, p.evaluationId, finding.id)).evidence).toHaveLength(8);
  });

  it('refuses evidence, constructs and findings from another evaluation, storing nothing', async () => {
    const finding = await newFinding('Only our own evidence', [p.codes.time.id]);
    const attempts = [
      { kind: 'coding' as const, codingId: other.codings.board },
      { kind: 'quote' as const, quoteId: other.quoteId },
      { kind: 'survey-result' as const, surveyId: other.surveyIds[0]!, view: 'item-frequencies' },
      { kind: 'document' as const, documentId: other.documentId },
      { kind: 'context-event' as const, contextEventId: other.eventId },
    ];
    for (const input of attempts) {
      const error = await rejected(linkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, input));
      expect(error.status).toBe(400);
    }
    expect((await rejected(linkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, { kind: 'quote' }))).fields).toEqual([{ field: 'quoteId', message: 'Choose a quote' }]);
    expect((await rejected(linkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, { kind: 'survey-result', surveyId: p.surveyIds[0]!, view: 'scale-by-unit', scale: 'no_such_scale' }))).status).toBe(400);
    expect((await rejected(linkEvidence(database.db, p.researcher.id, p.evaluationId, finding.id, { kind: 'plan-analysis', view: 'everything' }))).status).toBe(400);
    expect((await getFinding(database.db, p.evaluationId, finding.id)).evidence).toEqual([]);

    expect((await rejected(setConstructs(database.db, p.researcher.id, p.evaluationId, finding.id, { constructIds: [other.codes.time.id] }))).status).toBe(400);
    expect((await getFinding(database.db, p.evaluationId, finding.id)).constructs.map((c) => c.id)).toEqual([p.codes.time.id]);
    expect((await rejected(createRecommendation(database.db, other.researcher.id, other.evaluationId, { text: 'Borrow a finding', findingIds: [finding.id] }))).status).toBe(400);
    expect(await listRecommendations(database.db, other.evaluationId)).toEqual([]);
  });

  it('builds the evidence map with verdicts per construct and method, including a contradiction', async () => {
    const map = await evidenceMap(database.db, p.evaluationId);
    const time = map.constructs.find((c) => c.name === 'Dedicated time and resources')!;
    const cell = (method: string) => time.cells.find((c) => c.method === method)!;
    expect(cell('interviews')).toMatchObject({ supports: 1, contradicts: 1, verdict: 'mixed' });
    expect(cell('documents')).toMatchObject({ supports: 3, contradicts: 1, verdict: 'mixed' });
    expect(cell('survey')).toMatchObject({ supports: 2, contradicts: 0, verdict: 'supports', verdictLabel: 'Supports' });
    expect(cell('context')).toMatchObject({ verdict: 'none' });
    expect(cell('learning-sets')).toMatchObject({ verdict: 'none' });
    expect(map.constructs.find((c) => c.name === 'Support and advocacy')).toBeUndefined();
    expect(time.findingIds).toHaveLength(2);
  });

  it('changes, orders and deletes findings, and deleting takes their links with them', async () => {
    const a = await newFinding('First', [p.codes.advocacy.id], 'facilitating');
    const b = await newFinding('Second', [p.codes.advocacy.id]);
    await linkEvidence(database.db, p.researcher.id, p.evaluationId, b.id, { kind: 'coding', codingId: p.codings.advocacy });
    const changed = await updateFinding(database.db, p.researcher.id, p.evaluationId, a.id, { statement: 'First, changed', valence: 'mixed', strength: 'strong', constructIds: [] });
    expect(changed).toMatchObject({ statement: 'First, changed', valence: 'mixed', strength: 'strong', constructs: [] });
    const order = (await moveFinding(database.db, p.researcher.id, p.evaluationId, b.id, 'up')).map((f) => f.statement);
    expect(order.indexOf('Second')).toBe(order.indexOf('First, changed') - 1);

    const recommendation = await createRecommendation(database.db, p.researcher.id, p.evaluationId, { text: 'Protect time', addressedTo: 'The board', findingIds: [a.id, b.id] });
    expect(recommendation.findingIds.sort()).toEqual([a.id, b.id].sort());
    expect((await getFinding(database.db, p.evaluationId, a.id)).recommendationIds).toEqual([recommendation.id]);
    await deleteFinding(database.db, p.researcher.id, p.evaluationId, b.id);
    expect((await listRecommendations(database.db, p.evaluationId)).find((r) => r.id === recommendation.id)!.findingIds).toEqual([a.id]);
    const evidenceRows = await database.db.selectFrom('finding_evidence').select('id').where('finding_id', '=', b.id).execute();
    expect(evidenceRows).toEqual([]);
    expect((await rejected(getFinding(database.db, p.evaluationId, b.id))).status).toBe(404);
    expect((await rejected(getFinding(database.db, other.evaluationId, a.id))).status).toBe(404);

    const updated = await updateRecommendation(database.db, p.researcher.id, p.evaluationId, recommendation.id, { text: 'Protect time for joint work', findingIds: [] });
    expect(updated).toMatchObject({ text: 'Protect time for joint work', addressedTo: '', findingIds: [] });
    await deleteRecommendation(database.db, p.researcher.id, p.evaluationId, recommendation.id);
    expect((await listRecommendations(database.db, p.evaluationId)).map((r) => r.id)).not.toContain(recommendation.id);
  });

  it('drops a quote from findings when the quote bank removes it', async () => {
    const finding = (await listFindings(database.db, p.evaluationId)).find((f) => f.statement === 'Time for joint work is scarce')!;
    expect(finding.evidence.some((e) => e.kind === 'quote')).toBe(true);
    await removeQuote(database.db, p.lead.id, p.evaluationId, p.quoteId);
    expect((await getFinding(database.db, p.evaluationId, finding.id)).evidence.some((e) => e.kind === 'quote')).toBe(false);
  });

  it('says in words what is wrong with a finding', async () => {
    const error = await createFinding(database.db, p.researcher.id, p.evaluationId, { statement: ' ', valence: 'helpful' as never }).catch((e: unknown) => e);
    expect(String(error)).toContain('Enter the finding');
  });
});
