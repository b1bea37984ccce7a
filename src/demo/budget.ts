import { addBudgetLine, listUnits } from '../modules/organisation/service.ts';
import type { DemoStep } from './step.ts';
import { corporateUnit, type ProgrammeName } from './structure.ts';

export const DEMO_FINANCIAL_YEAR = '2005/06';

/**
 * The 2005/06 budget in thousands of pounds, split as unevenly as the design describes: the mental
 * health programme holds about 61% of the whole.
 */
export const demoBudget: readonly { unit: ProgrammeName | typeof corporateUnit.name; amountThousands: number }[] = [
  { unit: corporateUnit.name, amountThousands: 810 },
  { unit: 'Mental Health Institute', amountThousands: 24_191 },
  { unit: 'Valuing People Support Team', amountThousands: 2_800 },
  { unit: 'Change Agent Team', amountThousands: 2_541 },
  { unit: 'Integrated Care Network', amountThousands: 500 },
  { unit: 'Change for Children', amountThousands: 1_475 },
  { unit: 'Integrated Community Equipment Support', amountThousands: 600 },
  { unit: 'Child and Adolescent Mental Health Support Service', amountThousands: 1_400 },
  { unit: 'Health in Criminal Justice', amountThousands: 5_130 },
];

export const budgetStep: DemoStep = {
  name: 'budget',
  async run({ db, evaluationId, leadUserId }) {
    const unitIds = new Map((await listUnits(db, evaluationId)).map((unit) => [unit.name, unit.id]));
    for (const line of demoBudget) {
      const unitId = unitIds.get(line.unit);
      if (!unitId) throw new Error(`The budget line "${line.unit}" has no unit: run the organisation step first`);
      await addBudgetLine(db, leadUserId, evaluationId, { financialYear: DEMO_FINANCIAL_YEAR, label: line.unit, amountThousands: line.amountThousands, unitId });
    }
    return { budgetLines: demoBudget.length };
  },
};
