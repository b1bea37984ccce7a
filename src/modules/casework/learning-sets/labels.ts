/** The words the learning-set pages, API and CLI share for kinds, statuses and responses. */

export const setKinds = ['internal-staff', 'front-line-practitioners'] as const;
export type SetKind = (typeof setKinds)[number];

export const setKindLabels: Record<SetKind, string> = {
  'internal-staff': 'Internal staff set',
  'front-line-practitioners': 'Front-line practitioners’ set',
};

export const sessionStatuses = ['planned', 'held', 'cancelled', 'postponed'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export const sessionStatusLabels: Record<SessionStatus, string> = {
  planned: 'Planned',
  held: 'Held',
  cancelled: 'Cancelled',
  postponed: 'Postponed',
};

/** A session that did not go ahead as planned must say why. */
export const statusNeedsReason = (status: string): boolean => status === 'cancelled' || status === 'postponed';

export const responses = ['agrees', 'disagrees', 'adds-nuance'] as const;
export type Response = (typeof responses)[number];

export const responseLabels: Record<Response, string> = {
  agrees: 'Agrees',
  disagrees: 'Disagrees',
  'adds-nuance': 'Adds nuance',
};
