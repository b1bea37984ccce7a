import type { Db } from '../../db/database.ts';
import { listDocuments, type DocumentEntry } from '../documents/service.ts';
import { getFramework } from '../qualitative/codebook/frameworks.ts';
import { getScheduleVersion, listSchedules } from '../qualitative/interviews/schedules.ts';
import { listCodes } from '../qualitative/service.ts';
import type { Block } from './model.ts';
import { listAbbreviations } from './service.ts';

/** The glossary, the documents analysed, the interview schedule and the references. */

export async function glossaryAppendix(db: Db, evaluationId: string): Promise<Block[]> {
  const abbreviations = await listAbbreviations(db, evaluationId);
  if (!abbreviations.length) return [{ kind: 'paragraph', text: 'The team has listed no abbreviations.' }];
  return [{ kind: 'table', caption: 'Abbreviations used in this report', columns: ['Abbreviation', 'Meaning'], rows: abbreviations.map((a) => [a.abbreviation, a.meaning]) }];
}

const year = (d: DocumentEntry) => (d.issuedOn ? d.issuedOn.slice(0, 4) : 'no date');

export async function documentsAppendix(db: Db, evaluationId: string): Promise<Block[]> {
  const documents = await listDocuments(db, evaluationId);
  if (!documents.length) return [{ kind: 'paragraph', text: 'No documents have been registered for analysis.' }];
  return [{
    kind: 'table',
    caption: 'Documents analysed',
    columns: ['Title', 'Kind', 'Issued by', 'Date issued'],
    rows: documents.map((d) => [d.title, d.kindLabel, d.issuer, d.issuedOn ?? '']),
  }];
}

export async function interviewScheduleAppendix(db: Db, evaluationId: string): Promise<Block[]> {
  const schedules = await listSchedules(db, evaluationId);
  if (!schedules.length) return [{ kind: 'paragraph', text: 'The evaluation has no interview schedule.' }];
  const blocks: Block[] = [];
  for (const summary of schedules) {
    const schedule = await getScheduleVersion(db, evaluationId, summary.id);
    blocks.push({ kind: 'heading', text: `${schedule.title} (version ${schedule.number})` });
    if (schedule.introduction) blocks.push({ kind: 'paragraph', text: schedule.introduction });
    for (const section of schedule.sections) {
      blocks.push({ kind: 'paragraph', text: section.title });
      blocks.push({
        kind: 'list',
        items: section.questions.map((q) => `${q.number}. ${q.text}${q.prompts.length ? ` Prompts: ${q.prompts.join('; ')}` : ''}`),
      });
    }
  }
  return blocks;
}

/** References in author-date order: the instruments used, the frameworks coded against, the documents analysed. */
export async function references(db: Db, evaluationId: string, instrumentCitations: readonly string[]): Promise<Block[]> {
  const frameworkIds = new Set((await listCodes(db, evaluationId)).flatMap((c) => (c.frameworkRef ? [c.frameworkRef.split('/')[0]!] : [])));
  const frameworks = [...frameworkIds].flatMap((id) => {
    const citation = getFramework(id)?.citation;
    return citation ? [citation] : [];
  });
  const documents = (await listDocuments(db, evaluationId)).map((d) => `${d.issuer || 'Unknown issuer'} (${year(d)}). ${d.title}.${d.address ? ` ${d.address}` : ''}`);
  const all = [...new Set([...instrumentCitations, ...frameworks, ...documents])].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return all.length ? [{ kind: 'list', items: all }] : [{ kind: 'paragraph', text: 'Nothing to cite yet.' }];
}
