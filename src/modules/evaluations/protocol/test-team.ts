import type { Database } from '../../../db/database.ts';
import type { BuiltApp } from '../../../http/app.ts';
import { addUser, TestBrowser } from '../../../../test/app.ts';
import type { Role } from '../../../http/access.ts';
import type { User } from '../../accounts/service.ts';
import { createApiToken } from '../../accounts/service.ts';
import { createEvaluation, setMember } from '../service.ts';

/** A member of the test evaluation, signed in both ways: a browser session and an API token. */
export interface TestMember {
  user: User;
  token: string;
  browser: TestBrowser;
}

export interface TestTeam {
  evaluation: { id: string; slug: string };
  lead: TestMember;
  researcher: TestMember;
  coder: TestMember;
  viewer: TestMember;
  /** A signed-in user who is a member of another evaluation only. */
  outsider: TestMember;
  /** The other evaluation, the outsider's own. */
  other: { id: string; slug: string };
  /** Where the evaluation's protocol pages are. */
  base: string;
}

async function signedIn(database: Database, built: BuiltApp, user: User): Promise<TestMember> {
  const browser = new TestBrowser(built.app);
  await browser.signIn(user);
  return { user, token: (await createApiToken(database.db, user.id, 'test')).token, browser };
}

/** An evaluation with one member of each role, and an outsider with an evaluation of their own. */
export async function setUpTeam(database: Database, built: BuiltApp, slug: string): Promise<TestTeam> {
  const leadUser = await addUser(database, 'Lena Lead');
  const evaluation = await createEvaluation(database.db, leadUser.id, { title: `Evaluation ${slug}`, slug });
  const members: Partial<Record<Role, TestMember>> = { lead: await signedIn(database, built, leadUser) };
  const names: Record<Exclude<Role, 'lead'>, string> = { researcher: 'Rita Researcher', coder: 'Colin Coder', viewer: 'Vera Viewer' };
  for (const role of ['researcher', 'coder', 'viewer'] as const) {
    const user = await addUser(database, names[role]);
    await setMember(database.db, leadUser.id, evaluation.id, { email: user.email, role });
    members[role] = await signedIn(database, built, user);
  }
  const outsiderUser = await addUser(database, 'Otto Outsider');
  const other = await createEvaluation(database.db, outsiderUser.id, { title: `Other of ${slug}`, slug: `${slug}-other` });
  return {
    evaluation: { id: evaluation.id, slug: evaluation.slug },
    lead: members.lead!,
    researcher: members.researcher!,
    coder: members.coder!,
    viewer: members.viewer!,
    outsider: await signedIn(database, built, outsiderUser),
    other: { id: other.id, slug: other.slug },
    base: `/evaluations/${evaluation.slug}/protocol`,
  };
}

/**
 * Posts a form whose fields may repeat (checkboxes), as a browser does: `TestBrowser.post` takes
 * one value per name.
 */
export async function postFields(built: BuiltApp, member: TestMember, url: string, fields: [string, string][], tokenFrom: string) {
  const token = await member.browser.csrfToken(tokenFrom);
  const payload = new URLSearchParams([...fields, ['_csrf', token]]).toString();
  return built.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: member.browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
}
