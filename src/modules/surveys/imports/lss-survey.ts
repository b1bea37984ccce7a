import type { LssDocument, LssRow } from './lss-document.ts';
import type { ReportList } from './report.ts';

/**
 * The survey-wide parts of a LimeSurvey structure that Formative does not take over: other
 * languages, participant attributes, quotas, assessments, default answers, old-style conditions
 * and any table this importer does not know. Each is reported by name.
 */

function reportParticipants(doc: LssDocument, report: ReportList): void {
  if (doc.survey.usetokens === 'Y') {
    report.add('participants', 'participant table', 'The survey uses LimeSurvey participants (tokens); a .lss holds none, and Formative invitations are set up under fieldwork');
  }
  const descriptions = (doc.survey.attributedescriptions ?? '').trim();
  if (!descriptions) return;
  let names: string[];
  try {
    const parsed = JSON.parse(descriptions) as Record<string, { description?: string }>;
    names = Object.entries(parsed).map(([key, value]) => (value?.description ? `${key} (${value.description})` : key));
  } catch {
    // LimeSurvey 1.92 wrote one attribute a line as "name=description".
    names = descriptions.split(/\r?\n/).filter(Boolean);
  }
  for (const name of names) report.add('participant attribute', name, 'Participant attributes are not imported: they belong to the participant list, not the questionnaire');
}

function reportRows(rows: LssRow[], each: (row: LssRow) => void): void {
  for (const row of rows) each(row);
}

function reportSections(doc: LssDocument, report: ReportList): void {
  const titles = new Map(doc.questions.map((q) => [q.qid, q.title]));
  for (const [section, rows] of doc.sections) {
    switch (section) {
      case 'quota':
        reportRows(rows, (r) => report.add('quota', r.name || `quota ${r.id ?? ''}`, `A quota (limit ${r.qlimit ?? '?'}) is not imported: Formative does not close a survey to a group that is full`));
        break;
      case 'quota_members':
      case 'quota_languagesettings':
        break;
      case 'assessments':
        reportRows(rows, (r) => report.add('assessment', r.name || `assessment ${r.id ?? ''}`, `An assessment rule (score ${r.minimum ?? '?'} to ${r.maximum ?? '?'}) is not imported: score results with an instrument's scoring instead`));
        break;
      case 'defaultvalues':
        reportRows(rows, (r) => report.add('default value', titles.get(r.qid ?? '') ?? `question ${r.qid ?? ''}`, `The default answer "${r.defaultvalue ?? ''}" is not imported: Formative never answers for the respondent`));
        break;
      case 'conditions':
        if (rows.length) report.add('condition', 'conditions table', `${rows.length} condition${rows.length === 1 ? '' : 's'} from LimeSurvey's condition editor: LimeSurvey also writes them into each question's relevance, which was mapped where it could be`);
        break;
      default:
        if (rows.length) report.add('section', section, `${rows.length} row${rows.length === 1 ? '' : 's'} of LimeSurvey's ${section} table ${rows.length === 1 ? 'is' : 'are'} not imported: Formative has no equivalent`);
    }
  }
}

/** Reports what of the survey as a whole is left out; the questionnaire itself is converted elsewhere. */
export function reportSurveyLevel(doc: LssDocument, report: ReportList): void {
  for (const language of doc.otherLanguages) {
    report.add('language', language, `The ${language} translation is not imported: the survey was imported in its base language (${doc.baseLanguage || 'unknown'})`);
  }
  if (doc.survey.assessments === 'Y' && !doc.sections.get('assessments')?.length) {
    report.add('setting', 'assessments', 'Assessments are switched on; their scoring is not imported');
  }
  reportParticipants(doc, report);
  reportSections(doc, report);
}
