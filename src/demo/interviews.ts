import type { Db } from '../db/database.ts';
import { createUser, findUserByEmail, type User } from '../modules/accounts/service.ts';
import { listQuestions } from '../modules/evaluations/protocol/aims.ts';
import { setMember } from '../modules/evaluations/service.ts';
import { searchPeople, type Person } from '../modules/organisation/service.ts';
import { closeRound, createRound, roundComparison } from '../modules/qualitative/agreement/service.ts';
import { saveMatrixSummary } from '../modules/qualitative/analysis/matrix.ts';
import { loadFramework } from '../modules/qualitative/codebook/load-framework.ts';
import { paragraphsOf } from '../modules/qualitative/coding/paragraphs.ts';
import { createInterview } from '../modules/qualitative/interviews/interviews.ts';
import { createParticipant } from '../modules/qualitative/interviews/participants.ts';
import { listRoleCategories } from '../modules/qualitative/interviews/role-categories.ts';
import { createSchedule, type ScheduleInput } from '../modules/qualitative/interviews/schedules.ts';
import { seedTerms } from '../modules/qualitative/pseudonyms/service.ts';
import { addQuote, saveAttributionRules } from '../modules/qualitative/quotes/service.ts';
import { addCodings, listCodes } from '../modules/qualitative/service.ts';
import { codePointLength } from '../modules/qualitative/text-positions.ts';
import { importTranscript } from '../modules/qualitative/transcripts/importing.ts';
import { DEMO_PASSWORD } from './accounts.ts';
import { followUpOpeners, openers, topics, type ConstructMark, type DemoValence, type RoleKind } from './interview-passages.ts';
import { writeTranscript, type Interviewee, type TranscriptAnswer } from './interview-transcripts.ts';
import { matrixSummaries } from './interview-summaries.ts';
import { seededRandom, type Random } from './random.ts';
import type { DemoStep } from './step.ts';
import { programmes, regions } from './structure.ts';

/**
 * The demo's interviews with 21 senior managers of the partnership (the chief executive, 13
 * programme leads and 7 regional directors), held face to face or by telephone in spring 2006,
 * recorded and transcribed with consent: the schedule they followed, the transcripts, about half
 * of each coded against Greenhalgh et al. (2004) by two coders, one agreement round, a few
 * cells of the framework matrix summarised and a quote bank attributed only as "Senior Manager".
 *
 * The step draws from its own seeded generator rather than the demo's shared one, so adding it
 * leaves everything the later steps draw (the survey answers) as it was.
 */

const INTERVIEW_SEED = 2006;
const FRAMEWORK = 'greenhalgh-2004';

/** The second coder: the researcher who held the interviews, signing in with the demo password. */
export const demoCoder = { email: 'coder@formative.test', name: 'Tom Hartley' };

const roleCategory: Record<RoleKind, string> = { 'chief-executive': 'Chief executive', 'programme-lead': 'Programme lead', 'regional-director': 'Regional director' };

// Five of the programme leads lead a strand within a programme: the largest has three.
const strandProgrammes = ['Mental Health Institute', 'Mental Health Institute', 'Mental Health Institute', 'Health in Criminal Justice', 'Valuing People Support Team'];

interface Planned extends Omit<Interviewee, 'label'> {
  personId: string | null;
}

async function ensureCoder(db: Db, evaluationId: string, leadUserId: string): Promise<User> {
  const user = (await findUserByEmail(db, demoCoder.email)) ?? (await createUser(db, { ...demoCoder, password: DEMO_PASSWORD }));
  await setMember(db, leadUserId, evaluationId, { email: demoCoder.email, role: 'coder' });
  return user;
}

