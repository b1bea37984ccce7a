import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/databases.ts';
import type { Database } from '../db/database.ts';
import { listMembers } from '../modules/evaluations/service.ts';
import { listRounds, roundComparison } from '../modules/qualitative/agreement/service.ts';
import { frameworkMatrix } from '../modules/qualitative/analysis/matrix.ts';
import { listInterviews } from '../modules/qualitative/interviews/interviews.ts';
import { listParticipants } from '../modules/qualitative/interviews/participants.ts';
import { getScheduleVersion, listSchedules } from '../modules/qualitative/interviews/schedules.ts';
import { listQuotes, quotePrereleaseCheck } from '../modules/qualitative/quotes/service.ts';
import { getSource, listCodes, listCodings, listSources } from '../modules/qualitative/service.ts';
import { directoryStep } from './directory.ts';
import { demoCoder, interviewsStep } from './interviews.ts';
import { loadDemo, type DemoResult } from './load.ts';
import { organisationStep } from './organisation.ts';
import { periodsStep } from './periods.ts';
import { protocolStep } from './protocol.ts';
import { programmes } from './structure.ts';
import { teamStep } from './team.ts';

describe.each(backends)("the demo's interviews ($name)", (backend) => {
  let database: Database;
  let demo: DemoResult;
  let evaluationId: string;
  let loadSeconds = 0;

  beforeAll(async () => {
    database = await backend.open();
    // The steps the interviews need: the team, the organisation and its directory, the protocol's questions.
    const started = performance.now();
    demo = await loadDemo(database, { steps: [teamStep, periodsStep, organisationStep, directoryStep, protocolStep, interviewsStep] });
    loadSeconds = (performance.now() - started) / 1000;
    evaluationId = demo.evaluation.id;
  }, 240_000);
  afterAll(() => database?.close());

  it('interviews the chief executive, 13 programme leads and 7 regional directors, face to face or by telephone in 2006', async () => {
    console.info(`the demo's first steps and its interviews loaded in ${loadSeconds.toFixed(1)} s on ${backend.name}`);
    const interviews = await listInterviews(database.db, evaluationId);
    expect(interviews).toHaveLength(21);
    const roles = interviews.reduce<Record<string, number>>((n, i) => ({ ...n, [i.roleCategory]: (n[i.roleCategory] ?? 0) + 1 }), {});
    expect(roles).toEqual({ 'Chief executive': 1, 'Programme lead': 13, 'Regional director': 7 });
    expect(interviews.every((i) => i.heldOn?.startsWith('2006') && i.consentRecord && i.consentTranscribe && i.transcripts === 1)).toBe(true);
    expect(interviews.filter((i) => i.mode === 'telephone')).toHaveLength(3);
    expect(interviews.filter((i) => i.mode === 'face-to-face')).toHaveLength(18);
    expect(interviews.every((i) => i.schedule?.title === 'Interviews with senior managers')).toBe(true);
    // The chief executive, the eight programme leads and the regional directors are in the directory.
    const participants = await listParticipants(database.db, evaluationId);
    expect(participants.filter((p) => p.personId).length).toBeGreaterThanOrEqual(16);
  });

  it('follows a schedule whose questions answer the protocol’s research questions', async () => {
    const [summary] = await listSchedules(database.db, evaluationId);
    const version = await getScheduleVersion(database.db, evaluationId, summary!.id);
    expect(version.sections.map((s) => s.title)).toContain('Readiness for change');
    const linked = version.sections.flatMap((s) => s.questions.flatMap((q) => q.researchQuestions.map((rq) => rq.text)));
    expect(linked.some((text) => text.startsWith('What do senior managers see as helping and hindering'))).toBe(true);
    expect(version.sections.flatMap((s) => s.questions).every((q) => q.text.length > 10)).toBe(true);
  });

  it('has 21 transcripts of 1,200 to 2,500 words, each different and each coded, by two coders', async () => {
    const sources = (await listSources(database.db, evaluationId)).filter((s) => s.kind === 'transcript');
    expect(sources).toHaveLength(21);
    const coders = new Set<string | null>();
    const openings = new Set<string>();
    for (const source of sources) {
      const codings = await listCodings(database.db, evaluationId, source.id);
      expect(codings.length, source.name).toBeGreaterThan(0);
      for (const c of codings) coders.add(c.coderId);
      expect(codings.every((c) => ['facilitating', 'inhibiting', 'mixed', 'neutral'].includes(c.valence))).toBe(true);
    }
    const texts = await Promise.all(sources.map((s) => getSource(database.db, evaluationId, s.id)));
    for (const text of texts) {
      const words = text.content.split(/\s+/).filter(Boolean).length;
      expect(words, text.name).toBeGreaterThanOrEqual(1200);
      expect(words, text.name).toBeLessThanOrEqual(2500);
      openings.add(text.content.slice(300, 1500));
    }
    expect(openings.size).toBe(21);
    const members = await listMembers(database.db, evaluationId);
    const coderId = members.find((m) => m.email === demoCoder.email)!.userId;
    expect(coders).toEqual(new Set([members.find((m) => m.role === 'lead')!.userId, coderId]));
    // Codes from the Greenhalgh framework, loaded as the codebook.
    const codes = await listCodes(database.db, evaluationId);
    expect(codes.filter((c) => c.frameworkRef?.startsWith('greenhalgh-2004/')).length).toBe(codes.length);
    expect(codes.find((c) => c.name === 'Tension for change')!.codings).toBeGreaterThan(0);
  });

  it('ran one agreement round on two transcripts, closed, with its kappa', async () => {
    const rounds = await listRounds(database.db, evaluationId);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ status: 'comparing', sources: 2 });
    const { comparison } = await roundComparison(database.db, evaluationId, rounds[0]!.id);
    const kappa = comparison.overall.kappa.kappa!;
    expect(kappa).toBeGreaterThan(0.4);
    expect(kappa).toBeLessThan(1);
    expect(demo.counts.agreementKappaPercent).toBe(Math.round(kappa * 100));
  });

  it('writes summaries in the framework matrix by role', async () => {
    const readiness = (await listCodes(database.db, evaluationId)).find((c) => c.frameworkRef === 'greenhalgh-2004/system-readiness')!;
    const matrix = await frameworkMatrix(database.db, evaluationId, { rows: 'roles', parent: readiness.id }, null);
    expect(matrix.rows.map((r) => r.label)).toEqual(['Chief executive', 'Programme lead', 'Regional director']);
    const summaries = matrix.cells.flat().filter((c) => c.summary);
    expect(summaries).toHaveLength(demo.counts.matrixSummaries!);
    expect(summaries.length).toBeGreaterThanOrEqual(6);
    expect(matrix.cells.flat().reduce((n, c) => n + c.segments, 0)).toBeGreaterThan(50);
  });

  it('keeps 12 to 15 quotes, attributed only as Senior Manager, that pass the pre-release check', async () => {
    const quotes = await listQuotes(database.db, evaluationId);
    expect(quotes.length).toBeGreaterThanOrEqual(12);
    expect(quotes.length).toBeLessThanOrEqual(15);
    expect(new Set(quotes.map((q) => q.attribution))).toEqual(new Set(['Senior Manager']));
    expect(quotes.filter((q) => programmes.some((p) => q.text.includes(p.name)))).toEqual([]);
    const check = await quotePrereleaseCheck(database.db, evaluationId);
    expect(check).toEqual({ checked: quotes.length, problems: [] });
  });
});
