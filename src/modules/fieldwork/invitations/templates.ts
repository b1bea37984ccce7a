import { z } from 'zod';
import type { Db } from '../../../db/database.ts';
import { badRequest } from '../../../http/errors.ts';
import { recordAudit } from '../../accounts/audit.ts';
import * as store from './store.ts';

/**
 * A survey's invitation and reminder: plain text with ((placeholders)) filled in for each
 * participant. The personal links are filled in only when a message is sent (see mail/worker.ts),
 * so the queue never holds them.
 */

export const mailKinds = ['invitation', 'reminder'] as const;
export type MailKind = (typeof mailKinds)[number];

export const placeholders = ['name', 'link', 'opt_out_link', 'survey_title', 'closes_on', 'team_name'] as const;
export type Placeholder = (typeof placeholders)[number];
/** Filled at sending time, from the participant's token. */
export const linkPlaceholders: readonly Placeholder[] = ['link', 'opt_out_link'];

export const placeholderHints: Record<Placeholder, string> = {
  name: 'the participant’s name as in the staff directory',
  link: 'their personal link to the survey',
  opt_out_link: 'a link to say they do not want to take part',
  survey_title: 'the survey’s title',
  closes_on: 'the day the survey closes',
  team_name: 'the evaluation’s title',
};

export interface MailTemplate {
  kind: MailKind;
  subject: string;
  body: string;
  /** False while the survey uses the default wording. */
  edited: boolean;
}

const defaults: Record<MailKind, { subject: string; body: string }> = {
  invitation: {
    subject: 'Please take part: ((survey_title))',
    body: `Dear ((name)),

We are asking a number of staff to fill in a short survey, ((survey_title)), as part of ((team_name)). Your views on how the changes are working in practice will help shape what happens next.

Your personal link to the survey is:
((link))

The survey is open until ((closes_on)). You can stop part way through and carry on later from the same link. Please do not pass the link on: it is yours alone.

Taking part is voluntary. If you would rather not, use this link and we will not write to you about this survey again:
((opt_out_link))

Thank you,
The evaluation team`,
  },
  reminder: {
    subject: 'Reminder: ((survey_title))',
    body: `Dear ((name)),

A few weeks ago we asked you to fill in ((survey_title)), part of ((team_name)). If you have already done so, thank you, and please ignore this message.

If not, there is still time until ((closes_on)). Your personal link is:
((link))

If you would rather not take part, use this link and we will stop reminding you:
((opt_out_link))

Thank you,
The evaluation team`,
  },
};

export function defaultTemplate(kind: MailKind): MailTemplate {
  return { kind, ...defaults[kind], edited: false };
}

const placeholderPattern = /\(\(([^()]*)\)\)/g;

/** The ((names)) a text uses that are not placeholders, each once, in order. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(placeholderPattern)) {
    if (!(placeholders as readonly string[]).includes(match[1]!)) unknown.add(match[1]!);
  }
  return [...unknown];
}

function placeholderCheck(field: 'subject' | 'body') {
  return (text: string, ctx: z.RefinementCtx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length) {
      const list = unknown.map((n) => `((${n}))`).join(', ');
      ctx.addIssue({ code: 'custom', message: `The ${field} uses ${unknown.length === 1 ? 'a placeholder that does not exist' : 'placeholders that do not exist'}: ${list}. Use only ${placeholders.map((p) => `((${p}))`).join(', ')}` });
    }
  };
}

export const templateInput = z.object({
  subject: z.string({ error: 'Enter a subject' }).trim().min(1, 'Enter a subject').max(200, 'The subject must be 200 characters or fewer').refine((s) => !/[\r\n]/.test(s), 'The subject must be one line').superRefine(placeholderCheck('subject')).refine((s) => !/\(\((link|opt_out_link)\)\)/.test(s), 'Put the links in the body, not the subject'),
  body: z
    .string({ error: 'Enter the message' })
    .trim()
    .min(1, 'Enter the message')
    .max(10_000, 'The message must be 10,000 characters or fewer')
    .superRefine(placeholderCheck('body'))
    .refine((b) => b.includes('((link))'), 'The message must include ((link)), the participant’s personal link'),
});
export type TemplateInput = z.input<typeof templateInput>;

export async function getTemplate(db: Db, surveyId: string, kind: MailKind): Promise<MailTemplate> {
  const row = await store.findTemplate(db, surveyId, kind);
  return row ? { kind, subject: row.subject, body: row.body, edited: true } : defaultTemplate(kind);
}

export async function saveTemplate(db: Db, actorId: string | null, evaluationId: string, surveyId: string, kind: MailKind, input: TemplateInput): Promise<MailTemplate> {
  const parsed = templateInput.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'body'), message: i.message }));
    throw badRequest(fields.map((f) => f.message).join('; '), fields);
  }
  await store.upsertTemplate(db, { survey_id: surveyId, kind, subject: parsed.data.subject, body: parsed.data.body, updated_by: actorId });
  await recordAudit(db, { evaluationId, userId: actorId, action: 'update', entity: 'mail-template', entityId: surveyId, detail: { kind } });
  return { kind, ...parsed.data, edited: true };
}

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** Fills the placeholders given; others are left as they are (the links, until sending). Values are not scanned again. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(placeholderPattern, (whole, name: string) => values[name as Placeholder] ?? whole);
}

export function longDate(date: Date | null): string {
  return date ? date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }) : 'the survey closes';
}