/** Everyone in the directory whose job title matches, most trustworthy entry first. */
async function peopleTitled(db: Db, evaluationId: string, titles: string[]): Promise<Person[]> {
  const found: Person[] = [];
  for (const title of titles) {
    for (let page = 1; ; page++) {
      const result = await searchPeople(db, evaluationId, { q: title, page });
      found.push(...result.people.filter((p) => p.jobTitle === title));
      if (page >= result.pages) break;
    }
  }
  // The directory has double entries: prefer the name written in full, still in post, checked last.
  const plain = (p: Person) => (/^(Dr )?[A-Z][a-z]+ [A-Z][A-Za-z']+$/.test(p.name) ? 1 : 0);
  return found.sort((a, b) => plain(b) - plain(a) || Number(a.leftOn !== null) - Number(b.leftOn !== null) || (b.lastVerifiedOn ?? '').localeCompare(a.lastVerifiedOn ?? ''));
}

/** The 21 people interviewed, linked to their directory entries where the directory has them. */
async function plannedInterviewees(db: Db, evaluationId: string, random: Random): Promise<Planned[]> {
  const used = new Set<string>();
  const take = (people: Person[], unit?: string) => {
    const person = people.find((p) => !used.has(p.id) && (unit === undefined || p.unitName === unit));
    if (person) used.add(person.id);
    return person?.id ?? null;
  };
  const chiefs = await peopleTitled(db, evaluationId, ['Chief executive']);
  const leads = await peopleTitled(db, evaluationId, ['Programme lead']);
  const deputies = await peopleTitled(db, evaluationId, ['Deputy programme lead', 'Programme manager']);
  const directors = await peopleTitled(db, evaluationId, ['Regional director']);
  // One regional director could not be interviewed in time.
  const absent = random.pick(regions).name;
  return [
    { role: 'chief-executive', personId: take(chiefs) },
    ...programmes.map((p): Planned => ({ role: 'programme-lead', programme: p.name, personId: take(leads, p.name) })),
    ...strandProgrammes.map((name): Planned => ({ role: 'programme-lead', programme: name, personId: take(deputies, name) })),
    ...regions.filter((r) => r.name !== absent).map((r): Planned => ({ role: 'regional-director', region: r.name, personId: take(directors, r.name) })),
  ];
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The schedule: one section per topic, its questions linked to the protocol's research questions. */
async function schedule(db: Db, evaluationId: string, leadUserId: string) {
  const questions = await listQuestions(db, evaluationId);
  const idOf = (start: string) => questions.find((q) => q.text.startsWith(start))?.id;
  const helping = idOf('What do senior managers see as helping and hindering');
  const readiness = idOf('How ready are staff');
  const links = (...ids: (string | undefined)[]) => ids.filter((id): id is string => id !== undefined);
  const input: ScheduleInput = {
    title: 'Interviews with senior managers',
    introduction: 'Thank the interviewee, check that the consent form is signed and that they are happy to be recorded, and remind them that nothing will be attributed to them by name. About an hour.',
    changeNote: 'As agreed with the advisory group',
    sections: [
      { title: 'About you', guidance: '', questions: [{ text: 'Could you start by telling me about your role?', guidance: 'How long in post; before or after the merger.', prompts: [], researchQuestionIds: [] }] },
      ...topics.map((t) => ({
        title: t.section,
        guidance: '',
        questions: [{ text: t.questions[0], guidance: '', prompts: [...t.prompts], researchQuestionIds: t.id === 'readiness' ? links(helping, readiness) : links(helping) }],
      })),
      { title: 'Closing', guidance: 'Thank them; say when the interim report is due.', questions: [{ text: 'Is there anything else you would like to add, anything we have not covered?', guidance: '', prompts: [], researchQuestionIds: [] }] },
    ],
  };
  return createSchedule(db, leadUserId, evaluationId, input);
}

interface CodedAnswer {
  /** Where its first coding is in the lead's batch. */
  at: number;
  sourceId: string;
  start: number;
  end: number;
  text: string;
  participantLabel: string;
  consentQuote: boolean;
}

/** Codings waiting to be stored for one coder, each answer's constructs on its whole paragraph. */
class CodingBatch {
  readonly inputs: { sourceId: string; codeId: string; start: number; end: number; valence: DemoValence }[] = [];
  constructor(private readonly codeIds: Map<string, string>) {}

  /** Queues the marks on a paragraph; returns where the first of them will be in the batch. */
  add(at: { sourceId: string; start: number; end: number }, marks: readonly ConstructMark[]): number {
    const first = this.inputs.length;
    for (const [construct, valence] of marks) {
      const codeId = this.codeIds.get(construct);
      if (!codeId) throw new Error(`The Greenhalgh codebook has no construct "${construct}"`);
      this.inputs.push({ sourceId: at.sourceId, codeId, start: at.start, end: at.end, valence });
    }
    return first;
  }
}

/** Coder B's version of coder A's marks: mostly the same, now and then a construct missed or judged otherwise. */
function secondOpinion(random: Random, marks: readonly ConstructMark[]): ConstructMark[] {
  return marks.filter(() => random.chance(0.88)).map(([construct, valence]) => [construct, random.chance(0.9) ? valence : 'mixed'] as const);
}

/** The first sentence or two of a paragraph, as code points within it, for a quote of readable length. */
function quotablePart(text: string): { from: number; to: number } {
  // A way into the answer ("That is a good question.") is not worth quoting.
  const opener = [...openers, ...followUpOpeners].find((o) => o.endsWith('. ') && text.startsWith(o)) ?? '';
  let end = 0;
  for (const match of text.slice(opener.length).matchAll(/[.!?](?=\s|$)/g)) {
    end = opener.length + match.index + 1;
    if (end - opener.length >= 90) break;
  }
  return { from: codePointLength(opener), to: codePointLength(text.slice(0, end || text.length)) };
}

export const interviewsStep: DemoStep = {
  name: 'interviews',
  async run(context) {
    const { db, evaluationId, leadUserId } = context;
    const random = seededRandom(INTERVIEW_SEED);
    const coder = await ensureCoder(db, evaluationId, leadUserId);
    const categories = await listRoleCategories(db, evaluationId);
    const version = await schedule(db, evaluationId, leadUserId);

    const planned = shuffled(random, await plannedInterviewees(db, evaluationId, random));
    const dates = Array.from({ length: planned.length }, () => random.date('2006-02-13', '2006-05-26')).sort();
    const byPhone = new Set(shuffled(random, planned.map((_, i) => i)).slice(0, 3));
    const noQuotes = new Set(shuffled(random, planned.map((_, i) => i)).slice(0, 2));
    const programmeNames = programmes.map((p) => p.name);

    const interviews: { label: string; sourceId: string; answers: (TranscriptAnswer & { start: number; end: number })[]; consentQuote: boolean; words: number }[] = [];
    for (const [i, person] of planned.entries()) {
      const label = `SM${String(i + 1).padStart(2, '0')}`;
      const participant = await createParticipant(db, leadUserId, evaluationId, {
        label,
        roleCategory: roleCategory[person.role],
        personId: person.personId,
        attributes: person.programme ? [{ name: 'Programme', value: person.programme }] : person.region ? [{ name: 'Region', value: person.region }] : [],
      });
      const interview = await createInterview(db, leadUserId, evaluationId, {
        participantId: participant.id,
        heldOn: dates[i]!,
        mode: byPhone.has(i) ? 'telephone' : 'face-to-face',
        consentRecord: true,
        consentTranscribe: true,
        consentQuote: !noQuotes.has(i),
        status: 'done',
        interviewerId: coder.id,
        scheduleVersionId: version.id,
        notes: byPhone.has(i) ? 'Held by telephone; recorded on the conference line with consent.' : '',
      });
      const written = writeTranscript(random, { label, role: person.role, programme: person.programme, region: person.region }, programmeNames);
      const source = await importTranscript(db, leadUserId, evaluationId, { interviewId: interview.id, format: 'text', content: written.text, fileName: `${label}.txt` });
      // The speaker's paragraphs, in order, are the answers as written.
      const spoken = paragraphsOf(source).filter((p) => p.speaker === label);
      if (spoken.length !== written.answers.length) throw new Error(`The transcript of ${label} has ${spoken.length} answers, not ${written.answers.length}`);
      interviews.push({ label, sourceId: source.id, consentQuote: !noQuotes.has(i), words: written.words, answers: written.answers.map((a, n) => ({ ...a, start: spoken[n]!.start, end: spoken[n]!.end })) });
    }

    await loadFramework(db, leadUserId, evaluationId, FRAMEWORK);
    const codes = await listCodes(db, evaluationId);
    const codeIds = new Map(codes.flatMap((c) => (c.frameworkRef?.startsWith(`${FRAMEWORK}/`) ? [[c.frameworkRef.slice(FRAMEWORK.length + 1), c.id] as const] : [])));

    // Two transcripts are double coded blind in an agreement round; the second coder also codes
    // some others on their own.
    const quotable = interviews.filter((t) => t.consentQuote);
    const doubled = [quotable[2]!, quotable[9]!];
    const round = await createRound(db, leadUserId, evaluationId, { name: `Double coding of ${doubled.map((t) => t.label).join(' and ')}`, sourceIds: doubled.map((t) => t.sourceId), coderA: leadUserId, coderB: coder.id });
    const alsoByCoder = new Set(shuffled(random, interviews.filter((t) => !doubled.includes(t))).slice(0, 5));

    const byLead = new CodingBatch(codeIds);
    const byCoder = new CodingBatch(codeIds);
    const leadCoded: CodedAnswer[] = [];
    for (const transcript of interviews) {
      const codable = transcript.answers.filter((a) => a.codes.length);
      const half = shuffled(random, codable).slice(0, Math.ceil(codable.length / 2));
      for (const answer of half) {
        const at = byLead.add({ sourceId: transcript.sourceId, ...answer }, answer.codes);
        leadCoded.push({ at, sourceId: transcript.sourceId, start: answer.start, end: answer.end, text: answer.text, participantLabel: transcript.label, consentQuote: transcript.consentQuote });
      }
      if (doubled.includes(transcript)) {
        const extra = shuffled(random, codable.filter((a) => !half.includes(a))).slice(0, 2);
        for (const answer of [...half, ...extra]) byCoder.add({ sourceId: transcript.sourceId, ...answer }, secondOpinion(random, answer.codes));
      } else if (alsoByCoder.has(transcript)) {
        for (const answer of shuffled(random, codable).slice(0, Math.ceil(codable.length / 2))) byCoder.add({ sourceId: transcript.sourceId, ...answer }, answer.codes);
      }
    }
    const leadIds = await addCodings(db, leadUserId, evaluationId, byLead.inputs);
    const coderIds = await addCodings(db, coder.id, evaluationId, byCoder.inputs);
    const codings = leadIds.length + coderIds.length;
    await closeRound(db, leadUserId, evaluationId, round.id, new Date('2006-07-14T16:00:00Z'));
    const kappa = (await roundComparison(db, evaluationId, round.id)).comparison.overall.kappa.kappa;

    const summaries = matrixSummaries();
    for (const summary of summaries) {
      const column = codeIds.get(summary.construct);
      if (!column) throw new Error(`The Greenhalgh codebook has no construct "${summary.construct}"`);
      await saveMatrixSummary(db, leadUserId, evaluationId, { rows: 'roles', row: summary.role, column }, { summary: summary.text });
    }

    // Names of programmes, regions and people are replaced before anything is quoted.
    const terms = await seedTerms(db, leadUserId, evaluationId);
    await saveAttributionRules(db, leadUserId, evaluationId, { rules: [{ roleCategory: '*', attribution: 'Senior Manager' }] });
    const quoted = new Set<string>();
    const fromSpeaker = new Map<string, number>();
    let quotes = 0;
    for (const { at, ...answer } of shuffled(random, leadCoded.filter((a) => a.consentQuote && !doubled.some((t) => t.sourceId === a.sourceId)))) {
      // Different words each time, and no more than two quotes from one person.
      const key = answer.text.slice(-60);
      if (quotes >= 14 || quoted.has(key) || (fromSpeaker.get(answer.participantLabel) ?? 0) >= 2) continue;
      const part = quotablePart(answer.text);
      await addQuote(db, leadUserId, evaluationId, { codingId: leadIds[at]!, start: answer.start + part.from, end: answer.start + part.to });
      quoted.add(key);
      fromSpeaker.set(answer.participantLabel, (fromSpeaker.get(answer.participantLabel) ?? 0) + 1);
      quotes += 1;
    }

    return {
      roleCategories: categories.length,
      interviewSchedules: 1,
      interviews: interviews.length,
      transcripts: interviews.length,
      transcriptWords: interviews.reduce((sum, t) => sum + t.words, 0),
      codings,
      agreementRounds: 1,
      agreementKappaPercent: kappa === null ? 0 : Math.round(kappa * 100),
      matrixSummaries: summaries.length,
      pseudonymTerms: terms.fromUnits + terms.fromDirectory,
      quotes,
    };
  },
};
