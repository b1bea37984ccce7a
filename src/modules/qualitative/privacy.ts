import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * What the privacy module may ask of qualitative data about one interviewee: read it for a subject
 * access request, erase it on withdrawal, and strip identifying details when retention ends.
 * Callers run these inside their own transaction; nothing here commits or audits on its own.
 */

export interface IntervieweeSummary {
  id: string;
  label: string;
  roleCategory: string;
  personId: string | null;
  interviews: number;
  transcripts: number;
  codings: number;
}

async function countOf(query: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }): Promise<number> {
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

/** The interviewee's transcripts: sources named on them or on one of their interviews. */
function sourcesOf(db: Db, evaluationId: string, participantId: string) {
  return db
    .selectFrom('qda_sources')
    .select('id')
    .where('evaluation_id', '=', evaluationId)
    .where((eb) => eb.or([eb('participant_id', '=', participantId), eb('interview_id', 'in', db.selectFrom('interviews').select('id').where('participant_id', '=', participantId))]));
}

export async function listInterviewees(db: Db, evaluationId: string, filter: { personId?: string; id?: string } = {}): Promise<IntervieweeSummary[]> {
  let query = db
    .selectFrom('qda_participants as p')
    .select((eb) => [
      'p.id',
      'p.label',
      'p.role_category',
      'p.person_id',
      eb.selectFrom('interviews').select(eb.fn.countAll().as('n')).whereRef('interviews.participant_id', '=', 'p.id').as('interviews'),
      eb.selectFrom('qda_sources as s').select(eb.fn.countAll().as('n')).where((w) => w.or([w('s.participant_id', '=', w.ref('p.id')), w('s.interview_id', 'in', w.selectFrom('interviews as i').select('i.id').whereRef('i.participant_id', '=', 'p.id'))])).as('transcripts'),
      eb
        .selectFrom('qda_codings as c')
        .select(eb.fn.countAll().as('n'))
        .where('c.source_id', 'in', eb.selectFrom('qda_sources as s').select('s.id').where((w) => w.or([w('s.participant_id', '=', w.ref('p.id')), w('s.interview_id', 'in', w.selectFrom('interviews as i').select('i.id').whereRef('i.participant_id', '=', 'p.id'))])))
        .as('codings'),
    ])
    .where('p.evaluation_id', '=', evaluationId);
  if (filter.personId) query = query.where('p.person_id', '=', filter.personId);
  if (filter.id) query = query.where('p.id', '=', filter.id);
  const rows = await query.orderBy('p.label').execute();
  return rows.map((r) => ({ id: r.id, label: r.label, roleCategory: r.role_category, personId: r.person_id, interviews: Number(r.interviews ?? 0), transcripts: Number(r.transcripts ?? 0), codings: Number(r.codings ?? 0) }));
}

/** The interviewee whose interview this is, or undefined when it is not this evaluation's. */
export async function intervieweeOfInterview(db: Db, evaluationId: string, interviewId: string): Promise<string | undefined> {
  const row = await db.selectFrom('interviews').select('participant_id').where('evaluation_id', '=', evaluationId).where('id', '=', interviewId).executeTakeFirst();
  return row?.participant_id;
}

/**
 * The ids other modules hold links to — the interviewee's interviews, and the codings and quotes
 * on their transcripts — so a withdrawal can clear those links before 'erase' removes the rows.
 */
export async function intervieweeLinks(db: Db, evaluationId: string, participantId: string): Promise<{ interviewIds: string[]; codingIds: string[]; quoteIds: string[] }> {
  const sources = sourcesOf(db, evaluationId, participantId);
  const interviewIds = (await db.selectFrom('interviews').select('id').where('evaluation_id', '=', evaluationId).where('participant_id', '=', participantId).execute()).map((r) => r.id);
  const codingIds = (await db.selectFrom('qda_codings').select('id').where('source_id', 'in', sources).execute()).map((r) => r.id);
  const quoteIds = (
    await db
      .selectFrom('qda_quotes')
      .select('id')
      .where('evaluation_id', '=', evaluationId)
      .where((eb) => eb.or([eb('participant_id', '=', participantId), eb('source_id', 'in', sources)]))
      .execute()
  ).map((r) => r.id);
  return { interviewIds, codingIds, quoteIds };
}

export type ErasedCounts = Record<string, number>;

/**
 * Removes an interviewee's collected data. 'erase' removes every interview, transcript (with its
 * turns), coding, quote, memo about those, their matrix summaries and attributes, and replaces the
 * participant's label with the stand-in name. 'keep-analysed' keeps transcripts that have codings
 * (already analysed), removes the transcripts nobody has coded yet, and marks the interviews withdrawn.
 */
export async function eraseInterviewee(db: Db, evaluationId: string, participantId: string, choice: 'erase' | 'keep-analysed', standIn: string): Promise<ErasedCounts> {
  const allSources = (await sourcesOf(db, evaluationId, participantId).execute()).map((r) => r.id);
  const coded = allSources.length
    ? new Set((await db.selectFrom('qda_codings').select('source_id').distinct().where('source_id', 'in', allSources).execute()).map((r) => r.source_id))
    : new Set<string>();
  const sources = choice === 'erase' ? allSources : allSources.filter((id) => !coded.has(id));
  const counts: ErasedCounts = { interviews: 0, transcripts: sources.length, turns: 0, codings: 0, quotes: 0, memos: 0, matrixSummaries: 0, attributes: 0 };
  if (sources.length) {
    const codings = db.selectFrom('qda_codings').select('id').where('source_id', 'in', sources);
    counts.turns = await countOf(db.selectFrom('qda_turns').select((eb) => eb.fn.countAll().as('n')).where('source_id', 'in', sources));
    counts.codings = await countOf(db.selectFrom('qda_codings').select((eb) => eb.fn.countAll().as('n')).where('source_id', 'in', sources));
    counts.memos = Number(
      (
        await db
          .deleteFrom('qda_memos')
          .where('evaluation_id', '=', evaluationId)
          .where((eb) => eb.or([eb.and([eb('subject', '=', 'source'), eb('subject_id', 'in', sources)]), eb.and([eb('subject', '=', 'coding'), eb('subject_id', 'in', codings)])]))
          .executeTakeFirst()
      ).numDeletedRows,
    );
    counts.quotes = Number((await db.deleteFrom('qda_quotes').where('evaluation_id', '=', evaluationId).where('source_id', 'in', sources).executeTakeFirst()).numDeletedRows);
    // Turns, codings, their cut texts and agreement rows go with the source (ON DELETE CASCADE).
    await db.deleteFrom('qda_sources').where('id', 'in', sources).execute();
  }
  if (choice === 'erase') {
    counts.quotes! += Number((await db.deleteFrom('qda_quotes').where('evaluation_id', '=', evaluationId).where('participant_id', '=', participantId).executeTakeFirst()).numDeletedRows);
    counts.interviews = Number((await db.deleteFrom('interviews').where('evaluation_id', '=', evaluationId).where('participant_id', '=', participantId).executeTakeFirst()).numDeletedRows);
    counts.matrixSummaries = Number((await db.deleteFrom('qda_matrix_summaries').where('participant_id', '=', participantId).executeTakeFirst()).numDeletedRows);
    counts.attributes = Number((await db.deleteFrom('qda_participant_attributes').where('participant_id', '=', participantId).executeTakeFirst()).numDeletedRows);
    await db.updateTable('qda_participants').set({ label: standIn, role_category: '', person_id: null, external: false }).where('evaluation_id', '=', evaluationId).where('id', '=', participantId).execute();
  } else {
    await db.updateTable('interviews').set({ status: 'withdrawn' }).where('evaluation_id', '=', evaluationId).where('participant_id', '=', participantId).execute();
  }
  return counts;
}

export interface IntervieweeRecords {
  participant: { id: string; label: string; roleCategory: string; external: boolean; attributes: { name: string; value: string }[] };
  interviews: { id: string; heldOn: string | null; mode: string; status: string; consentRecord: boolean; consentTranscribe: boolean; consentQuote: boolean; notes: string }[];
  transcripts: { id: string; name: string; spoken: { speaker: string; text: string }[]; codings: { code: string; text: string; memo: string }[] }[];
  quotes: { code: string | null; text: string }[];
  matrixSummaries: { code: string; summary: string }[];
}

/**
 * Everything held about one interviewee. From each transcript, the turns whose speaker is not the
 * interviewer; a transcript without speaker turns is given whole, as no one can tell who said what.
 */
export async function intervieweeRecords(db: Db, evaluationId: string, participantId: string): Promise<IntervieweeRecords | undefined> {
  const participant = await db.selectFrom('qda_participants').selectAll().where('evaluation_id', '=', evaluationId).where('id', '=', participantId).executeTakeFirst();
  if (!participant) return undefined;
  const attributes = await db.selectFrom('qda_participant_attributes').select(['name', 'value']).where('participant_id', '=', participantId).orderBy('name').execute();
  const interviews = await db.selectFrom('interviews').selectAll().where('evaluation_id', '=', evaluationId).where('participant_id', '=', participantId).orderBy('held_on').execute();
  const sourceRows = await db.selectFrom('qda_sources').select(['id', 'name', 'content']).where('id', 'in', sourcesOf(db, evaluationId, participantId)).orderBy('name').execute();
  const transcripts: IntervieweeRecords['transcripts'] = [];
  for (const source of sourceRows) {
    const turns = await db.selectFrom('qda_turns').select(['speaker', 'start_offset', 'end_offset']).where('source_id', '=', source.id).orderBy('position').execute();
    const points = [...source.content];
    const cut = (start: number, end: number) => points.slice(start, end).join('');
    const spoken = turns.length
      ? turns.filter((t) => !/^(i|q|interviewer|researcher|facilitator|moderator)(\s*\d+)?$/i.test(t.speaker.trim())).map((t) => ({ speaker: t.speaker, text: cut(t.start_offset, t.end_offset) }))
      : [{ speaker: '', text: source.content }];
    const codings = await db
      .selectFrom('qda_codings as c')
      .innerJoin('qda_codes as k', 'k.id', 'c.code_id')
      .select(['k.name', 'c.start_offset', 'c.end_offset', 'c.memo'])
      .where('c.source_id', '=', source.id)
      .orderBy('c.start_offset')
      .execute();
    transcripts.push({ id: source.id, name: source.name, spoken, codings: codings.map((c) => ({ code: c.name, text: cut(c.start_offset, c.end_offset), memo: c.memo })) });
  }
  const quotes = await db
    .selectFrom('qda_quotes as q')
    .leftJoin('qda_codes as k', 'k.id', 'q.code_id')
    .select(['k.name', 'q.text'])
    .where('q.evaluation_id', '=', evaluationId)
    .where((eb) => eb.or([eb('q.participant_id', '=', participantId), eb('q.source_id', 'in', sourcesOf(db, evaluationId, participantId))]))
    .execute();
  const summaries = await db.selectFrom('qda_matrix_summaries as m').innerJoin('qda_codes as k', 'k.id', 'm.code_id').select(['k.name', 'm.summary']).where('m.participant_id', '=', participantId).execute();
  return {
    participant: { id: participant.id, label: participant.label, roleCategory: participant.role_category, external: participant.external, attributes },
    interviews: interviews.map((i) => ({ id: i.id, heldOn: i.held_on, mode: i.mode, status: i.status, consentRecord: i.consent_record, consentTranscribe: i.consent_transcribe, consentQuote: i.consent_quote, notes: i.notes })),
    transcripts,
    quotes: quotes.map((q) => ({ code: q.name, text: q.text })),
    matrixSummaries: summaries.map((s) => ({ code: s.name, summary: s.summary })),
  };
}

/**
 * Identifying details of interviewees that retention removes: their attributes, their links to the
 * staff directory, and the names of the recording or file each transcript was imported from.
 * Counts what would go; removes it only when `apply` is set.
 */
export async function retainQualitative(db: Db, evaluationId: string, apply: boolean): Promise<ErasedCounts> {
  const participants = db.selectFrom('qda_participants').select('id').where('evaluation_id', '=', evaluationId);
  const counts = {
    intervieweeAttributes: await countOf(db.selectFrom('qda_participant_attributes').select((eb) => eb.fn.countAll().as('n')).where('participant_id', 'in', participants)),
    intervieweeDirectoryLinks: await countOf(db.selectFrom('qda_participants').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).where('person_id', 'is not', null)),
    recordingReferences: await countOf(db.selectFrom('qda_sources').select((eb) => eb.fn.countAll().as('n')).where('evaluation_id', '=', evaluationId).where('kind', '=', 'transcript').where('imported_from', '<>', '')),
  };
  if (apply) {
    await db.deleteFrom('qda_participant_attributes').where('participant_id', 'in', participants).execute();
    await db.updateTable('qda_participants').set({ person_id: null }).where('evaluation_id', '=', evaluationId).where('person_id', 'is not', null).execute();
    await db.updateTable('qda_sources').set({ imported_from: '', updated_at: sql`updated_at` }).where('evaluation_id', '=', evaluationId).where('kind', '=', 'transcript').where('imported_from', '<>', '').execute();
  }
  return counts;
}
