// The persisted settings document: profiles (and, later, personas and preferences), versioned and
// validated with zod on every load. The storage itself is a `SettingsBackend` — `conf` under plain
// Node, `electron-store` (which is built on conf: same file, same format) in the desktop app.
// A file that cannot be read is set aside next to the original, never silently discarded.
import { z } from 'zod';
import { ProfileSchema, type Profile } from '../../../shared/contract';

export const SETTINGS_VERSION = 1;

export const SettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  profiles: z.array(z.unknown()).default([]),
});

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
  /** What went wrong while loading, in words a user can act on. */
  notices: string[];
}

/** Bring an older document up to the current version. Version 0 = the pre-versioned shape `{profiles}`. */
export function migrateSettings(document: Record<string, unknown>): Record<string, unknown> {
  const version = typeof document.schemaVersion === 'number' ? document.schemaVersion : 0;
  if (version === 0) return { ...document, schemaVersion: 1 };
  return document;
}

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
    return { profiles: [], notices };
  }
  if (raw === undefined) return { profiles: [], notices };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const movedTo = backend.quarantine('not-an-object');
    notices.push(`The settings file ${backend.location} did not hold settings; it was kept as ${movedTo ?? 'is'}.`);
    return { profiles: [], notices };
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
    return { profiles: [], notices };
  }
  const profiles: Profile[] = [];
  document.data.profiles.forEach((candidate, index) => {
    const parsed = ProfileSchema.safeParse(candidate);
    if (parsed.success && !parsed.data.builtIn) profiles.push(parsed.data);
    else if (!parsed.success) {
      const name = typeof (candidate as { name?: unknown })?.name === 'string' ? `"${(candidate as { name: string }).name}"` : `#${index + 1}`;
      notices.push(
        `Profile ${name} in the settings file is damaged and was skipped (${parsed.error.issues[0]?.message ?? 'invalid'}); ` +
          'the file keeps it until you save a change.',
      );
    }
  });
  return { profiles, notices };
}

export function saveSettings(backend: SettingsBackend, profiles: Profile[]): void {
  backend.write({ schemaVersion: SETTINGS_VERSION, profiles: profiles.filter((profile) => !profile.builtIn) });
}
