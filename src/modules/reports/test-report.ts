import type { Db } from '../../db/database.ts';
import { addAim, addQuestion, setOverride } from '../evaluations/protocol/aims.ts';
import { addMethod, saveMatrix } from '../evaluations/protocol/methods.ts';
import { addStage } from '../evaluations/protocol/stages.ts';
import { addTask } from '../evaluations/protocol/tasks.ts';
import { createFinding, createRecommendation, linkEvidence } from '../findings/service.ts';
import { addPerson } from '../organisation/directory.ts';
import { addQuote, editQuote } from '../qualitative/quotes/service.ts';
import { addCoding, createCode, createSource } from '../qualitative/service.ts';
import { buildFixture, type Fixture } from '../results/test-fixture.ts';
import { addAbbreviation, createReport, saveSection, type Report } from './service.ts';

/**
 * A small evaluation for the report tests: the analysis fixture's two survey waves (one
 * programme with 3 respondents, under the threshold), two aims and three questions (one not
 * addressed, with its reason), methods, a stage with a cancelled task, a coded interview with a
 * quote, two findings with evidence, a recommendation, an abbreviation, and an interim report
 * with its executive summary written.
 */

export const summaryText = 'The merger has started to pay off.\n\nStaff want fewer, clearer plans.';
export const notAddressedReason = 'The case-study event was cancelled at the funder’s request';
export const quoteWords = 'We finally talk to the other programmes every week';

export interface ReportFixture extends Fixture {
  report: Report;
  quoteId: string;
}

export async function buildReportFixture(db: Db, leadId: string, slug = 'report-test'): Promise<ReportFixture> {
  const fixture = await buildFixture(db, leadId, slug);
  const ev = fixture.evaluationId;
  const aim1 = await addAim(db, leadId, ev, { text: 'Describe how the merged body works' });
  const aim2 = await addAim(db, leadId, ev, { text: 'Judge the case for change' });
  const q1 = await addQuestion(db, leadId, ev, { text: 'How do staff see the merger?', aimIds: [aim1.id] });
  const q2 = await addQuestion(db, leadId, ev, { text: 'Which programmes work together?', aimIds: [aim1.id] });
  const q3 = await addQuestion(db, leadId, ev, { text: 'What did the case-study sites learn?', aimIds: [aim2.id] });
  await setOverride(db, leadId, ev, q3.id, { override: 'not-addressed', reason: notAddressedReason });
  const survey = await addMethod(db, leadId, ev, { name: 'Staff survey', kind: 'survey', hasData: 'yes' });
  const interviews = await addMethod(db, leadId, ev, { name: 'Senior manager interviews', kind: 'interviews', hasData: 'yes' });
  await saveMatrix(db, leadId, ev, { cells: [{ methodId: survey.id, questionId: q1.id }, { methodId: interviews.id, questionId: q2.id }] });
  const stage = await addStage(db, leadId, ev, { name: 'Fieldwork' });
  await addTask(db, leadId, ev, { stageId: stage.id, title: 'Main staff survey', status: 'done' });
  await addTask(db, leadId, ev, { stageId: stage.id, title: 'Case-study event', status: 'cancelled', note: 'Cancelled at the funder’s request' });

  const source = await createSource(db, leadId, ev, { kind: 'transcript', name: 'Interview 1', content: `Interviewer: How is it going?\n${quoteWords}, which never happened before.` });
  const code = await createCode(db, leadId, ev, { name: 'Intra-organisational networks' });
  const start = source.content.indexOf(quoteWords);
  const coding = await addCoding(db, leadId, ev, { sourceId: source.id, codeId: code.id, start, end: start + quoteWords.length, valence: 'facilitating' });
  const quote = await addQuote(db, leadId, ev, { codingId: coding.id });
  const finding = await createFinding(db, leadId, ev, { statement: 'Programmes now work across their old borders', valence: 'facilitating', strength: 'strong', constructIds: [code.id] });
  await linkEvidence(db, leadId, ev, finding.id, { kind: 'quote', quoteId: quote.id });
  await linkEvidence(db, leadId, ev, finding.id, { kind: 'survey-result', surveyId: fixture.surveyIds[0]!, view: 'item-frequencies', question: 'programme' }).catch(() => undefined);
  await createFinding(db, leadId, ev, { statement: 'Plans multiply year on year', valence: 'inhibiting', strength: 'moderate' });
  await createRecommendation(db, leadId, ev, { text: 'Keep one plan for every programme', addressedTo: 'The board', findingIds: [finding.id] });
  await addAbbreviation(db, leadId, ev, { abbreviation: 'CAT', meaning: 'Community equipment programme' });
  await addPerson(db, leadId, ev, { name: 'Moira Quennell', jobTitle: 'Programme lead' });

  const report = await createReport(db, leadId, ev, { title: 'First interim report', template: 'interim', dueOn: '2007-03-31' });
  await saveSection(db, leadId, ev, report.id, 'executive-summary', { narrative: summaryText });
  return { ...fixture, report, quoteId: quote.id };
}

/** Puts a staff directory name into the fixture's quote, as a careless edit would. */
export async function leakNameIntoQuote(db: Db, leadId: string, fixture: ReportFixture): Promise<void> {
  await editQuote(db, leadId, fixture.evaluationId, fixture.quoteId, { text: `Moira Quennell said: ${quoteWords}` });
}
