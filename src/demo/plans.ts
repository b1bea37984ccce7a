import { addBudgetLine, listUnits } from '../modules/organisation/service.ts';
import { importPlans } from '../modules/plans/importing.ts';
import { addCommonMethods, linkMethodToDeliverables, listMethods } from '../modules/plans/methods.ts';
import type { Random } from './random.ts';
import type { DemoStep } from './step.ts';
import { corporateUnit, organisationUnit, programmes, regions, type ProgrammeName } from './structure.ts';

/**
 * The partnership's plans over three years: 70 business and headline management plans with 500
 * deliverables, written as a plan file and loaded through the ordinary import (checked, then
 * written with set-based statements). Programmes take part in more of each other's work year by
 * year, so the cross-cutting analysis has something to show. Also the 2006/07 budget, with the
 * mental health programme's share falling as its legacy grants end. All of it is invented.
 */

export const LATER_FINANCIAL_YEAR = '2006/07';

export const laterBudget: readonly { unit: ProgrammeName | typeof corporateUnit.name; amountThousands: number }[] = [
  { unit: corporateUnit.name, amountThousands: 1_120 },
  { unit: 'Mental Health Institute', amountThousands: 21_650 },
  { unit: 'Valuing People Support Team', amountThousands: 3_050 },
  { unit: 'Change Agent Team', amountThousands: 2_900 },
  { unit: 'Integrated Care Network', amountThousands: 1_050 },
  { unit: 'Change for Children', amountThousands: 1_820 },
  { unit: 'Integrated Community Equipment Support', amountThousands: 760 },
  { unit: 'Child and Adolescent Mental Health Support Service', amountThousands: 1_630 },
  { unit: 'Health in Criminal Justice', amountThousands: 5_480 },
];

export const laterBudgetStep: DemoStep = {
  name: 'budget 2006/07',
  async run({ db, evaluationId, leadUserId }) {
    const unitIds = new Map((await listUnits(db, evaluationId)).map((unit) => [unit.name, unit.id]));
    for (const line of laterBudget) {
      await addBudgetLine(db, leadUserId, evaluationId, { financialYear: LATER_FINANCIAL_YEAR, label: line.unit, amountThousands: line.amountThousands, unitId: unitIds.get(line.unit) ?? null });
    }
    return { laterBudgetLines: laterBudget.length };
  },
};

const planYears = ['2005/06', '2006/07', '2007/08'] as const;
/** Plans and deliverables a year: the organisation writes more of both as it settles. */
const plansPerYear = [21, 23, 26];
const deliverablesPerYear = [140, 165, 195];
/** The chance that a deliverable involves more than its own programme, rising each year. */
const sharedChance = [0.12, 0.24, 0.38];

const themes = ['workforce', 'commissioning', 'social inclusion', 'service user involvement', 'housing', 'employment', 'performance', 'partnership working', 'evidence and research', 'equality and diversity'];
/** Themes each programme leans towards, drawn more often than the rest. */
const leanings: Record<string, string[]> = {
  MHI: ['workforce', 'social inclusion', 'service user involvement'],
  VPST: ['housing', 'employment', 'social inclusion'],
  CAT: ['performance', 'workforce'],
  ICN: ['commissioning', 'partnership working'],
  CfC: ['partnership working', 'workforce'],
  ICES: ['commissioning', 'performance'],
  CAMHS: ['workforce', 'evidence and research'],
  HCJ: ['commissioning', 'equality and diversity'],
};

const actions = ['Publish guidance on', 'Run regional workshops on', 'Support two pilot sites with', 'Evaluate local work on', 'Set up a learning network for', 'Commission a review of', 'Develop a toolkit for', 'Agree national standards for', 'Train facilitators in', 'Report to the board on'];
const subjects = ['crisis resolution', 'person-centred planning', 'day services', 'transition to adult services', 'hospital discharge', 'equipment services', 'offender health', 'early intervention', 'workforce planning', 'joint commissioning', 'care pathways', 'user involvement', 'outcome measures', 'carers’ support'];
const workstreamNames = ['Service improvement', 'Workforce development', 'Commissioning support', 'Regional delivery', 'Policy into practice', 'Evidence and learning', 'Partnership working', 'Performance and quality'];

interface Plan {
  title: string;
  kind: 'business plan' | 'management plan';
  year: string;
  directorate: string;
  /** The programme whose plan it is, if any; deliverables mostly involve it. */
  home: string | null;
  workstreams: string[];
}

/**
 * The plans of one year. Each is issued by the unit whose plan it is: the partnership as a whole for
 * the business plan and joint plans, a programme or a regional centre for its headline management
 * plan, and the corporate unit for its own.
 */
