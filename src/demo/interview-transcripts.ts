import { closingAnswers, followUpOpeners, followUps, openers, roleAnswers, topics, type ConstructMark, type Passage, type RoleKind, type TopicId } from './interview-passages.ts';
import type { Random } from './random.ts';

/**
 * Writes the demo's interview transcripts from the hand-written passages: for each topic the
 * interviewer's question, an answer, a follow-up and a second (sometimes a third) answer, chosen and ordered with a
 * seeded generator and filled in with the speaker's own programme or region, so that the 21
 * transcripts read differently. Pure: the same generator state gives the same transcript.
 */

export interface Interviewee {
  /** The participant's label, used as the speaker label ("SM07"). */
  label: string;
  role: RoleKind;
  /** The programme a programme lead works in. */
  programme?: string;
  /** The region a regional director runs the centre for. */
  region?: string;
}

export interface TranscriptAnswer {
  topic: TopicId | 'role' | 'closing';
  /** The answer as written after the speaker's label. */
  text: string;
  codes: readonly ConstructMark[];
}

export interface DemoTranscript {
  /** Plain text with "Interviewer:" and participant labels, one turn per paragraph. */
  text: string;
  answers: TranscriptAnswer[];
  words: number;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** `count` different items of a list, in random order. */
function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** Fills the placeholders, with "the" before programme names and a capital where a sentence starts. */
function fill(text: string, who: Interviewee, others: { programme: string; otherProgramme: string }): string {
  const unit = who.role === 'programme-lead' ? `the ${who.programme}` : who.role === 'regional-director' ? `our centre in ${who.region}` : 'the partnership';
  const filled = text
    .replaceAll('{unit}', unit)
    .replaceAll('{region}', who.region ?? 'the region')
    .replaceAll('{programme}', `the ${others.programme}`)
    .replaceAll('{otherProgramme}', `the ${others.otherProgramme}`);
  return filled.replace(/(^|[.!?]\s+)(the|our)\b/g, (_m, before: string, word: string) => `${before}${word[0]!.toUpperCase()}${word.slice(1)}`);
}

/** Starts an answer in one of several ways; an opener that runs into the sentence lowers its capital. */
function withOpener(random: Random, text: string, from: readonly string[] = openers): string {
  const opener = random.pick(from);
  if (!opener || text.startsWith('I think') || /^(Well|Honestly|Relentless)/.test(text)) return text;
  if (opener.endsWith('. ')) return opener + text;
  const keepsCapital = /^(I\b|I'|The [A-Z])/.test(text);
  return opener + (keepsCapital ? text : text[0]!.toLowerCase() + text.slice(1));
}

function usable(passages: readonly Passage[], role: RoleKind): Passage[] {
  return passages.filter((p) => !p.roles || p.roles.includes(role));
}

export function writeTranscript(random: Random, who: Interviewee, programmeNames: readonly string[]): DemoTranscript {
  const elsewhere = programmeNames.filter((name) => name !== who.programme);
  const [programme, otherProgramme] = pickSome(random, elsewhere, 2) as [string, string];
  const say = (text: string) => fill(text, who, { programme, otherProgramme });
  const turns: string[] = [];
  const answers: TranscriptAnswer[] = [];
  const ask = (text: string) => turns.push(`Interviewer: ${text}`);
  const answer = (topic: TranscriptAnswer['topic'], text: string, codes: readonly ConstructMark[]) => {
    answers.push({ topic, text, codes });
    turns.push(`${who.label}: ${text}`);
  };

  ask(random.pick([
    'Thank you for making the time. As we said in the information leaflet, the interview is recorded and will be transcribed, and nothing you say will be attributed to you by name. Are you still happy to go ahead?',
    'Thanks for seeing me. Before we start: you have signed the consent form, and the recorder is on. Is that still all right with you?',
  ]));
  answer('role', random.pick(['Yes, that is fine.', 'Yes, go ahead.', 'Of course, no problem.']), []);
  ask('Could you start by telling me about your role?');
  answer('role', say(random.pick(roleAnswers[who.role])), []);

  // The merger first and what has changed last, as in the schedule; the rest in varying order.
  const middle = pickSome(random, topics.filter((t) => t.id !== 'merger' && t.id !== 'outcomes'), 6);
  const order = [topics.find((t) => t.id === 'merger')!, ...middle, topics.find((t) => t.id === 'outcomes')!];
  for (const topic of order) {
    // Two answers to every topic, a third to some when the speaker had more to say.
    const passages = pickSome(random, usable(topic.answers, who.role), random.chance(0.45) ? 3 : 2);
    const prompts = pickSome(random, topic.prompts, 2);
    ask(random.pick(topic.questions));
    passages.forEach((passage, i) => {
      if (i > 0) ask(random.chance(0.65) ? prompts[i - 1]! : random.pick(followUps));
      answer(topic.id, withOpener(random, say(passage.text), i === 0 ? openers : followUpOpeners), passage.codes);
    });
  }

  ask('Is there anything else you would like to add, anything we have not covered?');
  answer('closing', random.pick(closingAnswers), []);
  ask('Thank you very much. That is really helpful. I will stop the recording there.');
  const text = `${turns.join('\n\n')}\n`;
  return { text, answers, words: wordCount(text) };
}
