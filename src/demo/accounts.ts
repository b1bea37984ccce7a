import type { Db } from '../db/database.ts';
import { createUser, findUserByEmail, type User } from '../modules/accounts/service.ts';

/**
 * The demo's sign-ins. The password is fixed and printed on purpose: the demo is for trying
 * Formative out, and holds only fictional data.
 */
export const DEMO_PASSWORD = 'formative-demo-2005';

export interface DemoAccount {
  email: string;
  name: string;
  role: 'lead' | 'viewer';
  /** What the account is for, in the words the demo prints. */
  purpose: string;
}

export const demoLead: DemoAccount = {
  email: 'demo@formative.test',
  name: 'Demo Lead',
  role: 'lead',
  purpose: 'the evaluation lead: sees and changes everything',
};

export const demoFunder: DemoAccount = {
  email: 'funder@formative.test',
  name: 'Demo Funder',
  role: 'viewer',
  purpose: 'the funder: sees only what the lead has released',
};

export const demoAccounts: readonly DemoAccount[] = [demoLead, demoFunder];

/** The account's user, created with the demo password unless someone already holds its e-mail. */
export async function ensureDemoUser(db: Db, account: DemoAccount): Promise<User> {
  const existing = await findUserByEmail(db, account.email);
  return existing ?? createUser(db, { email: account.email, name: account.name, password: DEMO_PASSWORD });
}
