import type { Locator, Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';

/** The signed-in user's account page, as far as two-step sign-in goes. */
export class AccountPage extends FormativePage {
  readonly name = 'account';
  readonly heading = 'Your account';

  static async open(page: Page): Promise<AccountPage> {
    await page.goto('/account');
    return new AccountPage(page).expectLoaded();
  }

  /** The sentence under "Two-step sign-in", like "Off: your password alone signs you in." */
  async secondFactorStatus(): Promise<string> {
    const text = await this.page.locator('#second-factor + p').textContent();
    return (text ?? '').replace(/\s+/g, ' ').trim();
  }

  async manageSecondFactor(): Promise<ManageSecondFactorPage> {
    await this.go(this.page.getByRole('link', { name: 'Manage two-step sign-in' }));
    return new ManageSecondFactorPage(this.page).expectLoaded();
  }

  async setUpSecondFactor(): Promise<SetUpSecondFactorPage> {
    await this.go(this.page.getByRole('link', { name: 'Set up two-step sign-in' }));
    return new SetUpSecondFactorPage(this.page).expectLoaded();
  }
}

export class SetUpSecondFactorPage extends FormativePage {
  readonly name = 'second-factor-set-up';
  readonly heading = 'Set up two-step sign-in';

  /** The key shown as text for typing into an app, without the spaces between its groups. */
  async key(): Promise<string> {
    return ((await this.page.locator('#secret-key').textContent()) ?? '').replace(/\s+/g, '');
  }

  get qrCode(): Locator {
    return this.page.getByRole('img', { name: 'QR code for adding Formative to an authenticator app' });
  }

  get code(): Locator {
    return this.page.getByLabel('Code from your app');
  }

  async submitExpectingErrors(code: string): Promise<SetUpSecondFactorPage> {
    await this.code.fill(code);
    await this.go(this.page.getByRole('button', { name: 'Turn on two-step sign-in' }));
    return new SetUpSecondFactorPage(this.page).expectLoaded();
  }

  async turnOn(code: string): Promise<RecoveryCodesPage> {
    await this.code.fill(code);
    await this.go(this.page.getByRole('button', { name: 'Turn on two-step sign-in' }));
    return new RecoveryCodesPage(this.page).expectLoaded();
  }
}

export class RecoveryCodesPage extends FormativePage {
  readonly name = 'second-factor-recovery-codes';
  readonly heading = 'Two-step sign-in is on';

  async codes(): Promise<string[]> {
    return this.page.locator('#recovery-codes li').allTextContents();
  }

  async continueToAccount(): Promise<AccountPage> {
    await this.go(this.page.getByRole('link', { name: 'Continue to your account' }));
    return new AccountPage(this.page).expectLoaded();
  }
}

/** The page between a right password and a right code. */
export class SignInCodePage extends FormativePage {
  readonly name = 'sign-in-second-factor';
  readonly heading = 'Enter the code from your app';

  get code(): Locator {
    return this.page.getByLabel('Enter the code from your app');
  }

  /** Sends a code; the caller says which page it expects next. */
  async submit(code: string): Promise<void> {
    await this.code.fill(code);
    await this.go(this.page.getByRole('button', { name: 'Continue' }));
  }

  async submitExpectingErrors(code: string): Promise<SignInCodePage> {
    await this.submit(code);
    return new SignInCodePage(this.page).expectLoaded();
  }
}

/** Two-step sign-in when it is on: its state, and the form that turns it off. */
export class ManageSecondFactorPage extends FormativePage {
  readonly name = 'second-factor';
  readonly heading = 'Two-step sign-in';

  async recoveryCodesLeft(): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row', { hasText: 'Recovery codes left' });
    return ((await row.locator('dd').textContent()) ?? '').trim();
  }

  async turnOffExpectingErrors(password: string, code: string): Promise<ManageSecondFactorPage> {
    await this.fillAndSend(password, code);
    return new ManageSecondFactorPage(this.page).expectLoaded();
  }

  async turnOff(password: string, code: string): Promise<AccountPage> {
    await this.fillAndSend(password, code);
    return new AccountPage(this.page).expectLoaded();
  }

  private async fillAndSend(password: string, code: string): Promise<void> {
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Code from your app').fill(code);
    await this.go(this.page.getByRole('button', { name: 'Turn off two-step sign-in' }));
  }
}
