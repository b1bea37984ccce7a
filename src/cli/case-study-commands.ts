import type { Command } from './command.ts';
import { evaluationArgument, evaluationFromOption } from './evaluation-option.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { siteStatusLabels } from '../modules/casework/case-studies/sites.ts';
import { stakeholderCategories, stakeholderCategoryLabels } from '../modules/casework/case-studies/stakeholders.ts';
import { siteSummaries } from '../modules/casework/case-studies/summary.ts';

const usage = 'formative case-studies list EVALUATION [--json]';

export const caseStudiesListCommand: Command = {
  words: ['case-studies', 'list'],
  usage,
  summary: 'The case-study sites: type, status, criteria met, stakeholders by category, and case files registered, sampled and extracted',
  async run({ args, config, output }) {
    const ref = evaluationArgument(args, usage);
    const database = await openMigratedDatabase(config);
    try {
      const evaluation = await evaluationFromOption(database.db, ref);
      const sites = await siteSummaries(database.db, evaluation.id);
      const lines = sites.length
        ? sites.flatMap((s) => [
          `${s.name} (${s.siteTypeLabel}, ${siteStatusLabels[s.status].toLowerCase()}): ${s.criteriaMet} of ${s.criteriaTotal} criteria met; case files ${s.caseFiles} registered, ${s.sampled} sampled, ${s.extracted} extracted`,
          `  Stakeholders ${s.stakeholders}: ${stakeholderCategories.map((c) => `${stakeholderCategoryLabels[c].toLowerCase()} ${s.byCategory[c]}`).join(', ')}; ${s.linkedInterviews} linked to interviews`,
        ])
        : [`${evaluation.title} has no case-study sites.`];
      output.result({ evaluation: { id: evaluation.id, slug: evaluation.slug, title: evaluation.title }, sites }, lines.join('\n'));
    } finally {
      await database.close();
    }
  },
};
