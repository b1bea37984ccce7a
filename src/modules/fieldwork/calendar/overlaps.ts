/**
 * Whether another survey or consultation would ask the same people in the same weeks as one of
 * this evaluation's surveys. Pure: the service gives it the dates and who is in each audience.
 */

/** Fieldwork closer than this to another survey still counts as asking people twice. */
export const marginDays = 14;

const dayMs = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / dayMs);

export interface FieldworkWindow {
  surveyId: string;
  title: string;
  opensOn: string;
  /** Null while the survey has no closing date: it counts as open from then on. */
  closesOn: string | null;
  /** The units (own unit and region) of each sampled person, one set per participant. */
  participants: ReadonlySet<string>[];
}

export interface CalendarAudience {
  entryId: string;
  startsOn: string;
  endsOn: string;
  /** 'all', or the units named together with every unit inside them. */
  units: 'all' | ReadonlySet<string>;
}

export interface Clash {
  entryId: string;
  surveyId: string;
  surveyTitle: string;
  /** Days between the two, 0 when they overlap. */
  gapDays: number;
  /** Sampled people in the entry's audience; null when the audience is all staff. */
  people: number | null;
}

export function findClash(entry: CalendarAudience, survey: FieldworkWindow): Clash | null {
  const start = dayNumber(survey.opensOn);
  const end = survey.closesOn ? dayNumber(survey.closesOn) : Number.POSITIVE_INFINITY;
  const from = dayNumber(entry.startsOn);
  const to = dayNumber(entry.endsOn);
  const gapDays = to < start ? start - to : from > end ? from - end : 0;
  if (gapDays > marginDays) return null;
  if (entry.units === 'all') return { entryId: entry.entryId, surveyId: survey.surveyId, surveyTitle: survey.title, gapDays, people: null };
  const units = entry.units;
  const people = survey.participants.filter((own) => [...own].some((u) => units.has(u))).length;
  return people ? { entryId: entry.entryId, surveyId: survey.surveyId, surveyTitle: survey.title, gapDays, people } : null;
}

/** A unit and every unit inside it, from the parent links of the whole organisation. */
export function withDescendants(unitIds: readonly string[], units: readonly { id: string; parentId: string | null }[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [...unitIds];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
