import type { Config } from '../config.ts';
import type { PeriodicJob } from './periodic.ts';

/** The jobs every `formative serve` process runs in the background (see periodic.ts). */
export function serverJobs(_config: Config): PeriodicJob[] {
  return [];
}
