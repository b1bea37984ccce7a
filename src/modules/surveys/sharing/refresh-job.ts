import { HttpError } from '../../../http/errors.ts';
import { eachApart, type PeriodicJob } from '../../../jobs/periodic.ts';
import { getSurvey } from '../service.ts';
import { refreshFigures, sharedSurveys } from './stored.ts';

/**
 * Keeps the stored figures of every shared survey current: every half minute, each survey with a
 * share not revoked whose responses (or scoring keys, or questions) have changed since its figures
 * were counted is counted again, so visitors are served stored figures no more than about a minute
 * old and never wait for the count themselves.
 */
export const sharedStatisticsJob: PeriodicJob = {
  name: 'shared-statistics-refresh',
  everyMs: 30_000,
  async run(db, now, report) {
    await eachApart(
      db,
      await sharedSurveys(db),
      async ({ evaluationId, surveyId }) => {
        // A survey deleted since the list was read has nothing left to count.
        const survey = await getSurvey(db, evaluationId, surveyId).catch((error: unknown) => {
          if (error instanceof HttpError && error.status === 404) return undefined;
          throw error;
        });
        if (survey) await refreshFigures(db, survey, now);
      },
      report,
    );
  },
};
