import type { Command } from './command.ts';
import { evaluationArgument, evaluationFromOption } from './evaluation-option.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { evidenceMethods, listFindings, methodLabels, valenceLabels, type Finding } from '../modules/findings/service.ts';

const usage = 'formative findings list EVALUATION [--json]';

/** Supporting and contradicting pieces of evidence per method. */
function countsByMethod(finding: Finding) {
  return Object.fromEntries(
    evidenceMethods.map((method) => {
      const here = finding.evidence.filter((e) => e.method === method);
      return [method, { supports: here.filter((e) => e.stance === 'supports').length, contradicts: here.filter((e) => e.stance === 'contradicts').length }];
    }),
  );
}

export const findingsListCommand: Command = {
  words: ['findings', 'list'],
  usage,
  summary: 'The findings in order: statement, valence, constructs, and evidence supporting and contradicting each by method',
  async run({ args, config, output }) {
    const ref = evaluationArgument(args, usage);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, ref);
      const findings = (await listFindings(database.db, evaluation.id)).map((f) => ({
        id: f.id,
        statement: f.statement,
        valence: f.valence,
        strength: f.strength,
        constructs: f.constructs.map((c) => c.name),
        evidence: countsByMethod(f),
        recommendations: f.recommendationIds.length,
      }));
      const lines = findings.length
        ? findings.flatMap((f, i) => {
          const counts = evidenceMethods.flatMap((m) => {
            const c = f.evidence[m]!;
            return c.supports + c.contradicts ? [`${methodLabels[m].toLowerCase()} ${c.supports} supporting${c.contradicts ? `, ${c.contradicts} contradicting` : ''}`] : [];
          });
          return [
            `${i + 1}. ${f.statement}`,
            `   ${valenceLabels[f.valence]}, ${f.strength}; constructs: ${f.constructs.join(', ') || 'none'}`,
            `   Evidence: ${counts.join('; ') || 'none'}`,
          ];
        })
        : [`${evaluation.title} has no findings.`];
      output.result({ evaluation: { id: evaluation.id, slug: evaluation.slug, title: evaluation.title }, findings }, lines.join('\n'));
    } finally {
      await database.close();
    }
  },
};
