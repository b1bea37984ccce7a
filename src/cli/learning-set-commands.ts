import type { Command } from './command.ts';
import { evaluationArgument, evaluationFromOption } from './evaluation-option.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { learningSetsOverview, type SetOverview } from '../modules/casework/learning-sets/service.ts';

const usage = 'formative learning-sets list EVALUATION [--json]';

function describeSet(set: SetOverview): string[] {
  const lines = [`${set.name} (${set.kindLabel}): ${set.members} member${set.members === 1 ? '' : 's'}, ${set.feedback} response${set.feedback === 1 ? '' : 's'} to findings`];
  if (!set.sessions.length) lines.push('  No sessions planned');
  for (const s of set.sessions) {
    const counts = s.status === 'held' ? `, ${s.attended} came, ${s.presented} finding${s.presented === 1 ? '' : 's'} presented, ${s.feedback} response${s.feedback === 1 ? '' : 's'}` : '';
    lines.push(`  ${s.plannedOn}  ${s.statusLabel}${s.reason ? ` (${s.reason})` : ''}${counts}`);
  }
  return lines;
}

export const learningSetsListCommand: Command = {
  words: ['learning-sets', 'list'],
  usage,
  summary: "List an evaluation's learning sets: their sessions with status and reasons, and how much feedback each has",
  options: {},
  async run({ args, config, output }) {
    const ref = evaluationArgument(args, usage);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, ref);
      const sets = await learningSetsOverview(database.db, evaluation.id);
      const text = sets.length ? sets.flatMap(describeSet).join('\n') : `${evaluation.title} has no learning sets.`;
      output.result({ evaluation: { id: evaluation.id, slug: evaluation.slug }, sets }, text);
    } finally {
      await database.close();
    }
  },
};
