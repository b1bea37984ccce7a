import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest, conflict, notFound } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import { listMembers } from '../../evaluations/service.ts';
import { listQuestions } from '../../evaluations/protocol/aims.ts';
import { inTransaction } from '../../../db/transaction.ts';
import { optionalText, requiredText, uuid } from '../../shared-schemas.ts';
import { parseOutline, renderOutline, type OutlineSection } from './schedule-outline.ts';
import * as store from './schedules-store.ts';

/**
 * Interview schedules (topic guides). Every save makes a new version and old versions are never
 * changed, so an interview can say which version it followed and a report can print that one.
 */

export interface ScheduleSummary {
  id: string;
  title: string;
  version: number;
  savedAt: Date;
  interviews: number;
}

export interface LinkedResearchQuestion {
  id: string;
  number: number;
  text: string;
}

export interface ScheduleQuestion {
  number: number;
  text: string;
  guidance: string;
  prompts: string[];
  researchQuestions: LinkedResearchQuestion[];
}

export interface ScheduleSection {
  title: string;
  guidance: string;
  questions: ScheduleQuestion[];
}

export interface ScheduleVersion {
  id: string;
  scheduleId: string;
  number: number;
  title: string;
  introduction: string;
  changeNote: string;
  savedAt: Date;
  savedBy: string | null;
  sections: ScheduleSection[];
}

const questionInput = z.object({
  text: requiredText('The question', 2000),
  guidance: optionalText('Guidance', 2000),
  prompts: z.array(requiredText('The prompt', 1000)).max(50).default([]),
  researchQuestionIds: z.array(uuid).max(50).default([]),
});

const sectionInput = z.object({
  title: requiredText('The section heading', 300),
  guidance: optionalText('Guidance', 4000),
  questions: z.array(questionInput).max(100).default([]),
});

export const scheduleInput = z.object({
  title: requiredText('The title of the schedule', 300),
  introduction: optionalText('Introduction', 10_000),
  changeNote: optionalText('What changed', 1000),
  sections: z.array(sectionInput).min(1, 'A schedule needs at least one section').max(50),
});
export type ScheduleInput = z.input<typeof scheduleInput>;
type ScheduleData = z.output<typeof scheduleInput>;

/** The outline form: the same schedule with its sections written as text (see schedule-outline.ts). */
export const scheduleOutlineForm = z.object({
  title: z.string().default(''),
  introduction: z.string().default(''),
  changeNote: z.string().default(''),
  outline: z.string().max(200_000, 'The outline must be 200,000 characters or fewer').default(''),
});

/**
 * Reads the outline form into schedule input. Every problem comes back as a form error: outline
 * problems by line on the outline field, the rest on their own fields.
 */
export async function scheduleFromOutline(db: Db, evaluationId: string, form: z.output<typeof scheduleOutlineForm>): Promise<ScheduleInput> {
  const numbers = new Map((await listQuestions(db, evaluationId)).map((q) => [q.number, q.id]));
  const { sections, problems } = parseOutline(form.outline, numbers);
  const input = { title: form.title, introduction: form.introduction, changeNote: form.changeNote, sections };
  const fields = problems.slice(0, 10).map((p) => ({ field: 'outline', message: p.message }));
  const checked = scheduleInput.safeParse(input);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = ['title', 'introduction', 'changeNote'].includes(String(issue.path[0])) ? String(issue.path[0]) : 'outline';
      if (field !== 'outline' || !problems.length) fields.push({ field, message: field === 'outline' ? `The outline: ${issue.message}` : issue.message });
    }
  }
  if (fields.length) throw badRequest(fields.map((f) => f.message).join('; '), fields);
  return input;
}

/** A version written back as the outline form, for editing it into the next version. */
export function outlineOf(version: ScheduleVersion): string {
  const numberOf = new Map(version.sections.flatMap((s) => s.questions.flatMap((q) => q.researchQuestions.map((rq) => [rq.id, rq.number] as const))));
  const sections: OutlineSection[] = version.sections.map((s) => ({
    title: s.title,
    guidance: s.guidance,
    questions: s.questions.map((q) => ({ text: q.text, guidance: q.guidance, prompts: q.prompts, researchQuestionIds: q.researchQuestions.map((rq) => rq.id) })),
  }));
  return renderOutline(sections, numberOf);
}

async function checkResearchQuestions(db: Db, evaluationId: string, data: ScheduleData): Promise<void> {
  const known = new Set((await listQuestions(db, evaluationId)).map((q) => q.id));
  const unknown = data.sections.flatMap((s) => s.questions.flatMap((q) => q.researchQuestionIds)).filter((id) => !known.has(id));
  if (unknown.length) throw badRequest("Link questions only to this evaluation's research questions", [{ field: 'sections', message: `Not research questions of this evaluation: ${[...new Set(unknown)].join(', ')}` }]);
}

async function insertVersion(db: Db, actorId: string | null, scheduleId: string, number: number, data: ScheduleData): Promise<string> {
  const version = await store.insertVersion(db, { schedule_id: scheduleId, number, title: data.title, introduction: data.introduction, change_note: data.changeNote, created_by: actorId });
  for (const [s, section] of data.sections.entries()) {
    const row = await store.insertSection(db, { version_id: version.id, position: s + 1, title: section.title, guidance: section.guidance });
    for (const [q, question] of section.questions.entries()) {
      const questionRow = await store.insertQuestion(db, { section_id: row.id, position: q + 1, text: question.text, guidance: question.guidance });
      await store.insertPrompts(db, questionRow.id, question.prompts);
      await store.insertLinks(db, questionRow.id, [...new Set(question.researchQuestionIds)]);
    }
  }
  return version.id;
}

