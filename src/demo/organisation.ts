import { createUnit } from '../modules/organisation/service.ts';
import type { DemoStep } from './step.ts';
import { corporateUnit, organisationUnit, programmes, regions } from './structure.ts';

/** Creates the organisation as the root, with programmes, regions and the corporate unit under it. */
export const organisationStep: DemoStep = {
  name: 'organisation',
  async run({ db, evaluationId, leadUserId }) {
    const root = await createUnit(db, leadUserId, evaluationId, { kind: 'organisation', ...organisationUnit });
    const under = { parentId: root.id };
    for (const programme of programmes) await createUnit(db, leadUserId, evaluationId, { kind: 'programme', ...programme, ...under });
    for (const region of regions) await createUnit(db, leadUserId, evaluationId, { kind: 'region', ...region, ...under });
    await createUnit(db, leadUserId, evaluationId, { kind: 'other', ...corporateUnit, ...under });
    return { programmes: programmes.length, regions: regions.length, units: programmes.length + regions.length + 2 };
  },
};
