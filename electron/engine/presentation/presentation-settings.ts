// Presentation mode's settings: the operator's brand colour, logo and title, kept in the settings
// document's `presentation` section. Whether presentation mode is on is the page's own state, not this.
import { PresentationSchema, type Presentation } from '../../../shared/presentation-contract';
import { saveSettings, type SettingsBackend } from '../profiles/settings-store';

export class PresentationSettings {
  private current: Presentation;

  constructor(
    private readonly backend: SettingsBackend,
    initial: Presentation,
    private readonly onChange?: (presentation: Presentation) => void,
  ) {
    this.current = initial;
  }

  get(): Presentation {
    return this.current;
  }

  save(input: Presentation): Presentation {
    const next = PresentationSchema.parse(input);
    saveSettings(this.backend, { presentation: next });
    this.current = next;
    this.onChange?.(next);
    return next;
  }
}
