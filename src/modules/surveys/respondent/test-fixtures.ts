import type { Database } from '../../../db/database.ts';
import type { SurveyDefinitionInput } from '../definition.ts';
import { createEvaluation } from '../../evaluations/service.ts';
import { createSurvey, setStatus, type SurveySettingsInput } from '../service.ts';

/**
 * A questionnaire with every response format, a page shown only to managers and a question shown
 * only to leads, for the respondent tests. Its wording carries markup, which must appear as text.
 */
export const everyFormat: SurveyDefinitionInput = {
  welcome: 'Welcome to the <b>staff survey</b>.\n\nIt takes about ten minutes.',
  privacyNotice: 'Your answers are kept by the evaluation team and reported only in groups of five or more.',
  thankYou: 'Thank you for taking part.',
  pages: [
    {
      id: 'about',
      title: 'About your work',
      intro: 'First, a few questions about your job.',
      questions: [
        {
          id: 'role',
          text: 'Which best describes your role?',
          format: { type: 'single', options: [{ code: 'lead', label: 'Programme lead' }, { code: 'staff', label: 'Staff member' }], missing: [{ code: 'NR', label: 'Not relevant' }] },
          required: true,
        },
        {
          id: 'clear',
          text: 'I understand why the change is happening <em>now</em>',
          hint: 'Think about the last three months.',
          format: {
            type: 'likert',
            points: 5,
            labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
            missing: [{ code: 'DK', label: 'Don’t know' }],
          },
          required: true,
        },
        { id: 'manager', text: 'Do you manage other staff?', format: { type: 'boolean', style: 'yes-no' }, required: true },
      ],
    },
    {
      id: 'managing',
      title: 'Managing staff',
      condition: { all: [{ question: 'manager', op: 'equals', value: 1 }] },
      questions: [{ id: 'teamSize', text: 'How many people do you manage?', format: { type: 'number', min: 1, max: 500, integer: true }, required: true }],
    },
    {
      id: 'views',
      title: 'Your views',
      questions: [
        { id: 'likely', text: 'How likely are you to recommend the programme?', format: { type: 'scale', min: 0, max: 10, lowLabel: 'Not at all likely', highLabel: 'Extremely likely' } },
        {
          id: 'channels',
          text: 'Where do you hear about the change?',
          format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }, { code: 'meet', label: 'Team meetings' }, { code: 'intranet', label: 'Intranet' }], maxChoices: 2 },
        },
        { id: 'joined', text: 'When did you join the organisation?', format: { type: 'date', min: '1990-01-01' } },
        { id: 'hours', text: 'How many hours a week do you work?', format: { type: 'number', min: 0, max: 80, suffix: 'hours' } },
        { id: 'leadOnly', text: 'As a lead, what would help most?', format: { type: 'text', maxLength: 40 }, condition: { all: [{ question: 'role', op: 'equals', value: 'lead' }] } },
        { id: 'comments', text: 'Any other comments?', format: { type: 'text', multiline: true, maxLength: 200 } },
      ],
    },
  ],
};

/** An evaluation with one survey, opened unless `status` says otherwise. */
export async function surveyFixture(
  database: Database,
  actorId: string,
  options: { settings?: Partial<SurveySettingsInput>; definition?: SurveyDefinitionInput; status?: 'draft' | 'open' | 'closed' } = {},
) {
  const evaluation = await createEvaluation(database.db, actorId, { title: `Respondent test ${Math.random().toString(36).slice(2, 8)}` });
  const survey = await createSurvey(
    database.db,
    actorId,
    evaluation.id,
    { title: 'Staff survey <2024>', purpose: 'main', anonymity: 'anonymous', ...options.settings },
    options.definition ?? everyFormat,
  );
  if ((options.status ?? 'open') !== 'draft') await setStatus(database.db, actorId, evaluation.id, survey.id, 'open');
  if (options.status === 'closed') await setStatus(database.db, actorId, evaluation.id, survey.id, 'closed');
  return { evaluation, survey };
}
