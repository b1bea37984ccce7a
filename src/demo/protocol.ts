import type { Db } from '../db/database.ts';
import { listPeriods } from '../modules/evaluations/service.ts';
import { addAdvisoryMember, addDecision, addMeeting } from '../modules/evaluations/protocol/advisory.ts';
import { addAim, addQuestion, setOverride } from '../modules/evaluations/protocol/aims.ts';
import { addContextEvent } from '../modules/evaluations/protocol/context-events.ts';
import { addApproval } from '../modules/evaluations/protocol/ethics.ts';
import { addMethod, linkMethodToQuestions, type MethodInput } from '../modules/evaluations/protocol/methods.ts';
import { addPlanEntry } from '../modules/evaluations/protocol/plan.ts';
import { addStage } from '../modules/evaluations/protocol/stages.ts';
import { addDocument, reviseDocument } from '../modules/evaluations/protocol/study-documents.ts';
import type { TaskStatus } from '../modules/evaluations/protocol/task-changes.ts';
import { addTask, updateTask, type Task } from '../modules/evaluations/protocol/tasks.ts';
import { addVariation } from '../modules/evaluations/protocol/variations.ts';
import { consentForm, contactSheet, contextEvents, informationLeaflet, informationLeafletRevised } from './protocol-documents.ts';
import type { DemoContext, DemoStep } from './step.ts';

/**
 * The demo's protocol as it stood after it was re-negotiated: four aims, two addressed and two
 * not, because the funder cancelled the site-based work (whether a question is addressed is worked
 * out from the data the later demo steps add, so the split holds for the whole demo); stages and tasks with their history; the
 * variation that added interviews with external stakeholders; a few weeks of the plan; the advisory
 * group; ethics approval and study documents; and the turbulent context around the partnership.
 */

const funderCancelled = "Cancelled at the funder's request";

const aims = [
  'To describe how the eight programmes are being brought together, and how the work is spread across programmes and regions',
  'To assess how staff see the organisation, and how ready they are for change',
  "To learn from case-study sites how the partnership's support changes local services",
  'To test the emerging findings with staff and front-line practitioners',
];

/** Each question with the aims it serves (by their place in the list above). */
const questions: { text: string; aims: number[]; notAddressed?: string }[] = [
  { text: 'How is the work of the partnership spread across programmes, regions and workstreams?', aims: [0] },
  { text: 'What do senior managers see as helping and hindering the bringing together of the programmes?', aims: [0] },
  { text: 'How do external stakeholders see the partnership and its work?', aims: [0] },
  { text: "How do staff rate their jobs, their work environment and the organisation's strategy and culture?", aims: [1] },
  { text: 'How ready are staff for the changes the merger brings?', aims: [1, 0] },
  { text: "How do the partnership's improvement projects change services at local sites?", aims: [2], notAddressed: "The case-study event was cancelled at the funder's request" },
  { text: "What do case files show about service users' contacts with agencies over time?", aims: [2], notAddressed: "The case-file review was cancelled at the funder's request" },
  { text: 'Do staff and front-line practitioners recognise the emerging findings?', aims: [3], notAddressed: "Only the internal staff set met: the front-line practitioners' set was cancelled at the funder's request, so the findings were not tested with practitioners" },
];

/** Methods and the questions each answers (by their place in the list above). */
const methods: (MethodInput & { answers: number[] })[] = [
  { name: 'Documentary analysis', kind: 'documentary-analysis', hasData: true, answers: [0], description: 'Business plans, more than 70 management plans and their deliverables, leaflets and web pages.' },
  { name: 'Interviews with senior managers', kind: 'interviews', hasData: true, answers: [1, 4], description: 'The chief executive, programme leads and regional directors: 21 interviews.' },
  { name: 'Interviews with external stakeholders', kind: 'interviews', hasData: true, answers: [2], description: 'Added by the contract variation of October 2006.' },
  { name: 'Staff survey', kind: 'survey', hasData: true, answers: [3, 4], description: 'Standard instruments, repeated each year: a pilot of 30, then the main survey of 400.' },
  { name: 'Case studies', kind: 'case-studies', hasData: false, answers: [5, 6], description: 'Four sites with improvement projects of 12 to 18 months.' },
  { name: 'Learning sets', kind: 'learning-sets', hasData: false, answers: [7], description: 'An internal staff set and a front-line practitioners’ set to reality-check findings.' },
];

