// Saved personas: who the guest is (name, avatar, contact details, language, custom attributes) plus the
// quick-message snippets the tester sends as that persona. Kept in the settings document's `personas`
// section; names are unique (case-insensitive) so the composer can find a conversation's snippets by name.
import { randomUUID } from 'node:crypto';
import { PersonaInputSchema, SavedPersonaSchema, type PersonaInput, type SavedPersona } from '../../../shared/personas-contract';
import { ConsoleError } from '../console-error';
import { saveSettings, type SettingsBackend } from '../profiles/settings-store';

export interface PersonaServiceOptions {
  backend: SettingsBackend;
  /** The personas read with the rest of the settings document. */
  initial: SavedPersona[];
  newId?: () => string;
  onChange?: (personas: SavedPersona[]) => void;
}

export class PersonaService {
  private personas: SavedPersona[];
  private readonly newId: () => string;

  constructor(private readonly options: PersonaServiceOptions) {
    this.personas = [...options.initial];
    this.newId = options.newId ?? randomUUID;
  }

  list(): SavedPersona[] {
    return [...this.personas];
  }

  save(input: PersonaInput): SavedPersona {
    const parsed = PersonaInputSchema.parse(input);
    const clash = this.personas.find((persona) => persona.name.toLowerCase() === parsed.name.toLowerCase() && persona.id !== parsed.id);
    if (clash) throw new ConsoleError('Conflict', `A persona named "${clash.name}" already exists. Choose another name.`);
    const isUpdate = parsed.id !== undefined && this.personas.some((persona) => persona.id === parsed.id);
    if (parsed.id !== undefined && !isUpdate) throw new ConsoleError('NotFound', `No persona with id "${parsed.id}" to update. It may have been removed.`);
    const persona = SavedPersonaSchema.parse({ ...parsed, id: parsed.id ?? this.newId() });
    this.commit(isUpdate ? this.personas.map((existing) => (existing.id === persona.id ? persona : existing)) : [...this.personas, persona]);
    return persona;
  }

  remove(id: string): void {
    if (!this.personas.some((persona) => persona.id === id)) throw new ConsoleError('NotFound', 'That persona was already removed.');
    this.commit(this.personas.filter((persona) => persona.id !== id));
  }

  private commit(next: SavedPersona[]): void {
    saveSettings(this.options.backend, { personas: next });
    this.personas = next;
    this.options.onChange?.(this.list());
  }
}
