import { addAbbreviation, createReport, saveSection } from '../modules/reports/service.ts';
import { saveVersion } from '../modules/reports/versions.ts';
import type { DemoStep } from './step.ts';

/**
 * The demo's reports: the first interim report, due at the end of the second year's first
 * quarter, with the executive summary the team wrote and one saved version built from the demo's
 * data; and the second interim report, due later, not yet started — so the schedule has both.
 * The glossary holds the programmes' short names the report uses.
 */

const summary = [
  'A year and a half after eight improvement programmes were brought together in one body, the merger has begun to change how the programmes work, but not yet what most staff see from day to day.',
  'Senior managers describe more joint work between programmes, and the staff survey shows a real appetite for change. Against that, the number of plans and deliverables keeps growing, one programme still holds most of the budget, and staff report too little time set aside to make the changes the new body asks of them.',
  'Some of the work planned for this period did not happen: the funder asked us to cancel the case-study event, and the advisory group agreed a narrower scope for the documentary analysis. The appendices list what was done, what was changed and why.',
  'We recommend fewer, shared plans, time set aside for improvement work, and a clear statement of what the merged body is for. Staff and practitioners will test these findings with us in the learning sets before the final report.',
].join('\n\n');

const glossary: [string, string][] = [
  ['CAMHS', 'Child and Adolescent Mental Health Support Service'],
  ['CAT', 'Change Agent Team'],
  ['CfC', 'Change for Children'],
  ['HCJ', 'Health in Criminal Justice'],
  ['ICES', 'Integrated Community Equipment Support'],
  ['ICN', 'Integrated Care Network'],
  ['MHI', 'Mental Health Institute'],
  ['VPST', 'Valuing People Support Team'],
];

export const reportsStep: DemoStep = {
  name: 'reports',
  async run({ db, evaluationId, leadUserId }) {
    for (const [abbreviation, meaning] of glossary) await addAbbreviation(db, leadUserId, evaluationId, { abbreviation, meaning });
    const first = await createReport(db, leadUserId, evaluationId, { title: 'First interim report', template: 'interim', dueOn: '2007-03-30' });
    await saveSection(db, leadUserId, evaluationId, first.id, 'executive-summary', { narrative: summary });
    await saveVersion(db, leadUserId, evaluationId, first.id);
    await createReport(db, leadUserId, evaluationId, { title: 'Second interim report', template: 'interim', dueOn: '2007-09-28' });
    return { reports: 2, reportVersions: 1, abbreviations: glossary.length };
  },
};