type DemoTask = { title: string; status: TaskStatus; startsOn?: string; endsOn?: string; owner?: string; note?: string; endedAs?: { status: TaskStatus; note: string } };

/** Stages by the phase they belong to (its place in the phases step), with their tasks. */
const stages: { name: string; phase: number; tasks: DemoTask[] }[] = [
  { name: 'Scoping and documentary analysis', phase: 0, tasks: [
    { title: 'Collect the business plans and management plans', status: 'done', startsOn: '2005-04-11', endsOn: '2005-06-30', owner: 'Dr Maya Okafor' },
    { title: 'Analyse the management plans and their deliverables', status: 'done', startsOn: '2005-07-01', endsOn: '2005-12-16', owner: 'Dr Maya Okafor', note: '72 plans, 514 deliverables' },
    { title: 'Analyse the 2005/06 budget', status: 'done', startsOn: '2005-10-03', endsOn: '2005-11-30' },
  ] },
  { name: 'Interviews', phase: 1, tasks: [
    { title: 'Agree the interview schedule with the advisory group', status: 'done', startsOn: '2006-01-09', endsOn: '2006-02-10' },
    { title: 'Interview 21 senior managers', status: 'done', startsOn: '2006-02-13', endsOn: '2006-05-26', owner: 'Tom Hartley', note: 'All 21 interviewed; 18 face to face, 3 by telephone' },
    { title: 'Interview external stakeholders', status: 'done', startsOn: '2006-10-23', endsOn: '2007-01-31', owner: 'Tom Hartley', note: 'Added by contract variation CV-02; 14 interviews' },
  ] },
  { name: 'Case studies', phase: 1, tasks: [
    { title: 'Choose four case-study sites', status: 'done', startsOn: '2006-03-01', endsOn: '2006-05-31' },
    { title: 'Case-study event', status: 'planned', startsOn: '2006-09-18', endsOn: '2006-09-18', endedAs: { status: 'cancelled', note: funderCancelled } },
    { title: 'Case-file review', status: 'planned', startsOn: '2006-09-25', endsOn: '2006-12-15', endedAs: { status: 'cancelled', note: funderCancelled } },
  ] },
  { name: 'Staff survey', phase: 2, tasks: [
    { title: 'Pre-test the questionnaire', status: 'done', startsOn: '2006-03-06', endsOn: '2006-03-24', owner: 'Priya Shah' },
    { title: 'Pilot with a random sample of 30', status: 'done', startsOn: '2006-04-03', endsOn: '2006-04-28', owner: 'Priya Shah', note: '57% responded' },
    { title: 'Main survey, year 1', status: 'done', startsOn: '2006-05-01', endsOn: '2006-07-31', owner: 'Priya Shah' },
    { title: 'Main survey, year 2', status: 'done', startsOn: '2007-05-01', endsOn: '2007-07-31', owner: 'Priya Shah' },
    { title: 'Main survey, year 3', status: 'ongoing', startsOn: '2008-01-07', endsOn: '2008-02-29', owner: 'Priya Shah' },
  ] },
  { name: 'Learning sets', phase: 2, tasks: [
    { title: 'Internal staff learning set', status: 'planned', startsOn: '2007-03-12', endsOn: '2007-03-12', endedAs: { status: 'done', note: 'Held with all six members; three findings tested' } },
    { title: "Front-line practitioners' learning set", status: 'planned', startsOn: '2007-03-19', endedAs: { status: 'cancelled', note: funderCancelled } },
  ] },
  { name: 'Reporting', phase: 2, tasks: [
    { title: 'Interim report', status: 'done', startsOn: '2006-09-01', endsOn: '2006-12-15', note: 'Sent to the funder on 15 December 2006' },
    { title: 'Final report', status: 'planned', startsOn: '2008-01-07', endsOn: '2008-03-31' },
  ] },
];

