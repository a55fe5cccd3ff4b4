// The persisted settings document: profiles, saved personas and presentation settings, versioned and
// validated with zod on every load; each service saves only its own section (the others are kept). The storage itself is a `SettingsBackend` — `conf` under plain
// Node, `electron-store` (which is built on conf: same file, same format) in the desktop app.
// A file that cannot be read is set aside next to the original, never silently discarded.
import { z } from 'zod';
import { ProfileSchema, type Profile } from '../../../shared/contract';
import { SavedPersonaSchema, type SavedPersona } from '../../../shared/personas-contract';
import { PresentationSchema, type Presentation } from '../../../shared/presentation-contract';
import { AiSettingsSchema, type AiSettings } from '../../../shared/ai-contract';

/** 1: profiles. 2: + personas and presentation. 3: + the AI customer's model. */
export const SETTINGS_VERSION = 3;

export const SettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  profiles: z.array(z.unknown()).default([]),
  personas: z.array(z.unknown()).default([]),
  presentation: z.unknown().default({}),
  ai: z.unknown().default({}),
});

/** What a service may write: its own section of the document. */
export type SettingsSection = { profiles: Profile[] } | { personas: SavedPersona[] } | { presentation: Presentation } | { ai: AiSettings };

export interface SettingsBackend {
  /** The whole stored document, or undefined when there is none yet. Throws on an unreadable file. */
  read(): unknown;
  write(document: unknown): void;
  /** Move an unreadable file aside; returns where it went. */
  quarantine(reason: string): string | undefined;
  readonly location: string;
}

export interface LoadedSettings {
  profiles: Profile[];
  personas: SavedPersona[];
  presentation: Presentation;
  ai: AiSettings;
  /** What went wrong while loading, in words a user can act on. */
  notices: string[];
}

/** Bring an older document up to the current version. Version 0 = the pre-versioned shape `{profiles}`. */
export function migrateSettings(document: Record<string, unknown>): Record<string, unknown> {
  let migrated = document;
  if (typeof migrated.schemaVersion !== 'number') migrated = { ...migrated, schemaVersion: 1 };
  if (migrated.schemaVersion === 1) migrated = { ...migrated, schemaVersion: 2, personas: [], presentation: {} };
  if (migrated.schemaVersion === 2) migrated = { ...migrated, schemaVersion: 3, ai: {} };
  return migrated;
}

const defaults = (notices: string[]): LoadedSettings => ({ profiles: [], personas: [], presentation: PresentationSchema.parse({}), ai: AiSettingsSchema.parse({}), notices });

export function loadSettings(backend: SettingsBackend): LoadedSettings {
  const notices: string[] = [];
  let raw: unknown;
  try {
    raw = backend.read();
  } catch (error) {
    const movedTo = backend.quarantine('unreadable');
    notices.push(
      `The settings file ${backend.location} could not be read (${(error as Error).message}). ` +
        `It was kept as ${movedTo ?? 'is'}; the console started with default settings.`,
    );
    return defaults(notices);
  }
  if (raw === undefined) return defaults(notices);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const movedTo = backend.quarantine('not-an-object');
    notices.push(`The settings file ${backend.location} did not hold settings; it was kept as ${movedTo ?? 'is'}.`);
    return defaults(notices);
  }
  const version = (raw as Record<string, unknown>).schemaVersion;
  if (typeof version === 'number' && version > SETTINGS_VERSION) {
    notices.push(
      `The settings file was written by a newer Guest Console (settings version ${version}). ` +
        'It is read as far as possible and will not be overwritten until you change something.',
    );
  }
  const document = SettingsSchema.safeParse({ ...migrateSettings(raw as Record<string, unknown>), schemaVersion: SETTINGS_VERSION });
  if (!document.success) {
    const movedTo = backend.quarantine('invalid');
    notices.push(`The settings file had an unexpected shape; it was kept as ${movedTo ?? 'is'}.`);
    return defaults(notices);
  }
  const profiles = validEntries(document.data.profiles, ProfileSchema, 'Profile', notices).filter((profile) => !profile.builtIn);
  const personas = validEntries(document.data.personas, SavedPersonaSchema, 'Persona', notices);
  const presentation = PresentationSchema.safeParse(document.data.presentation);
  if (!presentation.success) notices.push('The presentation settings in the settings file were damaged; the defaults are used until you save them again.');
  const ai = AiSettingsSchema.safeParse(document.data.ai);
  if (!ai.success) notices.push('The AI model settings in the settings file were damaged; they are empty until you save them again.');
  return {
    profiles,
    personas,
    presentation: presentation.success ? presentation.data : PresentationSchema.parse({}),
    ai: ai.success ? ai.data : AiSettingsSchema.parse({}),
    notices,
  };
}

/** The entries that pass their schema; each damaged one is named in a notice and skipped. */
function validEntries<T>(candidates: unknown[], schema: z.ZodType<T>, label: string, notices: string[]): T[] {
  const valid: T[] = [];
  candidates.forEach((candidate, index) => {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const name = typeof (candidate as { name?: unknown })?.name === 'string' ? `"${(candidate as { name: string }).name}"` : `#${index + 1}`;
    notices.push(
      `${label} ${name} in the settings file is damaged and was skipped (${parsed.error.issues[0]?.message ?? 'invalid'}); ` +
        'the file keeps it until you save a change.',
    );
  });
  return valid;
}

/** Writes one section; the other sections are read back and kept as they are on disk. */
export function saveSettings(backend: SettingsBackend, section: SettingsSection): void {
  let current: Record<string, unknown> = {};
  try {
    const raw = backend.read();
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) current = migrateSettings(raw as Record<string, unknown>);
  } catch {
    // An unreadable file was already set aside and reported at load; write a fresh document.
  }
  const kept = { profiles: current.profiles ?? [], personas: current.personas ?? [], presentation: current.presentation ?? {}, ai: current.ai ?? {} };
  const own = 'profiles' in section ? { profiles: section.profiles.filter((profile) => !profile.builtIn) } : section;
  backend.write({ schemaVersion: SETTINGS_VERSION, ...kept, ...own });
}