function plansFor(random: Random, yearIndex: number): Plan[] {
  const year = planYears[yearIndex]!;
  const plan = (title: string, kind: Plan['kind'], directorate: string, home: string | null): Plan => ({ title, kind, year, directorate, home, workstreams: [] });
  const plans: Plan[] = [plan(`Business plan ${year}`, 'business plan', organisationUnit.name, null)];
  for (const p of programmes) plans.push(plan(`${p.name}: headline management plan ${year}`, 'management plan', p.name, p.shortName));
  for (const r of regions) plans.push(plan(`${r.name} development centre: headline management plan ${year}`, 'management plan', r.name, null));
  plans.push(plan(`${corporateUnit.name}: management plan ${year}`, 'management plan', corporateUnit.name, null));
  // Joint plans, more of them each year: the programmes start planning together.
  const joint = ['transitions from children’s to adult services', 'dual diagnosis', 'older people’s mental health', 'offender mental health', 'employment and inclusion', 'commissioning support', 'workforce for integrated care', 'carers'];
  for (let i = 0; plans.length < plansPerYear[yearIndex]!; i++) plans.push(plan(`Joint plan: ${joint[i]} ${year}`, 'management plan', organisationUnit.name, null));
  for (const plan of plans) {
    const names = [...workstreamNames];
    const count = random.int(2, 4);
    for (let i = 0; i < count; i++) plan.workstreams.push(names.splice(random.int(0, names.length - 1), 1)[0]!);
  }
  return plans;
}

function programmesFor(random: Random, plan: Plan, yearIndex: number): string[] {
  const all = programmes.map((p) => p.shortName as string);
  const chosen = new Set<string>([plan.home ?? random.pick(all)]);
  if (plan.title.startsWith('Joint plan')) chosen.add(random.pick(all));
  while (random.chance(sharedChance[yearIndex]!) && chosen.size < 4) chosen.add(random.pick(all));
  return [...chosen];
}

function themesFor(random: Random, programmeNames: string[]): string[] {
  const chosen = new Set<string>();
  const count = random.chance(0.15) ? 0 : random.int(1, 2);
  for (let i = 0; i < count; i++) chosen.add(random.chance(0.6) ? random.pick(leanings[random.pick(programmeNames)] ?? themes) : random.pick(themes));
  return [...chosen];
}

function statusFor(random: Random, yearIndex: number): string {
  const roll = random.next();
  if (yearIndex === 0) return roll < 0.65 ? 'done' : roll < 0.8 ? 'ongoing' : 'dropped';
  if (yearIndex === 1) return roll < 0.35 ? 'done' : roll < 0.8 ? 'ongoing' : roll < 0.9 ? 'planned' : 'dropped';
  return roll < 0.1 ? 'done' : roll < 0.5 ? 'ongoing' : 'planned';
}

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The plan file: one row per deliverable, programmes by short name as the organisation writes them. */
export function demoPlanFile(random: Random): string {
  const rows = [['plan', 'plan year', 'plan kind', 'workstream', 'directorate', 'deliverable', 'programmes', 'themes', 'status']];
  planYears.forEach((_, yearIndex) => {
    const plans = plansFor(random, yearIndex);
    // Every plan gets at least two deliverables; the rest go to plans at random.
    const counts = plans.map(() => 2);
    for (let left = deliverablesPerYear[yearIndex]! - plans.length * 2; left > 0; left--) counts[random.int(0, plans.length - 1)]! += 1;
    plans.forEach((plan, planIndex) => {
      for (let i = 0; i < counts[planIndex]!; i++) {
        const involved = programmesFor(random, plan, yearIndex);
        const workstream = plan.workstreams[i % plan.workstreams.length]!;
        const text = `${random.pick(actions)} ${random.pick(subjects)}${random.chance(0.3) ? ` in ${random.pick(regions).name}` : ''}`;
        rows.push([plan.title, plan.year, plan.kind, workstream, plan.directorate, text, involved.join('; '), themesFor(random, involved).join('; '), statusFor(random, yearIndex)]);
      }
    });
  });
  return rows.map((row) => row.map(quote).join(',')).join('\n');
}

export const plansStep: DemoStep = {
  name: 'plans',
  async run({ db, evaluationId, leadUserId, random }) {
    const result = await importPlans(db, leadUserId, evaluationId, { fileName: 'plans-2005-2008.csv', content: Buffer.from(demoPlanFile(random)) });
    // The catalogue of methods, each linked to some deliverables that used it.
    await addCommonMethods(db, leadUserId, evaluationId);
    const deliverables = await db.selectFrom('deliverables').select('id').where('evaluation_id', '=', evaluationId).orderBy('plan_year').orderBy('position').orderBy('id').execute();
    let links = 0;
    for (const method of await listMethods(db, evaluationId)) {
      const used = new Set<string>();
      const count = random.int(3, 12);
      while (used.size < count) used.add(random.pick(deliverables).id);
      links += await linkMethodToDeliverables(db, leadUserId, evaluationId, method.id, [...used]);
    }
    return { plans: result.plans, deliverables: result.deliverables, methodLinks: links };
  },
};
