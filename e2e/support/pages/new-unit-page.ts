import { FormativePage } from './formative-page.ts';
import { UnitsPage } from './units-page.ts';

export interface UnitDetails {
  /** The kind as the radios name it: "Programme", "Region", "Team" ... */
  kind: string;
  name: string;
  shortName?: string;
  /** The parent as the select shows it, like "Mental health (programme)". */
  partOf?: string;
}

export class NewUnitPage extends FormativePage {
  readonly name = 'add-unit';
  readonly heading = 'Add a unit';

  async add(unit: UnitDetails): Promise<UnitsPage> {
    await this.page.getByRole('group', { name: 'Kind of unit' }).getByLabel(unit.kind, { exact: true }).check();
    await this.page.getByLabel('Name', { exact: true }).fill(unit.name);
    if (unit.shortName !== undefined) await this.page.getByLabel('Short name (optional)').fill(unit.shortName);
    if (unit.partOf !== undefined) await this.page.getByLabel('Part of', { exact: true }).selectOption({ label: unit.partOf });
    await this.go(this.page.getByRole('button', { name: 'Add unit', exact: true }));
    return new UnitsPage(this.page).expectLoaded();
  }
}
