import type { Db } from '../../db/database.ts';

/**
 * Two people who took part in everything — an interview with a coded, quoted transcript, an
 * identified survey and an anonymous one — so a test can withdraw one and check the other is
 * untouched. Names, addresses and words are distinctive so a test can search for them anywhere.
 */

export interface PrivacyFixture {
  evaluationId: string;
  slug: string;
  leadId: string;
  people: Record<'alice' | 'bob', { personId: string; intervieweeId: string; interviewId: string; sourceId: string; name: string; email: string; words: string }>;
  identifiedSurveyId: string;
  anonymousSurveyId: string;
  anonymousResponseIds: string[];
}

let counter = 0;

export async function seedPrivacyFixture(db: Db, options: { endsOn?: string | null; leadId?: string; evaluationId?: string } = {}): Promise<PrivacyFixture> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const leadId = options.leadId ?? (await db.insertInto('users').values({ email: `lead-${tag}@example.org`, name: 'Lena Lead', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
  const evaluationId =
    options.evaluationId ??
    (await db.insertInto('evaluations').values({ slug: `privacy-${tag}`, title: 'Privacy evaluation', starts_on: '2005-01-01', ends_on: options.endsOn === undefined ? '2008-03-31' : options.endsOn }).returning('id').executeTakeFirstOrThrow()).id;
  const slug = (await db.selectFrom('evaluations').select('slug').where('id', '=', evaluationId).executeTakeFirstOrThrow()).slug;
  if (!options.evaluationId) await db.insertInto('memberships').values({ evaluation_id: evaluationId, user_id: leadId, role: 'lead' }).execute();
  await db.insertInto('qda_role_categories').values({ evaluation_id: evaluationId, name: 'Programme lead' }).onConflict((oc) => oc.doNothing()).execute();
  const code = (await db.insertInto('qda_codes').values({ evaluation_id: evaluationId, name: 'Tension for change' }).returning('id').executeTakeFirstOrThrow()).id;

  const frame = (await db.insertInto('sampling_frames').values({ evaluation_id: evaluationId, name: `Frame ${tag}`, as_of: '2005-09-01', frozen_by: leadId }).returning('id').executeTakeFirstOrThrow()).id;
  const sample = (await db.insertInto('samples').values({ evaluation_id: evaluationId, frame_id: frame, name: 'Pilot sample', purpose: 'pilot', method: 'simple', requested_size: 2, seed: '7' }).returning('id').executeTakeFirstOrThrow()).id;

  const survey = async (anonymity: string) => {
    const id = (await db.insertInto('surveys').values({ evaluation_id: evaluationId, title: `${anonymity} survey`, purpose: 'main', anonymity, access: 'personal', public_code: `${anonymity.slice(0, 3)}${tag}` }).returning('id').executeTakeFirstOrThrow()).id;
    const version = (await db.insertInto('survey_versions').values({ survey_id: id, number: 1, definition: JSON.stringify({ pages: [] }) }).returning('id').executeTakeFirstOrThrow()).id;
    return { id, version };
  };
  const identified = await survey('identified');
  const anonymous = await survey('anonymous');

  const people = {} as PrivacyFixture['people'];
  const anonymousResponseIds: string[] = [];
  for (const [index, key] of (['alice', 'bob'] as const).entries()) {
    const name = key === 'alice' ? 'Alice Zephyrine' : 'Bob Quillfeather';
    const email = `${key}.${tag}@example.org`;
    const words = key === 'alice' ? 'the merger felt like marmalade weather' : 'budgets were a kaleidoscope of worry';
    const personId = (await db.insertInto('people').values({ evaluation_id: evaluationId, name, email, phone: `0161 000 000${index}`, job_title: 'Programme lead' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('sampling_frame_members').values({ frame_id: frame, position: index + 1, person_id: personId, name, email }).execute();
    await db.insertInto('sample_members').values({ sample_id: sample, frame_position: index + 1, person_id: personId, stratum: 'Whole frame' }).execute();

    const intervieweeId = (await db.insertInto('qda_participants').values({ evaluation_id: evaluationId, person_id: personId, label: `SM0${index + 1}`, role_category: 'Programme lead' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('qda_participant_attributes').values({ participant_id: intervieweeId, name: 'programme', value: `Programme of ${name}` }).execute();
    const interviewId = (await db.insertInto('interviews').values({ evaluation_id: evaluationId, participant_id: intervieweeId, held_on: '2006-01-10', consent_record: true, consent_transcribe: true, consent_quote: true, status: 'coded', notes: `Met ${name} at the office` }).returning('id').executeTakeFirstOrThrow()).id;
    const content = `Interviewer: How was it?\n${`SM0${index + 1}`}: Honestly ${words}.`;
    const sourceId = (await db.insertInto('qda_sources').values({ evaluation_id: evaluationId, kind: 'transcript', name: `Interview SM0${index + 1}`, interview_id: interviewId, participant_id: intervieweeId, content, imported_from: `${name}.mp3.vtt` }).returning('id').executeTakeFirstOrThrow()).id;
    const split = content.indexOf('\n') + 1;
    await db.insertInto('qda_turns').values([
      { source_id: sourceId, position: 1, speaker: 'Interviewer', start_offset: 0, end_offset: split - 1 },
      { source_id: sourceId, position: 2, speaker: `SM0${index + 1}`, start_offset: split, end_offset: [...content].length },
    ]).execute();
    const start = content.indexOf(words);
    const coding = (await db.insertInto('qda_codings').values({ evaluation_id: evaluationId, source_id: sourceId, code_id: code, start_offset: start, end_offset: start + words.length, memo: `Coded ${key}`, coder_id: leadId }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('qda_quotes').values({ evaluation_id: evaluationId, coding_id: coding, source_id: sourceId, code_id: code, participant_id: intervieweeId, start_offset: start, end_offset: start + words.length, original_text: words, text: words }).execute();
    await db.insertInto('qda_memos').values([
      { evaluation_id: evaluationId, subject: 'source', subject_id: sourceId, body: `Memo on ${key}'s transcript` },
      { evaluation_id: evaluationId, subject: 'coding', subject_id: coding, body: `Memo on ${key}'s coding` },
    ]).execute();
    await db.insertInto('qda_matrix_summaries').values({ evaluation_id: evaluationId, code_id: code, row_kind: 'participant', participant_id: intervieweeId, summary: `${key} summary` }).execute();

    // Identified survey: the participation leads to the response.
    const response = (await db.insertInto('responses').values({ survey_id: identified.id, version_id: identified.version, key_hash: `key-${key}-${tag}`, purpose: 'main', status: 'complete', answers: JSON.stringify({ q1: words }) }).returning('id').executeTakeFirstOrThrow()).id;
    const participation = (await db.insertInto('participants').values({ evaluation_id: evaluationId, survey_id: identified.id, person_id: personId, sample_id: sample, token_hash: `token-${key}-${tag}`, response_id: response, completed_on: '2006-02-01' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.updateTable('responses').set({ participant_id: participation }).where('id', '=', response).execute();
    await db.insertInto('mail_jobs').values({ evaluation_id: evaluationId, survey_id: identified.id, participant_id: participation, kind: 'invitation', round: 0, to_address: email, subject: 'Please take part', body: `Dear ${name}`, status: 'sent' }).execute();
    await db.insertInto('contact_events').values({ evaluation_id: evaluationId, participant_id: participation, kind: 'spoken_to', note: `Spoke to ${name}`, occurred_on: '2006-01-20' }).execute();

    // Anonymous survey: invited, and an answer nobody can link.
    await db.insertInto('participants').values({ evaluation_id: evaluationId, survey_id: anonymous.id, person_id: personId, token_hash: `anon-${key}-${tag}`, completed_on: '2006-02-01' }).execute();
    anonymousResponseIds.push((await db.insertInto('responses').values({ survey_id: anonymous.id, version_id: anonymous.version, key_hash: `anon-key-${key}-${tag}`, purpose: 'main', status: 'complete', answers: JSON.stringify({ q1: `anonymous ${index}` }) }).returning('id').executeTakeFirstOrThrow()).id);

    people[key] = { personId, intervieweeId, interviewId, sourceId, name, email, words };
  }
  return { evaluationId, slug, leadId, people, identifiedSurveyId: identified.id, anonymousSurveyId: anonymous.id, anonymousResponseIds };
}
