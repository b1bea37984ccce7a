import type { Locator, Page } from 'playwright-core';
import { FormativePage } from './formative-page.ts';
import { EvaluationsPage } from './evaluations-page.ts';

export class SignInPage extends FormativePage {
  readonly name = 'sign-in';
  readonly heading = 'Sign in to Formative';

  /** Opens the sign-in page, signed out; `next` is where it should go afterwards. */
  static async open(page: Page, next?: string): Promise<SignInPage> {
    await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
    return new SignInPage(page).expectLoaded();
  }

  get email(): Locator {
    return this.page.getByLabel('E-mail address', { exact: true });
  }

  get password(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }

  /** Fills the form and sends it; the caller says which page it expects next. */
  async submit(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.go(this.page.getByRole('button', { name: 'Sign in', exact: true }));
  }

  async submitExpectingErrors(email: string, password: string): Promise<SignInPage> {
    await this.submit(email, password);
    return new SignInPage(this.page).expectLoaded();
  }

  async signIn(email: string, password: string): Promise<EvaluationsPage> {
    await this.submit(email, password);
    return new EvaluationsPage(this.page).expectLoaded();
  }
}
