import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { getEvaluation } from '../evaluations/service.ts';
import { audienceFor } from '../results/service.ts';
import { sectionTitles, templateLabels, type Block, type ReportModel, type SectionKey } from './model.ts';
import { documentsAppendix, glossaryAppendix, interviewScheduleAppendix, references } from './sections-appendices.ts';
import { findingSections } from './sections-findings.ts';
import { aimsAndQuestions, methodsAndProgress, progressAppendix } from './sections-protocol.ts';
import { surveySections } from './sections-survey.ts';
import { reportSections, type Report } from './service.ts';

/**
 * Builds a report's model from the evaluation as it stands: the template picks and orders the
 * sections, the team's narrative goes first in each, and everything else comes from the other
 * modules' exported functions. Only the sections the report includes are computed.
 */
export async function assembleReport(db: Db, evaluationId: string, report: Report, today = new Date().toISOString().slice(0, 10)): Promise<ReportModel> {
  const evaluation = await getEvaluation(db, evaluationId);
  // The report leaves the team: groups under the threshold are suppressed as for viewers.
  const { threshold } = await audienceFor(db, evaluationId, 'viewer');
  const settings = (await reportSections(db, report)).filter((s) => s.included);
  const wanted = new Set(settings.map((s) => s.key));
  const needsSurvey = wanted.has('survey-results') || wanted.has('appendix-survey-structure') || wanted.has('references');
  const survey = needsSurvey ? await surveySections(db, evaluationId, threshold) : null;
  const needsFindings = wanted.has('findings') || wanted.has('factors') || wanted.has('recommendations');
  const findings = needsFindings ? await findingSections(db, evaluationId) : null;

  const generate: Record<SectionKey, () => Promise<Block[]>> = {
    'executive-summary': async () => [],
    'aims-questions': () => aimsAndQuestions(db, evaluationId),
    methods: () => methodsAndProgress(db, evaluationId),
    findings: async () => findings!.findings,
    factors: async () => findings!.factors,
    'survey-results': async () => survey!.results,
    recommendations: async () => findings!.recommendations,
    references: () => references(db, evaluationId, survey!.citations),
    'appendix-progress': () => progressAppendix(db, evaluationId),
    'appendix-glossary': () => glossaryAppendix(db, evaluationId),
    'appendix-documents': () => documentsAppendix(db, evaluationId),
    'appendix-interview-schedule': () => interviewScheduleAppendix(db, evaluationId),
    'appendix-survey-structure': async () => (survey!.structure.length ? survey!.structure : [{ kind: 'paragraph', text: 'The evaluation has no surveys yet.' }]),
  };
  const sections = [];
  for (const setting of settings) {
    const blocks = await generate[setting.key]();
    const narrative = setting.narrativeOnly && !setting.narrative ? 'The team has not written this section yet.' : setting.narrative;
    sections.push({ key: setting.key, title: sectionTitles[setting.key], narrative, blocks });
  }
  return {
    modelVersion: 1,
    title: report.title,
    template: report.template,
    templateLabel: templateLabels[report.template],
    evaluation: { title: evaluation.title, organisation: evaluation.organisationName, commissioner: evaluation.commissioner },
    dataDate: today,
    dueOn: report.dueOn,
    threshold,
    sections,
  };
}

/** JSON with keys sorted at every level, so the same model always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The SHA-256 of a model's canonical JSON: the same data give the same fingerprint. */
export function fingerprint(model: ReportModel): string {
  return createHash('sha256').update(canonicalJson(model)).digest('hex');
}
