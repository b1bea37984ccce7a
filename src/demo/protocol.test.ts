import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { listMeetings } from '../modules/evaluations/protocol/advisory.ts';
import { contextTimeline } from '../modules/evaluations/protocol/context-timeline.ts';
import { listContextEvents } from '../modules/evaluations/protocol/context-events.ts';
import { listPlan } from '../modules/evaluations/protocol/plan.ts';
import { listDocuments, listVersions } from '../modules/evaluations/protocol/study-documents.ts';
import { coverageSummary, progressStatement } from '../modules/evaluations/protocol/summaries.ts';
import { listTasks, taskHistory } from '../modules/evaluations/protocol/tasks.ts';
import { listVariations } from '../modules/evaluations/protocol/variations.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { periodsStep } from './periods.ts';
import { protocolStep } from './protocol.ts';
import { teamStep } from './team.ts';

describe.each(backends)("the demo's protocol ($name)", (backend) => {
  let database: Database;
  let demo: DemoResult;
  let evaluationId: string;

  beforeAll(async () => {
    database = await backend.open();
    // Only the steps the protocol needs: the team (for owners) and the phases its stages sit in.
    demo = await loadDemo(database, { steps: [teamStep, periodsStep, protocolStep] });
    evaluationId = demo.evaluation.id;
  });
  afterAll(() => database?.close());

  // Coverage is worked out from the data, which later steps add: demo.test.ts checks the whole
  // demo's two aims addressed and two not. The protocol alone has the reasons for the two.
  it('has four aims, the site-based two not addressed with the reasons, and nothing addressed before there is data', async () => {
    const { aims, questions } = await coverageSummary(database.db, evaluationId);
    expect(demo.counts).toMatchObject({ aims: 4, researchQuestions: questions.length, methods: 6 });
    expect(aims.map((a) => a.status)).toEqual(['not-addressed', 'not-addressed', 'not-addressed', 'not-addressed']);
    expect(aims[0]!.reasons[0]).toBe('Q1: No method that answers it has data yet (Documentary analysis)');
    expect(aims[2]!.reasons).toEqual([
      "Q6: The case-study event was cancelled at the funder's request",
      "Q7: The case-file review was cancelled at the funder's request",
    ]);
    expect(aims[3]!.reasons).toEqual(["Q8: Only the internal staff set met: the front-line practitioners' set was cancelled at the funder's request, so the findings were not tested with practitioners"]);
    expect(questions.filter((q) => q.addressed)).toHaveLength(0);
  });

  it('shows the cancelled tasks in the progress statement, with the reason and their history', async () => {
    const statement = await progressStatement(database.db, evaluationId);
    const cancelled = statement.stages.flatMap((s) => s.tasks.filter((t) => t.mark === '×').map((t) => [s.name, t.title, t.note]));
    expect(cancelled).toEqual([
      ['Case studies', 'Case-study event', "Cancelled at the funder's request"],
      ['Case studies', 'Case-file review', "Cancelled at the funder's request"],
      ['Learning sets', "Front-line practitioners' learning set", "Cancelled at the funder's request"],
    ]);
    expect(statement.stages.map((s) => s.phaseName)).toEqual([
      'Phase 1: scoping and documentary analysis',
      'Phase 2: interviews and pilot survey',
      'Phase 2: interviews and pilot survey',
      'Phase 3: main survey waves and reporting',
      'Phase 3: main survey waves and reporting',
      'Phase 3: main survey waves and reporting',
    ]);
    const event = (await listTasks(database.db, evaluationId)).find((t) => t.title === 'Case-study event')!;
    const history = await taskHistory(database.db, evaluationId, event.id);
    expect(history.map((h) => h.kind)).toEqual(['created', 'changed']);
    expect(history[1]!.changes.find((c) => c.field === 'status')).toMatchObject({ from: 'Planned', to: 'Cancelled' });
  });

  it('records the variation that added interviews with external stakeholders, the plan and the advisory group', async () => {
    const [variation] = await listVariations(database.db, evaluationId);
    expect(variation!.added).toContain('external stakeholders');
    expect(variation!.tasks.map((t) => t.title)).toContain('Interview external stakeholders');
    expect((await listPlan(database.db, evaluationId)).length).toBeGreaterThanOrEqual(4);
    const [meeting] = await listMeetings(database.db, evaluationId);
    expect(meeting!.decisions[0]).toMatchObject({ taskTitle: 'Interview external stakeholders', questionText: 'How do external stakeholders see the partnership and its work?' });
  });

  it('keeps the study documents in versions', async () => {
    const documents = await listDocuments(database.db, evaluationId);
    expect(documents.map((d) => d.kind).sort()).toEqual(['consent-form', 'contact-sheet', 'information-leaflet']);
    const leaflet = documents.find((d) => d.kind === 'information-leaflet')!;
    const versions = await listVersions(database.db, evaluationId, leaflet.id);
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect(versions[1]!.body).toContain('research ethics committee');
    expect(versions[0]!.body).not.toContain('research ethics committee');
  });

  it('places the context events of 2005 to 2008 beside the milestones', async () => {
    const events = await listContextEvents(database.db, evaluationId);
    expect(events.map((e) => e.occurredOn.slice(0, 4))).toEqual(['2005', '2005', '2005', '2006', '2006', '2006', '2006', '2007', '2007', '2008']);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['review', 'budget', 'media', 'policy']));
    const years = await contextTimeline(database.db, evaluationId);
    expect(years.map((y) => y.year)).toEqual(['2005', '2006', '2007', '2008']);
    expect(years[1]!.items.some((i) => i.side === 'evaluation' && i.title === 'Advisory group meeting')).toBe(true);
  });
});
