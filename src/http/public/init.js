// Progressive enhancement only: every page works without this file.
import {
  Accordion,
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  NotificationBanner,
  PasswordInput,
  Radios,
  ServiceNavigation,
  SkipLink,
  Tabs,
  createAll,
} from '/assets/govuk/govuk-frontend.min.js';

// GOV.UK Frontend marks a radio or checkbox that reveals more questions with aria-expanded, which
// ARIA 1.2 does not allow on those roles (axe: aria-allowed-attr). The revealed questions follow
// their option in reading order, so the state is kept by the page itself and the attribute goes.
class RevealingRadios extends Radios {
  syncConditionalRevealWithInputState(input) {
    super.syncConditionalRevealWithInputState(input);
    input.removeAttribute('aria-expanded');
  }
}

class RevealingCheckboxes extends Checkboxes {
  syncConditionalRevealWithInputState(input) {
    super.syncConditionalRevealWithInputState(input);
    input.removeAttribute('aria-expanded');
  }
}

// The same components initAll() would start, with the two above in place of their parents.
for (const Component of [
  Accordion,
  Button,
  CharacterCount,
  RevealingCheckboxes,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  NotificationBanner,
  PasswordInput,
  RevealingRadios,
  ServiceNavigation,
  SkipLink,
  Tabs,
]) {
  createAll(Component);
}
