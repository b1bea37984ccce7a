import nunjucks from 'nunjucks';
import { addFilters, templateRoots } from '../../../http/views.ts';

/**
 * Respondent pages are rendered to strings here rather than through reply.view, so the same
 * templates serve both the compiled fast path and the direct rendering, with exactly the values
 * given (reply.view would mix in the team's per-request locals). Same roots, escaping and filters
 * as the app's own view engine.
 */
let environment: nunjucks.Environment | undefined;

function respondentEnvironment(): nunjucks.Environment {
  if (!environment) {
    environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(templateRoots), { autoescape: true });
    addFilters(environment);
  }
  return environment;
}

export type RespondentView = 'page' | 'check' | 'start' | 'done' | 'saved' | 'resume' | 'notice';

export function renderView(view: RespondentView, context: object): string {
  return respondentEnvironment().render(`surveys/respondent/views/${view}.njk`, context);
}
