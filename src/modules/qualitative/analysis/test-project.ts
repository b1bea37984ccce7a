import type { Database } from '../../../db/database.ts';
import { addUser } from '../../../../test/app.ts';
import { addPeriod, createEvaluation, setMember } from '../../evaluations/service.ts';
import { addCoding, createCode, createSource, type Code, type Valence } from '../service.ts';
import { codePointLength, toCodePoints } from '../text-positions.ts';

/**
 * A small coded project for the tests of queries, the matrix, agreement and quotes: four
 * interviews in two waves (one participant refused quotation), a document with no participant,
 * a Greenhalgh-like code tree, and codings placed on phrases of the transcripts.
 */

export const transcripts = {
  SM01: [
    'Interviewer: What made the merger necessary?',
    'SM01: There was real tension for change after the review. The board said the eight programmes could not go on alone.',
    'Interviewer: And resources?',
    'SM01: We had no dedicated time for the work, and the funding was cut twice in one year.',
  ],
  SM02: [
    'Interviewer: How did the programmes respond?',
    'SM02: The chief executive was a strong champion; that support and advocacy carried us.',
    'Interviewer: Anything holding it back?',
    'SM02: Funding stayed with the largest programme, so the rest of us had no dedicated time.',
  ],
  SM03: [
    'Interviewer: What changed in the second year?',
    'SM03: The tension for change faded once the review was over; the Mental Health Programme went its own way.',
  ],
  EX01: [
    'Interviewer: How did it look from outside?',
    'EX01: From the council we saw strong advocacy from the chief executive, but little dedicated time for partners.',
  ],
} as const;

export type Label = keyof typeof transcripts;

export interface TestProject {
  evaluationId: string;
  slug: string;
  lead: { id: string; email: string };
  coderA: { id: string; email: string };
  coderB: { id: string; email: string };
  viewer: { id: string; email: string };
  waves: { first: string; second: string };
  participants: Record<Label, string>;
  interviews: Record<Label, string>;
  sources: Record<Label, string> & { plan: string };
  codes: { inner: Code; tension: Code; time: Code; funding: Code; advocacy: Code; outer: Code };
  /** Codes a phrase of a transcript (the first occurrence), returning the coding's id. */
  code(label: Label | 'plan', phrase: string, code: Code, options?: { valence?: Valence; coderId?: string; occurrence?: number }): Promise<string>;
  /** The code-point range of a phrase in a transcript. */
  rangeOf(label: Label | 'plan', phrase: string, occurrence?: number): { start: number; end: number };
  text(label: Label | 'plan'): string;
}

const planText = 'Business plan 2006. The partnership will pool funding across programmes and protect dedicated time for improvement work.';

export async function buildTestProject(database: Database, slug = 'qualitative-analysis'): Promise<TestProject> {
  const db = database.db;
  const lead = await addUser(database, 'Lena Lead');
  const coderA = await addUser(database, 'Alex Coder');
  const coderB = await addUser(database, 'Bea Coder');
  const viewer = await addUser(database, 'Vic Viewer');
  const evaluation = await createEvaluation(db, lead.id, { title: 'Partnership interviews', slug });
  await setMember(db, lead.id, evaluation.id, { email: coderA.email, role: 'coder' });
  await setMember(db, lead.id, evaluation.id, { email: coderB.email, role: 'coder' });
  await setMember(db, lead.id, evaluation.id, { email: viewer.email, role: 'viewer' });
  const first = await addPeriod(db, lead.id, 'waves', evaluation.id, { name: 'Wave 1 (2005)' });
  const second = await addPeriod(db, lead.id, 'waves', evaluation.id, { name: 'Wave 2 (2006)' });

  const people: Record<Label, { role: string; external: boolean; programme: string | null; wave: string; consent: boolean }> = {
    SM01: { role: 'Chief executive', external: false, programme: 'Mental health', wave: first.id, consent: true },
    SM02: { role: 'Programme lead', external: false, programme: 'Learning disabilities', wave: first.id, consent: true },
    SM03: { role: 'Programme lead', external: false, programme: 'Mental health', wave: second.id, consent: false },
    EX01: { role: 'External', external: true, programme: null, wave: second.id, consent: true },
  };
  const participants = {} as Record<Label, string>;
  const interviews = {} as Record<Label, string>;
  const sources = {} as TestProject['sources'];
  const texts = new Map<string, string>();
  for (const [label, person] of Object.entries(people) as [Label, (typeof people)[Label]][]) {
    const participant = await db
      .insertInto('qda_participants')
      .values({ evaluation_id: evaluation.id, label, role_category: person.role, external: person.external })
      .returning('id')
      .executeTakeFirstOrThrow();
    participants[label] = participant.id;
    if (person.programme) await db.insertInto('qda_participant_attributes').values({ participant_id: participant.id, name: 'Programme', value: person.programme }).execute();
    const interview = await db
      .insertInto('interviews')
      .values({ evaluation_id: evaluation.id, participant_id: participant.id, wave_id: person.wave, consent_record: true, consent_transcribe: true, consent_quote: person.consent, status: 'transcribed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    interviews[label] = interview.id;
    const lines = transcripts[label];
    const content = lines.join('\n');
    let at = 0;
    const turns = lines.map((line) => {
      const turn = { speaker: line.slice(0, line.indexOf(':')), start: at, end: at + codePointLength(line) };
      at = turn.end + 1;
      return turn;
    });
    const source = await createSource(db, lead.id, evaluation.id, { kind: 'transcript', name: `Interview ${label}`, content, interviewId: interview.id, turns });
    sources[label] = source.id;
    texts.set(label, content);
  }
  sources.plan = (await createSource(db, lead.id, evaluation.id, { kind: 'document', name: 'Business plan', content: planText })).id;
  texts.set('plan', planText);

  const inner = await createCode(db, lead.id, evaluation.id, { name: 'Inner context' });
  const tension = await createCode(db, lead.id, evaluation.id, { name: 'Tension for change', parentId: inner.id });
  const time = await createCode(db, lead.id, evaluation.id, { name: 'Dedicated time and resources', parentId: inner.id });
  const funding = await createCode(db, lead.id, evaluation.id, { name: 'Funding', parentId: time.id });
  const advocacy = await createCode(db, lead.id, evaluation.id, { name: 'Support and advocacy', parentId: inner.id });
  const outer = await createCode(db, lead.id, evaluation.id, { name: 'Outer context' });

  const text = (label: Label | 'plan') => texts.get(label)!;
  const rangeOf = (label: Label | 'plan', phrase: string, occurrence = 1) => {
    const content = text(label);
    let index = -1;
    for (let n = 0; n < occurrence; n += 1) index = content.indexOf(phrase, index + 1);
    if (index < 0) throw new Error(`"${phrase}" is not in ${label}`);
    return { start: toCodePoints(content, index), end: toCodePoints(content, index + phrase.length) };
  };
  return {
    evaluationId: evaluation.id,
    slug: evaluation.slug,
    lead,
    coderA,
    coderB,
    viewer,
    waves: { first: first.id, second: second.id },
    participants,
    interviews,
    sources,
    codes: { inner, tension, time, funding, advocacy, outer },
    text,
    rangeOf,
    async code(label, phrase, code, options = {}) {
      const range = rangeOf(label, phrase, options.occurrence);
      const coding = await addCoding(db, options.coderId ?? lead.id, evaluation.id, { sourceId: sources[label], codeId: code.id, ...range, valence: options.valence ?? 'neutral' });
      return coding.id;
    },
  };
}
