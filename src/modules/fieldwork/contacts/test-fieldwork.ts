import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import { digest } from '../../accounts/service.ts';
import { addPerson, createUnit, type Unit } from '../../organisation/service.ts';

/**
 * Participants for the contact log, rates and calendar tests, stored straight into the
 * participants table as the invitations module would leave them.
 */
export async function addParticipants(
  db: Db,
  evaluationId: string,
  surveyId: string,
  people: { name: string; unit?: Unit; region?: Unit; completedOn?: string | null; invited?: boolean; reminders?: number; phone?: string }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const p of people) {
    const person = await addPerson(db, null, evaluationId, { name: p.name, email: `${p.name.toLowerCase().replace(/[^a-z]+/g, '') || 'someone'}@example.org`, phone: p.phone ?? '', unitId: p.unit?.id ?? '', regionId: p.region?.id ?? '' });
    const row = await db
      .insertInto('participants')
      .values({
        evaluation_id: evaluationId,
        survey_id: surveyId,
        person_id: person.id,
        token_hash: digest(randomBytes(16).toString('hex')),
        invited_at: p.invited === false ? null : new Date('2006-04-03T09:00:00Z'),
        reminders_sent: p.reminders ?? 0,
        completed_on: p.completedOn ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

export async function addUnits(db: Db, evaluationId: string) {
  const programme = await createUnit(db, null, evaluationId, { kind: 'programme', name: 'Mental health' });
  const team = await createUnit(db, null, evaluationId, { kind: 'team', name: 'Crisis team', parentId: programme.id });
  const other = await createUnit(db, null, evaluationId, { kind: 'programme', name: 'Older people' });
  const region = await createUnit(db, null, evaluationId, { kind: 'region', name: 'North West' });
  return { programme, team, other, region };
}
