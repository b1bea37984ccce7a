import type { Survey } from '../service.ts';
import { dateParts } from '../../../http/forms.ts';

/**
 * The survey settings form: what each choice promises, in words for the radios, and the opening
 * and closing moments typed as a GOV.UK date input plus a time. Times are UTC, as every page shows them.
 */

export const purposeChoices = [
  { value: 'pretest', text: 'Pre-test', hint: 'A few colleagues try the questionnaire to find questions that confuse. Their answers are kept out of analysis.' },
  { value: 'pilot', text: 'Pilot', hint: 'A small random sample answers first, to test the questions, the invitations and the response rate before the main survey.' },
  { value: 'main', text: 'Main survey', hint: 'The survey whose answers are analysed and reported.' },
] as const;

export const anonymityChoices = [
  {
    value: 'anonymous',
    text: 'Anonymous',
    hint: 'No one, not even the evaluation team, can tell who gave an answer: responses hold no name, invitation, address or time. Tell respondents exactly this.',
  },
  {
    value: 'confidential',
    text: 'Confidential',
    hint: 'The team can link answers to the person invited (to send reminders or compare waves), but never reports or shares anything that could identify anyone.',
  },
  {
    value: 'identified',
    text: 'Identified',
    hint: 'Answers are linked to the named person and respondents are told so before they start. Use only when people have agreed to be named.',
  },
] as const;

export const accessChoices = [
  { value: 'open', text: 'Anyone with the survey link', hint: 'The link can go in a newsletter or on the intranet. Each respondent gets a resume code to come back later.' },
  { value: 'personal', text: 'Personal invitations only', hint: 'Only people sent their own link can answer, so reminders can go to those who have not.' },
] as const;

export const purposeWords: Record<Survey['purpose'], string> = { pretest: 'Pre-test', pilot: 'Pilot', main: 'Main survey' };
export const anonymityWords: Record<Survey['anonymity'], string> = { anonymous: 'Anonymous', confidential: 'Confidential', identified: 'Identified' };
export const accessWords: Record<Survey['access'], string> = { open: 'Anyone with the survey link', personal: 'Personal invitations only' };

type FormValues = Record<string, unknown>;

/** GOV.UK radio items for a list of choices, with the one in the form ticked. */
export function radioItems(choices: readonly { value: string; text: string; hint: string }[], selected: unknown) {
  return choices.map((c) => ({ value: c.value, text: c.text, hint: { text: c.hint }, checked: c.value === selected }));
}
type Problem = { field: string; message: string };

const momentFields = [
  { name: 'opensAt', label: 'opening', defaultTime: '00:00' },
  { name: 'closesAt', label: 'closing', defaultTime: '23:59' },
] as const;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function parseTime(typed: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(typed);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Joins `opensAt-day/-month/-year/-time` (and the same for closesAt) into ISO moments the
 * settings schema reads; blank means no date. A blank time means the start of the opening day
 * and the end of the closing day, as people mean "open from 1 March until 31 March".
 */
export function joinMoments(values: FormValues): { input: FormValues; problems: Problem[] } {
  const input: FormValues = { ...values };
  const problems: Problem[] = [];
  for (const { name, label, defaultTime } of momentFields) {
    const [day, month, year] = ['day', 'month', 'year'].map((p) => text(values[`${name}-${p}`]));
    const typedTime = text(values[`${name}-time`]);
    input[name] = '';
    if (!day && !month && !year && !typedTime) continue;
    if (!day || !month || !year) {
      problems.push({ field: name, message: `Enter the ${label} date as day, month and year, or leave it all blank` });
      continue;
    }
    const [d, m, y] = [day, month, year].map(Number) as [number, number, number];
    if (!/^\d{4}$/.test(year) || !Number.isInteger(d) || !Number.isInteger(m) || !isRealDate(y, m, d)) {
      problems.push({ field: name, message: `The ${label} date must be a real date` });
      continue;
    }
    const time = typedTime ? parseTime(typedTime) : defaultTime;
    if (!time) {
      problems.push({ field: `${name}-time`, message: `Enter the ${label} time on the 24-hour clock, like 09:30` });
      continue;
    }
    input[name] = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${time}:${time === '23:59' && !typedTime ? '59' : '00'}Z`;
  }
  return { input, problems };
}

function momentValues(name: string, value: Date | null): FormValues {
  if (!value) return {};
  const iso = value.toISOString();
  const parts = dateParts(iso.slice(0, 10));
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year, [`${name}-time`]: iso.slice(11, 16) };
}

/** The form's fields for a survey's current settings. */
export function settingsFormValues(survey: Survey): FormValues {
  return {
    title: survey.title,
    purpose: survey.purpose,
    waveId: survey.waveId ?? '',
    anonymity: survey.anonymity,
    access: survey.access,
    ...momentValues('opensAt', survey.opensAt),
    ...momentValues('closesAt', survey.closesAt),
  };
}