async function addAimsAndQuestions({ db, evaluationId, leadUserId }: DemoContext) {
  const aimIds: string[] = [];
  for (const text of aims) aimIds.push((await addAim(db, leadUserId, evaluationId, { text })).id);
  const questionIds: string[] = [];
  for (const q of questions) questionIds.push((await addQuestion(db, leadUserId, evaluationId, { text: q.text, aimIds: q.aims.map((i) => aimIds[i]!) })).id);
  for (const method of methods) {
    const { id } = await addMethod(db, leadUserId, evaluationId, method);
    await linkMethodToQuestions(db, evaluationId, id, method.answers.map((i) => questionIds[i]!));
  }
  for (const [index, q] of questions.entries()) {
    if (q.notAddressed) await setOverride(db, leadUserId, evaluationId, questionIds[index]!, { override: 'not-addressed', reason: q.notAddressed });
  }
  return questionIds;
}

/** Adds a task as first planned, then records how it ended, so its history shows the change. */
async function addDemoTask(db: Db, leadUserId: string, evaluationId: string, stageId: string, task: DemoTask): Promise<Task> {
  const input = { stageId, title: task.title, status: task.status, startsOn: task.startsOn ?? null, endsOn: task.endsOn ?? null, ownerName: task.owner ?? '', note: task.note ?? '' };
  const added = await addTask(db, leadUserId, evaluationId, input);
  if (!task.endedAs) return added;
  return updateTask(db, leadUserId, evaluationId, added.id, { ...input, ...task.endedAs, changeReason: task.endedAs.note });
}

async function addStagesAndTasks({ db, evaluationId, leadUserId }: DemoContext): Promise<Map<string, Task>> {
  const phases = await listPeriods(db, 'phases', evaluationId);
  const tasks = new Map<string, Task>();
  for (const stage of stages) {
    const { id } = await addStage(db, leadUserId, evaluationId, { name: stage.name, phaseId: phases[stage.phase]?.id ?? null });
    for (const task of stage.tasks) tasks.set(task.title, await addDemoTask(db, leadUserId, evaluationId, id, task));
  }
  return tasks;
}

function taskId(tasks: Map<string, Task>, title: string): string {
  const task = tasks.get(title);
  if (!task) throw new Error(`The demo protocol has no task called "${title}"`);
  return task.id;
}

async function addVariationAndPlan({ db, evaluationId, leadUserId }: DemoContext, tasks: Map<string, Task>) {
  await addVariation(db, leadUserId, evaluationId, {
    agreedOn: '2006-10-12',
    reference: 'CV-02',
    description: 'The protocol re-negotiated after the funder withdrew its support for the site-based work.',
    added: 'Interviews with up to 15 external stakeholders: commissioners, partner agencies and national bodies.',
    removed: "The case-study event, the case-file review and the front-line practitioners' learning set.",
    taskIds: ['Interview external stakeholders', 'Case-study event', 'Case-file review', "Front-line practitioners' learning set"].map((t) => taskId(tasks, t)),
  });
  const interviews = taskId(tasks, 'Interview external stakeholders');
  const weeks = [
    { weekStarting: '2006-10-16', activity: 'Draft the stakeholder interview schedule', ownerUserIds: [leadUserId], otherOwners: ['Tom Hartley'], taskId: interviews },
    { weekStarting: '2006-10-23', activity: 'Invite stakeholders and book the first interviews', otherOwners: ['Tom Hartley'], taskId: interviews },
    { weekStarting: '2006-10-30', activity: 'Prepare papers for the advisory group', ownerUserIds: [leadUserId] },
    { weekStarting: '2006-11-06', activity: 'First stakeholder interviews', otherOwners: ['Tom Hartley', 'Dr Maya Okafor'], taskId: interviews },
    { weekStarting: '2006-11-13', activity: 'Advisory group meeting', ownerUserIds: [leadUserId] },
    { weekStarting: '2006-11-13', activity: 'Draft chapters of the interim report', otherOwners: ['Dr Maya Okafor', 'Priya Shah'], taskId: taskId(tasks, 'Interim report') },
  ];
  for (const week of weeks) await addPlanEntry(db, leadUserId, evaluationId, week);
  return weeks.length;
}

