/**
 * The words of the contact log: what can happen when the team tries to reach a participant, the
 * reasons people give for not taking part, and which contact counts as the strongest.
 */

export const contactKinds = ['email_sent', 'reminder_sent', 'spoken_to', 'voicemail', 'bounced', 'opted_out', 'declined'] as const;
export type ContactKind = (typeof contactKinds)[number];

export const declineReasons = ['pressure_of_work', 'not_interested', 'confidentiality', 'left_organisation', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];

export const contactKindWords: Record<ContactKind, string> = {
  email_sent: 'E-mail invitation sent',
  reminder_sent: 'Reminder sent',
  spoken_to: 'Spoken to directly',
  voicemail: 'Voicemail left',
  bounced: 'E-mail bounced',
  opted_out: 'Opted out',
  declined: 'Declined to take part',
};

export const declineReasonWords: Record<DeclineReason, string> = {
  pressure_of_work: 'Pressure of work',
  not_interested: 'Not interested',
  confidentiality: 'Worried about confidentiality',
  left_organisation: 'Has left the organisation',
  other: 'Another reason',
};

/** How a participant was reached at best, for response rates by contact method. */
export const contactMethods = ['spoken_to', 'voicemail', 'reminder', 'email_only', 'none'] as const;
export type ContactMethod = (typeof contactMethods)[number];

export const contactMethodWords: Record<ContactMethod, string> = {
  spoken_to: 'Spoken to directly',
  voicemail: 'Voicemail left',
  reminder: 'Sent a reminder',
  email_only: 'E-mail invitation only',
  none: 'No contact recorded',
};

/**
 * The strongest contact a participant had: spoken to directly > voicemail > reminder > e-mail
 * only > none. The participant's own counters (invited_at, reminders_sent, kept by the
 * invitations module) count as well as logged events, so mail sent before the log existed counts.
 */
export function strongestContact(kinds: ReadonlySet<string>, participant: { invitedAt: Date | null; remindersSent: number }): ContactMethod {
  // A refusal is recorded with the call or message it came in; it is not a way of reaching someone.
  if (kinds.has('spoken_to')) return 'spoken_to';
  if (kinds.has('voicemail')) return 'voicemail';
  if (kinds.has('reminder_sent') || participant.remindersSent > 0) return 'reminder';
  if (kinds.has('email_sent') || participant.invitedAt) return 'email_only';
  return 'none';
}
