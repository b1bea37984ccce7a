import type { Config } from '../config.ts';
import type { PeriodicJob } from './periodic.ts';
import { sharedStatisticsJob } from '../modules/surveys/sharing/refresh-job.ts';
import { retentionJob } from '../modules/privacy/retention-job.ts';

/** The jobs every `formative serve` process runs in the background (see periodic.ts). */
export function serverJobs(_config: Config): PeriodicJob[] {
  return [
    sharedStatisticsJob,
    retentionJob,
  ];
}
