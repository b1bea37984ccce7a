import { fillDate, type DateParts } from './dates.ts';
import { FormativePage } from './formative-page.ts';
import { PeoplePage } from './people-page.ts';

export interface PersonDetails {
  name: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
  /** The unit as the select shows it, like "Mental health (programme)". */
  unit?: string;
  region?: string;
  startedOn?: DateParts;
}

export class NewPersonPage extends FormativePage {
  readonly name = 'add-person';
  readonly heading = 'Add a person';

  /** Adds the person; the directory then opens, searched for their name. */
  async add(person: PersonDetails): Promise<PeoplePage> {
    const page = this.page;
    await page.getByLabel('Name', { exact: true }).fill(person.name);
    if (person.jobTitle !== undefined) await page.getByLabel('Job title (optional)').fill(person.jobTitle);
    if (person.email !== undefined) await page.getByLabel('E-mail address (optional)').fill(person.email);
    if (person.phone !== undefined) await page.getByLabel('Phone number (optional)').fill(person.phone);
    if (person.unit !== undefined) await page.getByLabel('Unit (optional)').selectOption({ label: person.unit });
    if (person.region !== undefined) await page.getByLabel('Region (optional)').selectOption({ label: person.region });
    if (person.startedOn) await fillDate(page.getByRole('group', { name: 'Start date (optional)' }), person.startedOn);
    await this.go(page.getByRole('button', { name: 'Add person', exact: true }));
    return new PeoplePage(page).expectLoaded();
  }
}
