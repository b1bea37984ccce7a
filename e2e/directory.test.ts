import { describe, expect, it } from 'vitest';
import { createEvaluation } from '../src/modules/evaluations/service.ts';
import { createUnit, searchPeople } from '../src/modules/organisation/service.ts';
import { backends } from '../test/databases.ts';
import { testPassword } from '../test/app.ts';
import { useBrowser } from './support/browser.ts';
import { useServer } from './support/server.ts';
import { SignInPage } from './support/pages/sign-in-page.ts';
import { DirectoryImportPage } from './support/pages/directory-pages.ts';

const browser = useBrowser();

// A directory as it arrives: a byte-order mark, semicolons, names written three ways, a gap, a short name for the unit.
const messy = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from(['Full name;Email;Team;Verified', 'John Smith;john.smith@example.org;MH;01/02/2006', '"Smith, John";;Mental health;2004-02-01', 'Ann Lee;ann@example.org;;1 June 2005', ''].join('\r\n')),
]);

describe.each(backends)('importing and cleaning a staff directory in a browser, on $name', (backend) => {
  const server = useServer(backend);

  it('uploads a messy CSV, maps its columns, previews, commits and merges a double entry', async () => {
    const user = await server.addUser('Rita Researcher');
    const evaluation = await createEvaluation(server.database.db, user.id, { title: 'Directory clean-up', slug: 'clean-up' });
    await createUnit(server.database.db, user.id, evaluation.id, { kind: 'programme', name: 'Mental health', shortName: 'MH' });
    const page = await browser.newPage({ baseURL: server.baseUrl });
    await (await SignInPage.open(page)).signIn(user.email, testPassword);

    const upload = await DirectoryImportPage.open(page, 'clean-up');
    const mapping = await upload.upload({ name: 'staff.csv', buffer: messy });
    expect(await mapping.readAs()).toContain('UTF-8 text separated by semicolons: 4 columns and 3 rows of people');
    expect(await mapping.chosen('Name')).toBe('Full name');
    expect(await mapping.chosen('Unit (optional)')).toBe('Team');

    const unmapped = await mapping.chooseExpectingErrors({ Name: 'Not in the file', 'Date last verified (optional)': 'Verified' });
    expect(await unmapped.summaryErrors()).toEqual([{ text: "Choose the column that holds people's names: Name is required", href: '#name' }]);
    expect(await unmapped.fieldError(unmapped.select('Name'))).toBe("Choose the column that holds people's names: Name is required");

    const preview = await unmapped.chooseExpectingPreview({ Name: 'Full name', 'Date last verified (optional)': 'Verified' });
    expect(await preview.counts()).toMatchObject({ 'Rows in the file': '3', 'New people': '3', Changed: '0' });
    expect((await preview.firstRows()).map((row) => [row.Name, row.Unit, row['Date last verified']])).toEqual([
      ['John Smith', 'Mental health', '2006-02-01'],
      ['Smith, John', 'Mental health', '2004-02-01'],
      ['Ann Lee', '', '2005-06-01'],
    ]);
    expect((await searchPeople(server.database.db, evaluation.id)).total, 'nothing is stored before the commit').toBe(0);

    const result = await preview.importDirectory();
    const cleaning = await result.reviewFindings();
    expect(await cleaning.navigation.current()).toBe('Directory cleaning');
    const doubles = await cleaning.filter('Double entries');
    const [pair] = await doubles.findings();
    expect(pair).toMatchObject({ Kind: 'Double entries', Score: '0.80' });
    expect(pair!.Why).toBe('same first name and surname; one written surname first; same unit');

    const finding = await doubles.open(pair!.Entries!);
    const noReason = await finding.decideExpectingErrors({ what: 'Merge: they are one person', entry: 'John Smith (john.smith@example.org)', reason: '' });
    expect(await noReason.summaryErrors()).toEqual([{ text: 'Give a short reason for the decision', href: '#reason' }]);
    const queue = await noReason.decideExpectingQueue({ what: 'Merge: they are one person', entry: 'John Smith (john.smith@example.org)', reason: 'Same person: the older entry came from the old team list' });
    expect(await queue.banner()).toContain('Decision recorded: merged');
    expect(await queue.findings()).toEqual([]);
    const directory = await searchPeople(server.database.db, evaluation.id);
    const kept = directory.people.find((p) => p.name === 'John Smith')!;
    expect(kept.lastVerifiedOn).toBe('2006-02-01');
  });
});
