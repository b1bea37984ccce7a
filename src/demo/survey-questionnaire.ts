import type { Instrument } from '../modules/instruments/definition.ts';
import type { Unit } from '../modules/organisation/service.ts';
import { pagesForInstrument, type Wording } from '../modules/surveys/builder/instrument-questions.ts';
import type { Page, SurveyDefinitionInput } from '../modules/surveys/definition.ts';
import { mainWelcome, pilotWelcome, privacyNotice, thankYou } from './survey-texts.ts';

/**
 * The demo's staff survey: three questions about the respondent, then the change-climate
 * instrument one scale to a page, with its shipped wording. Pure: the units and the wording are
 * read by the caller.
 */

/** The code for staff outside the eight programmes: the corporate unit, the chief executive's office. */
export const OTHER_PROGRAMME = 'other';

/** How long respondents have worked for the partnership, counting the programme or body they came from. */
export const yearsBands = [
  { code: 'lt1', label: 'Less than 1 year' },
  { code: 'y1to2', label: '1 to 2 years' },
  { code: 'y3to5', label: '3 to 5 years' },
  { code: 'y6to10', label: '6 to 10 years' },
  { code: 'gt10', label: 'More than 10 years' },
] as const;

export type YearsBand = (typeof yearsBands)[number]['code'];

function aboutYouPage(units: readonly Unit[]): Page {
  const programmes = units.filter((u) => u.kind === 'programme');
  const regions = units.filter((u) => u.kind === 'region');
  return {
    id: 'about-you',
    title: 'About you',
    intro: 'We ask these three questions so that we can compare parts of the partnership. We never report a group of fewer than five people.',
    questions: [
      {
        id: 'programme',
        text: 'Which programme do you mainly work for?',
        hint: 'If you work in a regional development centre, choose the programme you do most of your work for.',
        format: {
          type: 'single',
          options: [...programmes.map((p) => ({ code: p.shortName, label: `${p.name} (${p.shortName})` })), { code: OTHER_PROGRAMME, label: 'Corporate / other' }],
          missing: [],
        },
        required: false,
      },
      {
        id: 'region',
        text: 'Which region are you based in?',
        hint: 'If you work at the national office, choose London.',
        format: { type: 'single', options: regions.map((r) => ({ code: r.shortName, label: r.name })), missing: [] },
        required: false,
      },
      {
        id: 'years',
        text: 'How long have you worked for the partnership?',
        hint: 'Count the time you worked for the programme or organisation you came from before the partnership was formed.',
        format: { type: 'single', options: yearsBands.map((b) => ({ ...b })), missing: [] },
        required: false,
      },
    ],
  };
}

/** The whole questionnaire; the pilot differs only in its welcome. */
export function demoQuestionnaire(units: readonly Unit[], instrument: Instrument, wording: Wording, purpose: 'pilot' | 'main'): SurveyDefinitionInput {
  const instrumentPages = pagesForInstrument(instrument, wording, { by: 'scale' }, 2);
  const [firstScale, ...otherScales] = instrumentPages;
  if (!firstScale) throw new Error(`The ${instrument.name} instrument has no items to ask`);
  return {
    welcome: purpose === 'pilot' ? pilotWelcome : mainWelcome,
    privacyNotice,
    thankYou,
    pages: [
      aboutYouPage(units),
      { ...firstScale, intro: 'The next pages ask how far you agree with statements about the change. "This change" means bringing the programmes and centres together into one partnership.' },
      ...otherScales,
    ],
  };
}