export async function listSchedules(db: Db, evaluationId: string): Promise<ScheduleSummary[]> {
  return (await store.listSchedules(db, evaluationId)).map((r) => ({ id: r.id, title: r.title, version: r.number, savedAt: r.created_at, interviews: Number(r.interviews ?? 0) }));
}

export async function createSchedule(db: Db, actorId: string | null, evaluationId: string, input: ScheduleInput): Promise<ScheduleVersion> {
  const data = scheduleInput.parse(input);
  const scheduleId = await inTransaction(db, async (trx) => {
    await checkResearchQuestions(trx, evaluationId, data);
    const { id } = await store.insertSchedule(trx, evaluationId);
    await insertVersion(trx, actorId, id, 1, data);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'create', entity: 'interview-schedule', entityId: id, detail: { title: data.title, version: 1 } });
    return id;
  });
  return getScheduleVersion(db, evaluationId, scheduleId);
}

/** Saves a schedule's next version; the schedule row is locked so two saves get different numbers. */
export async function saveScheduleVersion(db: Db, actorId: string | null, evaluationId: string, scheduleId: string, input: ScheduleInput): Promise<ScheduleVersion> {
  const data = scheduleInput.parse(input);
  await inTransaction(db, async (trx) => {
    if (!uuid.safeParse(scheduleId).success || !(await store.lockSchedule(trx, evaluationId, scheduleId))) throw notFound('Interview schedule');
    await checkResearchQuestions(trx, evaluationId, data);
    const latest = (await store.listVersions(trx, scheduleId))[0]?.number ?? 0;
    await insertVersion(trx, actorId, scheduleId, latest + 1, data);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'update', entity: 'interview-schedule', entityId: scheduleId, detail: { title: data.title, version: latest + 1 } });
  });
  return getScheduleVersion(db, evaluationId, scheduleId);
}

export async function listScheduleVersions(db: Db, evaluationId: string, scheduleId: string) {
  if (!uuid.safeParse(scheduleId).success || !(await store.findSchedule(db, evaluationId, scheduleId))) throw notFound('Interview schedule');
  const members = new Map((await listMembers(db, evaluationId)).map((m) => [m.userId, m.name]));
  return (await store.listVersions(db, scheduleId)).map((v) => ({
    id: v.id,
    number: v.number,
    title: v.title,
    changeNote: v.change_note,
    savedAt: v.created_at,
    savedBy: v.created_by ? (members.get(v.created_by) ?? 'A former team member') : null,
  }));
}

/** One version of a schedule with everything in it; the latest when no number is given. */
export async function getScheduleVersion(db: Db, evaluationId: string, scheduleId: string, number?: number): Promise<ScheduleVersion> {
  const versions = await listScheduleVersions(db, evaluationId, scheduleId);
  const version = number === undefined ? versions[0] : versions.find((v) => v.number === number);
  if (!version) throw notFound('Version of the interview schedule');
  const row = (await store.listVersions(db, scheduleId)).find((v) => v.id === version.id)!;
  const content = await store.versionContent(db, version.id);
  const researchQuestions = new Map((await listQuestions(db, evaluationId)).map((q) => [q.id, { id: q.id, number: q.number, text: q.text }]));
  let questionNumber = 0;
  return {
    id: version.id,
    scheduleId,
    number: version.number,
    title: version.title,
    introduction: row.introduction,
    changeNote: version.changeNote,
    savedAt: version.savedAt,
    savedBy: version.savedBy,
    sections: content.sections.map((section) => ({
      title: section.title,
      guidance: section.guidance,
      questions: content.questions
        .filter((q) => q.section_id === section.id)
        .map((q) => ({
          number: ++questionNumber,
          text: q.text,
          guidance: q.guidance,
          prompts: content.prompts.filter((p) => p.question_id === q.id).map((p) => p.text),
          researchQuestions: content.links
            .filter((l) => l.question_id === q.id)
            .flatMap((l) => researchQuestions.get(l.research_question_id) ?? [])
            .sort((a, b) => a.number - b.number),
        })),
    })),
  };
}

/** Every version of every schedule, for choosing the one an interview followed. */
export async function scheduleVersionChoices(db: Db, evaluationId: string) {
  return (await store.listAllVersions(db, evaluationId)).map((v) => ({ id: v.id, scheduleId: v.schedule_id, text: `${v.title} (version ${v.number})` }));
}

/** Deletes a schedule no interview followed; one that was followed is part of the record. */
export async function deleteSchedule(db: Db, actorId: string | null, evaluationId: string, scheduleId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const schedule = (await listSchedules(trx, evaluationId)).find((s) => s.id === scheduleId);
    if (!schedule) throw notFound('Interview schedule');
    if (schedule.interviews) throw conflict(`"${schedule.title}" cannot be deleted: ${schedule.interviews} interview${schedule.interviews === 1 ? ' follows' : 's follow'} it.`);
    await store.deleteSchedule(trx, evaluationId, scheduleId);
    await recordAudit(trx, { evaluationId, userId: actorId, action: 'delete', entity: 'interview-schedule', entityId: scheduleId, detail: { title: schedule.title } });
  });
}
