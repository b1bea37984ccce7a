import type { Db } from '../../db/database.ts';
import { listMethods } from '../evaluations/protocol/methods.ts';
import { progressMarkWords } from '../evaluations/protocol/progress.ts';
import { coverageSummary, progressStatement } from '../evaluations/protocol/summaries.ts';
import type { Block } from './model.ts';

/** The sections the protocol fills: aims and questions with coverage, methods, the statement of progress. */

const aimStatusWords = { addressed: 'Addressed', 'partly-addressed': 'Partly addressed', 'not-addressed': 'Not addressed' } as const;

export async function aimsAndQuestions(db: Db, evaluationId: string): Promise<Block[]> {
  const coverage = await coverageSummary(db, evaluationId);
  if (!coverage.aims.length && !coverage.questions.length) return [{ kind: 'paragraph', text: 'The protocol has no aims or research questions yet.' }];
  const blocks: Block[] = [];
  if (coverage.aims.length) {
    blocks.push({
      kind: 'table',
      caption: 'Aims of the evaluation and how far they were addressed',
      columns: ['Aim', 'Status', 'Why not fully addressed'],
      rows: coverage.aims.map((a) => [`A${a.number}. ${a.text}`, aimStatusWords[a.status], a.status === 'addressed' ? '' : a.reasons.join('; ')]),
    });
  }
  const addressed = coverage.questions.filter((q) => q.addressed);
  const open = coverage.questions.filter((q) => !q.addressed);
  blocks.push({ kind: 'heading', text: 'Research questions addressed' });
  blocks.push(addressed.length ? { kind: 'list', items: addressed.map((q) => `Q${q.number}. ${q.text} (${q.reason})`) } : { kind: 'paragraph', text: 'None yet.' });
  blocks.push({ kind: 'heading', text: 'Research questions not addressed' });
  blocks.push(open.length ? { kind: 'table', caption: 'Research questions not addressed, and why', columns: ['Question', 'Reason'], rows: open.map((q) => [`Q${q.number}. ${q.text}`, q.reason]) } : { kind: 'paragraph', text: 'Every research question was addressed.' });
  return blocks;
}

export async function methodsAndProgress(db: Db, evaluationId: string): Promise<Block[]> {
  const methods = await listMethods(db, evaluationId);
  const progress = await progressStatement(db, evaluationId);
  const blocks: Block[] = [];
  blocks.push(methods.length
    ? { kind: 'table', caption: 'Methods of the evaluation', columns: ['Method', 'Kind', 'Description', 'Data collected'], rows: methods.map((m) => [m.name, m.kindLabel, m.description, m.hasData ? 'Yes' : 'Not yet']) }
    : { kind: 'paragraph', text: 'The protocol lists no methods yet.' });
  const { totals } = progress;
  const all = totals['✓'] + totals['×'] + totals['…'];
  if (all) {
    blocks.push({ kind: 'paragraph', text: `Of ${all} planned tasks, ${totals['✓']} ${totals['✓'] === 1 ? 'is' : 'are'} done, ${totals['…']} not finished and ${totals['×']} cancelled.` });
    const cancelled = progress.stages.flatMap((s) => s.tasks.filter((t) => t.mark === '×').map((t) => `${t.title}${t.note ? `: ${t.note}` : ''}`));
    if (cancelled.length) {
      blocks.push({ kind: 'heading', text: 'Work cancelled' });
      blocks.push({ kind: 'list', items: cancelled });
    }
  }
  return blocks;
}

export async function progressAppendix(db: Db, evaluationId: string): Promise<Block[]> {
  const progress = await progressStatement(db, evaluationId);
  if (!progress.stages.length) return [{ kind: 'paragraph', text: 'The protocol has no stages yet.' }];
  return [
    { kind: 'paragraph', text: 'Marks: ✓ done, × cancelled, … not finished.' },
    ...progress.stages.map((stage): Block => ({
      kind: 'table',
      caption: `Statement of progress: ${stage.name}${stage.phaseName ? ` (${stage.phaseName})` : ''}`,
      columns: ['Task', 'Status', 'Notes and reasons'],
      rows: stage.tasks.map((t) => [t.title, `${t.mark} ${progressMarkWords[t.mark]}`, t.note]),
    })),
  ];
}
