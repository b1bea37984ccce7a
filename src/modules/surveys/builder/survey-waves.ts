import type { Db } from '../../../db/database.ts';
import { badRequest } from '../../../http/errors.ts';
import { listPeriods } from '../../evaluations/service.ts';
import { surveySettings, type SurveySettingsInput } from '../service.ts';

/** The evaluation's survey waves, for the settings form and for checking what was chosen. */

export async function waveItems(db: Db, evaluationId: string, selected: unknown) {
  const waves = await listPeriods(db, 'waves', evaluationId);
  return [{ value: '', text: 'No wave', selected: !selected }, ...waves.map((w) => ({ value: w.id, text: w.name, selected: w.id === selected }))];
}

/** Refuses a wave of another evaluation: the settings schema only sees that it is an id. */
export async function checkWave(db: Db, evaluationId: string, settings: SurveySettingsInput): Promise<void> {
  const { waveId } = surveySettings.parse(settings);
  if (!waveId) return;
  const waves = await listPeriods(db, 'waves', evaluationId);
  if (!waves.some((w) => w.id === waveId)) throw badRequest('Choose a wave from the list', [{ field: 'waveId', message: 'Choose a wave from the list' }]);
}
