import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/databases.ts';
import type { Database } from '../../db/database.ts';
import { setThreshold } from '../results/service.ts';
import { fixtureUser } from '../results/test-fixture.ts';
import { assembleReport, fingerprint } from './assemble.ts';
import type { ReportModel, TableBlock } from './model.ts';
import { createReport, getReport, saveSection } from './service.ts';
import { buildReportFixture, leakNameIntoQuote, notAddressedReason, quoteWords, type ReportFixture } from './test-report.ts';
import { checkVersion, getVersion, listVersions, releaseVersion, saveVersion } from './versions.ts';

const section = (model: ReportModel, key: string) => model.sections.find((s) => s.key === key)!;
const tables = (model: ReportModel): TableBlock[] => model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? [b] : b.kind === 'chart' ? [b.table] : [])));

describe.each(backends)('report assembly and release ($name)', (backend) => {
  let database: Database;
  let lead: string;
  let fixture: ReportFixture;
  let model: ReportModel;

  beforeAll(async () => {
    database = await backend.open();
    lead = (await fixtureUser(database.db, 'Lead')).id;
    fixture = await buildReportFixture(database.db, lead);
    model = await assembleReport(database.db, fixture.evaluationId, fixture.report, '2007-01-15');
  }, 120_000);
  afterAll(() => database?.close());

  it('fills the interim template’s sections, in order, from the evaluation', () => {
    expect(model.sections.map((s) => s.key)).toEqual([
      'executive-summary', 'aims-questions', 'methods', 'findings', 'factors', 'survey-results', 'recommendations',
      'appendix-progress', 'appendix-glossary', 'appendix-documents', 'appendix-interview-schedule', 'appendix-survey-structure',
    ]);
    expect(section(model, 'executive-summary').narrative).toContain('started to pay off');
    const findings = JSON.stringify(section(model, 'findings'));
    expect(findings).toContain('Intra-organisational networks');
    expect(findings).toContain(quoteWords);
    expect(JSON.stringify(section(model, 'factors'))).toContain('Plans multiply year on year');
    expect(JSON.stringify(section(model, 'recommendations'))).toContain('Keep one plan for every programme');
    expect(JSON.stringify(section(model, 'appendix-glossary'))).toContain('Community equipment programme');
    expect(JSON.stringify(section(model, 'appendix-progress'))).toMatch(/× cancelled.*funder/);
    expect(section(model, 'survey-results').blocks.some((b) => b.kind === 'chart' && b.svg.startsWith('<svg'))).toBe(true);
  });

  it('lists questions not addressed with their reasons', () => {
    const open = section(model, 'aims-questions').blocks.find((b): b is TableBlock => b.kind === 'table' && b.caption.startsWith('Research questions not addressed'))!;
    expect(open.rows).toEqual([['Q3. What did the case-study sites learn?', notAddressedReason]]);
  });

  it('leaves out groups under the disclosure threshold', () => {
    const sizes = tables(model).flatMap((t) => t.groupSizes ?? []);
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.filter((n) => n !== null && n > 0 && n < 5)).toEqual([]);
    expect(JSON.stringify(section(model, 'survey-results'))).toContain('not shown');
  });

  it('follows the template: feedback has no methods or appendix of progress', async () => {
    const feedback = await createReport(database.db, lead, fixture.evaluationId, { title: 'Feedback', template: 'feedback' });
    const built = await assembleReport(database.db, fixture.evaluationId, feedback);
    expect(built.sections.map((s) => s.key)).not.toContain('methods');
    expect(built.sections.map((s) => s.key)).not.toContain('appendix-progress');
    const final = await assembleReport(database.db, fixture.evaluationId, await createReport(database.db, lead, fixture.evaluationId, { title: 'Final', template: 'final' }));
    expect(JSON.stringify(final.sections.find((s) => s.key === 'references'))).toContain('Greenhalgh');
  });

  it('leaves out a section the team excluded', async () => {
    await saveSection(database.db, lead, fixture.evaluationId, fixture.report.id, 'appendix-documents', { included: 'no' });
    const built = await assembleReport(database.db, fixture.evaluationId, await getReport(database.db, fixture.evaluationId, fixture.report.id));
    expect(built.sections.map((s) => s.key)).not.toContain('appendix-documents');
    await saveSection(database.db, lead, fixture.evaluationId, fixture.report.id, 'appendix-documents', { included: 'yes' });
  });

  it('saves versions whose model and fingerprint come back unchanged', async () => {
    const first = await saveVersion(database.db, lead, fixture.evaluationId, fixture.report.id);
    const again = await getVersion(database.db, fixture.evaluationId, fixture.report.id, first.number);
    expect(fingerprint(again.model)).toBe(first.fingerprint);
    expect(again.status).toBe('draft');
  });

  it('blocks release of a version whose quote names someone in the staff directory', async () => {
    await leakNameIntoQuote(database.db, lead, fixture);
    const leaky = await saveVersion(database.db, lead, fixture.evaluationId, fixture.report.id);
    const problems = await checkVersion(database.db, fixture.evaluationId, fixture.report.id, leaky.number);
    expect(problems.map((p) => p.kind)).toEqual(['quote']);
    expect(problems[0]!.message).toContain('Moira Quennell');
    await expect(releaseVersion(database.db, lead, fixture.evaluationId, fixture.report.id, leaky.number)).rejects.toMatchObject({ status: 409 });
    expect((await getVersion(database.db, fixture.evaluationId, fixture.report.id, leaky.number)).status).toBe('draft');
  });

  it('blocks release of a version that shows a group of 3, and releases a clean one', async () => {
    const other = await createReport(database.db, lead, fixture.evaluationId, { title: 'Survey only', template: 'interim' });
    await setThreshold(database.db, lead, fixture.evaluationId, 3);
    const small = await saveVersion(database.db, lead, fixture.evaluationId, other.id);
    await setThreshold(database.db, lead, fixture.evaluationId, 5);
    const problems = await checkVersion(database.db, fixture.evaluationId, other.id, small.number);
    expect(problems.some((p) => p.kind === 'small-group' && p.message.includes('group of 3'))).toBe(true);
    await expect(releaseVersion(database.db, lead, fixture.evaluationId, other.id, small.number)).rejects.toMatchObject({ status: 409 });

    // Put the quote right again: a new version passes and is released.
    await database.db.updateTable('qda_quotes').set({ text: quoteWords }).where('id', '=', fixture.quoteId).execute();
    const clean = await saveVersion(database.db, lead, fixture.evaluationId, other.id);
    expect(await checkVersion(database.db, fixture.evaluationId, other.id, clean.number)).toEqual([]);
    const released = await releaseVersion(database.db, lead, fixture.evaluationId, other.id, clean.number);
    expect(released.status).toBe('released');
    expect((await listVersions(database.db, fixture.evaluationId, other.id, { releasedOnly: true })).map((v) => v.number)).toEqual([clean.number]);
    await expect(getVersion(database.db, fixture.evaluationId, other.id, small.number, { releasedOnly: true })).rejects.toMatchObject({ status: 404 });
  });
});
