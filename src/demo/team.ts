import { setMember } from '../modules/evaluations/service.ts';
import { demoFunder, ensureDemoUser } from './accounts.ts';
import type { DemoStep } from './step.ts';

/** Adds the funder as a viewer, to show what someone outside the team sees. */
export const teamStep: DemoStep = {
  name: 'team',
  async run({ db, evaluationId, leadUserId }) {
    await ensureDemoUser(db, demoFunder);
    await setMember(db, leadUserId, evaluationId, { email: demoFunder.email, role: demoFunder.role });
    return { members: 2 };
  },
};
