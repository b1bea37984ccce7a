import { normalDraw } from '../modules/analysis/synthetic-data.ts';
import type { Answers } from '../modules/surveys/conditions.ts';
import { seededRandom, type Random } from './random.ts';
import type { Respondent } from './survey-answers.ts';

/**
 * The demo's staff as a panel across the yearly waves: each person has facts for the linking code
 * that stay the same from year to year, a lasting view of the change, and a lasting willingness to
 * answer surveys (some people answer every year, some never). So about two in three of a wave's
 * respondents with a code also answered the year before, and paired comparisons have pairs to use.
 * The rest did not answer last year, left a part of the code blank, or mistyped it.
 *
 * Drawn from a generator of its own, so that the survey answers' draws, and those of every step
 * after the surveys, are the ones they were before the waves were linked. Pure.
 */

/** The parts the demo asks each year: the same ones, or no wave links to another. */
export const DEMO_LINKING_PARTS = ['mother', 'day', 'siblings', 'town'] as const;

const PANEL_SEED = 20_060_403;

// Weighted by repetition: common first letters of names and of English towns come up more often.
const NAME_INITIALS = 'JJJJJMMMMMSSSSAAAAEEECCCPPPDDLLLKKBBRRGHVWTN';
const TOWN_INITIALS = 'LLLLBBBBMMMSSSNNCCCDDGHHKPPWWWYRTO';
const OLDER_SIBLINGS = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4] as const;

/** How often someone answering a wave leaves a part blank (no code is kept), or types one part wrongly. */
const LEAVES_A_PART_BLANK = 0.05;
const MISTYPES_A_PART = 0.03;
/** How much the person's own willingness decides whether they answer, against the chance of the week. */
const WILLINGNESS_WEIGHT = 2;

export interface StaffMember extends Respondent {
  /** The stable facts, as the linking questions ask them. */
  code: { mother: string; day: number; siblings: number; town: string };
  /** How readily this person answers surveys, as a standard normal score. */
  willingness: number;
}

export interface StaffPanel {
  members: StaffMember[];
  /** The invited in the order they would answer this wave: the more willing first, with the week's chance mixed in. */
  answeringOrder(invited: readonly StaffMember[]): StaffMember[];
  /** What a member types on the linking page this wave: usually their code, sometimes blank or mistyped. */
  typedCode(member: StaffMember): Answers;
}

const normal = (random: Random) => normalDraw(() => random.next());

function stableFacts(random: Random): StaffMember['code'] {
  return { mother: random.pick([...NAME_INITIALS]), day: random.int(1, 31), siblings: random.pick(OLDER_SIBLINGS), town: random.pick([...TOWN_INITIALS]) };
}

/** One part typed wrongly: the day next to theirs, or a neighbouring letter of the town. */
function mistyped(random: Random, code: StaffMember['code']): StaffMember['code'] {
  if (random.chance(0.5)) return { ...code, day: code.day === 31 ? 30 : code.day + 1 };
  const letters = 'ABCDEFGHIJKLMNOPRSTUVWY';
  const at = Math.max(0, letters.indexOf(code.town));
  return { ...code, town: letters[(at + 1) % letters.length]! };
}

/** The panel of everyone in the pool, with their lasting view drawn in place of a fresh one each year. */
export function staffPanel(pool: readonly Respondent[]): StaffPanel {
  const random = seededRandom(PANEL_SEED);
  const members = pool.map((respondent) => ({ ...respondent, climate: normal(random), willingness: normal(random), code: stableFacts(random) }));
  return {
    members,
    answeringOrder(invited) {
      const keyed = invited.map((member) => ({ member, key: WILLINGNESS_WEIGHT * member.willingness + normal(random) }));
      return keyed.sort((a, b) => b.key - a.key).map((k) => k.member);
    },
    typedCode(member): Answers {
      if (random.chance(LEAVES_A_PART_BLANK)) return { link_mother: member.code.mother, link_day: member.code.day };
      const code = random.chance(MISTYPES_A_PART) ? mistyped(random, member.code) : member.code;
      // Typed as people type, in either case: the code does not mind.
      const letter = (l: string) => (random.chance(0.3) ? l.toLowerCase() : l);
      return { link_mother: letter(code.mother), link_day: code.day, link_siblings: code.siblings, link_town: letter(code.town) };
    },
  };
}
