import { fillDate, type DateParts } from './dates.ts';
import { FormativePage } from './formative-page.ts';
import { FramePage } from './frame-page.ts';

export interface FrameDetails {
  name: string;
  /** The wave as the select shows it, like "Year 1". */
  wave?: string;
  asOf?: DateParts;
  requireEmail?: boolean;
}

/** The form that freezes a sampling frame from the staff directory. */
export class FreezeFramePage extends FormativePage {
  readonly name = 'freeze-frame';
  readonly heading = 'Freeze a sampling frame';

  async freeze(frame: FrameDetails): Promise<FramePage> {
    const page = this.page;
    await page.getByLabel('Name', { exact: true }).fill(frame.name);
    if (frame.wave !== undefined) await page.getByLabel('Wave (optional)').selectOption({ label: frame.wave });
    if (frame.asOf) await fillDate(page.getByRole('group', { name: 'Frame date (optional)' }), frame.asOf);
    if (frame.requireEmail) await page.getByLabel('Leave out people with no e-mail address').check();
    await this.go(page.getByRole('button', { name: 'Freeze the frame', exact: true }));
    return new FramePage(page, frame.name).expectLoaded();
  }
}
