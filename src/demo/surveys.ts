import type { Db } from '../db/database.ts';
import { listPeriods } from '../modules/evaluations/service.ts';
import { requireInstrument, wordingFor } from '../modules/instruments/service.ts';
import { listUnits, searchPeople, type Person, type Unit } from '../modules/organisation/service.ts';
import type { SurveyDefinition } from '../modules/surveys/definition.ts';
import { setLinkingCode, splitLinkingAnswers } from '../modules/surveys/linking/service.ts';
import { storeResponses, type ResponseToStore } from '../modules/surveys/responses-import.ts';
import { createSurvey, setStatus } from '../modules/surveys/service.ts';
import type { Random } from './random.ts';
import type { DemoStep } from './step.ts';
import { demoResponse, scalePlans, type Respondent, type WaveIndex } from './survey-answers.ts';
import { DEMO_LINKING_PARTS, staffPanel, type StaffMember, type StaffPanel } from './survey-linking.ts';
import { demoQuestionnaire, OTHER_PROGRAMME } from './survey-questionnaire.ts';

/**
 * The demo's staff survey: the change-climate questionnaire as a pilot (30 invited, 17 answered)
 * and three yearly main surveys of 400 invited each, all anonymous. Respondents are drawn from the
 * demo's staff directory, so the programme mix follows it (the mental health programme, with most
 * of the money, has most of the staff). The main surveys ask for a linking code, the same parts each
 * year, so that the waves can be linked (see survey-linking.ts). The invitations themselves belong to
 * fieldwork: here only the responses are stored.
 */

export const DEMO_SURVEY_INSTRUMENT = 'change-climate';

interface DemoSurveyPlan {
  title: string;
  purpose: 'pilot' | 'main';
  wave: WaveIndex;
  invited: number;
  /** How many of those invited finished, and how many stopped part way, each as a share of the invited or an exact number. */
  complete: { share: number } | { exactly: number };
  partial: { share: number } | { exactly: number };
  /** The fieldwork dates, as whole days; a survey without a last day stays open. */
  opensOn: string;
  closesOn: string | null;
}

const waveNames = ['Year 1', 'Year 2', 'Year 3'] as const;

// The pilot ran in April 2006 (see the protocol's tasks); the main surveys run over their waves' dates.
const pilotPlan: DemoSurveyPlan = {
  title: 'Staff survey 2006: pilot',
  purpose: 'pilot',
  wave: 0,
  invited: 30,
  complete: { exactly: 17 },
  partial: { exactly: 0 },
  opensOn: '2006-04-03',
  closesOn: '2006-04-28',
};

const MAIN_INVITED = 400;

/** Year 2 answers drop a little after the budget cut; Year 3 is still open, so more are part way through. */
const mainResponseRates: readonly { complete: number; partial: number }[] = [
  { complete: 0.58, partial: 0.06 },
  { complete: 0.55, partial: 0.08 },
  { complete: 0.565, partial: 0.09 },
];

/** Regional centre staff mostly count themselves in a programme they deliver; the rest answer "other". */
const REGIONAL_STAFF_NAMING_A_PROGRAMME = 0.7;
/** National office staff have no region in the directory; the questionnaire asks them to choose London. */
const NATIONAL_OFFICE_REGION = 'London';

async function wholeDirectory(db: Db, evaluationId: string): Promise<Person[]> {
  const people: Person[] = [];
  for (let page = 1; ; page++) {
    const result = await searchPeople(db, evaluationId, { page });
    people.push(...result.people);
    if (page >= result.pages) return people;
  }
}

/** Everyone still in post, as they would describe themselves on the survey's first page. */
function respondentPool(random: Random, people: readonly Person[], units: readonly Unit[]): Respondent[] {
  const unitById = new Map(units.map((u) => [u.id, u]));
  const current = people.filter((p) => !p.leftOn);
  const programmeOf = (p: Person) => {
    const unit = p.unitId ? unitById.get(p.unitId) : undefined;
    return unit?.kind === 'programme' ? unit.shortName : undefined;
  };
  const programmeStaff = current.map(programmeOf).filter((code): code is string => code !== undefined);
  return current.map((p) => {
    const unit = p.unitId ? unitById.get(p.unitId) : undefined;
    const region = p.regionId ? unitById.get(p.regionId)?.shortName : undefined;
    let programme = programmeOf(p) ?? OTHER_PROGRAMME;
    // Drawn from programme staff, so a regional centre's work splits as the programmes' staff do.
    if (unit?.kind === 'region' && random.chance(REGIONAL_STAFF_NAMING_A_PROGRAMME)) programme = random.pick(programmeStaff);
    return { programme, region: region ?? NATIONAL_OFFICE_REGION };
  });
}