const advisoryMembers = [
  { name: 'Professor Helen Marsh', organisation: 'University of Westbridge', role: 'Chair' },
  { name: 'David Osei', organisation: 'The funder’s research and development directorate', role: 'Funder’s representative' },
  { name: 'Carol Bennett', organisation: 'A county council’s adult social care department', role: 'Commissioner' },
  { name: 'Jamal Rahman', organisation: 'A service users’ and carers’ forum', role: 'Service user representative' },
];

async function addAdvisoryGroup({ db, evaluationId, leadUserId }: DemoContext, tasks: Map<string, Task>, questionIds: string[]) {
  for (const member of advisoryMembers) await addAdvisoryMember(db, leadUserId, evaluationId, member);
  const meeting = await addMeeting(db, leadUserId, evaluationId, {
    heldOn: '2006-11-14',
    agenda: 'Progress since the last meeting\nThe funder’s decision on the site-based work\nThe revised protocol\nFirst findings of the staff survey',
    minutesSummary: 'The group noted the funder’s decision to withdraw support for the case studies and learning sets, and discussed what the evaluation can still say about local services. It welcomed interviews with external stakeholders as a way to hear from outside the partnership.',
  });
  await addDecision(db, leadUserId, evaluationId, meeting.id, {
    text: 'Accept the revised protocol: interviews with external stakeholders replace the site-based work',
    taskId: taskId(tasks, 'Interview external stakeholders'),
    questionId: questionIds[2]!,
  });
  await addDecision(db, leadUserId, evaluationId, meeting.id, {
    text: 'Report the cancelled work, and why, in the interim report',
    taskId: taskId(tasks, 'Interim report'),
    questionId: null,
  });
}

async function addEthicsAndDocuments({ db, evaluationId, leadUserId }: DemoContext) {
  await addApproval(db, leadUserId, evaluationId, {
    committee: 'University of Westbridge research ethics committee',
    reference: 'REC 05/117',
    decidedOn: '2005-09-20',
    status: 'approved-with-conditions',
    conditions: 'Recordings kept on encrypted storage and deleted once transcripts are checked. Quotations attributed only as "Senior Manager". The information leaflet to name the committee as a point of contact.',
  });
  const leaflet = await addDocument(db, leadUserId, evaluationId, { kind: 'information-leaflet', ...informationLeaflet, changeNote: 'As submitted to the ethics committee' });
  await reviseDocument(db, leadUserId, evaluationId, leaflet.id, informationLeafletRevised);
  await addDocument(db, leadUserId, evaluationId, { kind: 'consent-form', ...consentForm });
  await addDocument(db, leadUserId, evaluationId, { kind: 'contact-sheet', ...contactSheet });
  return 3;
}

export const protocolStep: DemoStep = {
  name: 'protocol',
  async run(context) {
    const { db, evaluationId, leadUserId } = context;
    const questionIds = await addAimsAndQuestions(context);
    const tasks = await addStagesAndTasks(context);
    const planEntries = await addVariationAndPlan(context, tasks);
    await addAdvisoryGroup(context, tasks, questionIds);
    const studyDocuments = await addEthicsAndDocuments(context);
    for (const event of contextEvents) await addContextEvent(db, leadUserId, evaluationId, event);
    return {
      aims: aims.length,
      researchQuestions: questions.length,
      methods: methods.length,
      stages: stages.length,
      tasks: tasks.size,
      contractVariations: 1,
      planEntries,
      advisoryMembers: advisoryMembers.length,
      studyDocuments,
      contextEvents: contextEvents.length,
    };
  },
};