/** `count` people drawn at random without replacement (a partial Fisher–Yates shuffle). */
function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = random.int(i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

function howMany(rule: { share: number } | { exactly: number }, invited: number): number {
  return 'exactly' in rule ? rule.exactly : Math.round(invited * rule.share);
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);
const endOfDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

async function mainPlans(db: Db, evaluationId: string): Promise<(DemoSurveyPlan & { waveId: string })[]> {
  const waves = await listPeriods(db, 'waves', evaluationId);
  return waveNames.map((name, index) => {
    const wave = waves.find((w) => w.name === name);
    if (!wave?.startsOn || !wave.endsOn) throw new Error(`The demo has no survey wave "${name}" with dates: run the phases and waves step first`);
    const rates = mainResponseRates[index]!;
    return {
      title: `Staff survey ${wave.startsOn.slice(0, 4)} (${name})`,
      purpose: 'main',
      wave: index as WaveIndex,
      waveId: wave.id,
      invited: MAIN_INVITED,
      complete: { share: rates.complete },
      partial: { share: rates.partial },
      opensOn: wave.startsOn,
      // The last wave is still in the field when the demo is shown, so it has no closing date.
      closesOn: index === waveNames.length - 1 ? null : wave.endsOn,
    };
  });
}

interface SurveyCounts {
  invited: number;
  complete: number;
  partial: number;
  linkingCodes: number;
}

/**
 * The response with the linking code its respondent typed, when the survey asks for one and they got
 * past its page. The typed answers go through the respondent pages' own split, so only the code's
 * normalised parts reach the store, which keeps nothing but their keyed hash.
 */
function withLinkingCode(definition: SurveyDefinition, panel: StaffPanel, member: StaffMember, row: ResponseToStore): ResponseToStore {
  const asked = definition.linkingCode?.questions;
  const page = definition.pages.findIndex((p) => p.questions.some((q) => asked?.includes(q.id)));
  if (!asked || page < 0 || (row.pagesSaved ?? 0) <= page) return row;
  const { parts } = splitLinkingAnswers(definition, asked, panel.typedCode(member));
  return parts ? { ...row, linkingCode: parts } : row;
}

async function runSurvey(context: Parameters<DemoStep['run']>[0], plan: DemoSurveyPlan & { waveId: string }, panel: StaffPanel, units: readonly Unit[]): Promise<SurveyCounts> {
  const { db, evaluationId, leadUserId, random } = context;
  const instrument = requireInstrument(DEMO_SURVEY_INSTRUMENT);
  const wording = await wordingFor(db, evaluationId, instrument.id);
  const survey = await createSurvey(
    db,
    leadUserId,
    evaluationId,
    { title: plan.title, purpose: plan.purpose, waveId: plan.waveId, anonymity: 'anonymous', access: 'personal', opensAt: startOfDay(plan.opensOn), closesAt: plan.closesOn ? endOfDay(plan.closesOn) : null },
    demoQuestionnaire(units, instrument, wording, plan.purpose),
  );
  // The yearly waves ask for a linking code, added as a team adds it; the pilot is not a wave.
  const definition = plan.purpose === 'main' ? (await setLinkingCode(db, leadUserId, evaluationId, survey.id, DEMO_LINKING_PARTS)).definition : survey.version.definition;
  const invited = sample(random, panel.members, plan.invited);
  const complete = howMany(plan.complete, invited.length);
  const partial = Math.min(howMany(plan.partial, invited.length), invited.length - complete);
  const answering = { definition, instrument, plans: scalePlans(instrument), wave: plan.wave };
  const order = plan.purpose === 'main' ? panel.answeringOrder(invited) : invited;
  const rows = order.slice(0, complete + partial).map((member, i) => withLinkingCode(definition, panel, member, demoResponse(random, answering, member, i < complete)));
  await storeResponses(db, leadUserId, evaluationId, survey.id, rows);
  await setStatus(db, leadUserId, evaluationId, survey.id, 'open');
  if (plan.closesOn) await setStatus(db, leadUserId, evaluationId, survey.id, 'closed');
  return { invited: invited.length, complete, partial, linkingCodes: rows.filter((r) => r.linkingCode).length };
}

/** Runs after the phases and waves, organisation and staff directory steps, whose data it uses. */
export const surveysStep: DemoStep = {
  name: 'staff surveys',
  async run(context) {
    const { db, evaluationId, random } = context;
    const units = await listUnits(db, evaluationId);
    const panel = staffPanel(respondentPool(random, await wholeDirectory(db, evaluationId), units));
    const main = await mainPlans(db, evaluationId);
    const pilot = await runSurvey(context, { ...pilotPlan, waveId: main[0]!.waveId }, panel, units);
    const waves: SurveyCounts[] = [];
    for (const plan of main) waves.push(await runSurvey(context, plan, panel, units));
    return {
      surveys: 1 + waves.length,
      pilotInvited: pilot.invited,
      pilotResponses: pilot.complete + pilot.partial,
      mainInvited: waves.reduce((sum, w) => sum + w.invited, 0),
      mainComplete: waves.reduce((sum, w) => sum + w.complete, 0),
      mainPartial: waves.reduce((sum, w) => sum + w.partial, 0),
      linkingCodes: waves.reduce((sum, w) => sum + w.linkingCodes, 0),
    };
  },
};
