// Profiles as a file a tester can hand to a colleague: every real-org profile's settings, never a secret
// (the vault is not even consulted). Importing creates new profiles with one settings write, at most
// MAX_PROFILES_PER_IMPORT per file; a name already in use, or an entry that does not validate, is skipped
// with the reason, and the secrets must be set again on this machine.
import { z } from 'zod';
import type { ProfileImportResult } from '../../../shared/profile-files-contract';
import type { ExportedFile } from '../../../shared/transcripts-contract';
import { ConsoleError } from '../console-error';
import type { ProfileService } from './profile-service';

export const PROFILES_FILE_FORMAT = 'guest-console-profiles';
/** Tens of orgs and environments is a large team; the cap keeps one import to one quick settings write. */
export const MAX_PROFILES_PER_IMPORT = 500;

const ExportDocumentSchema = z.object({
  format: z.literal(PROFILES_FILE_FORMAT, { error: 'This is not a Guest Console profiles file.' }),
  version: z.literal(1),
  profiles: z.array(z.unknown()),
});

export function exportProfiles(profiles: ProfileService, now: Date): ExportedFile {
  const exported = profiles
    .list()
    .filter((profile) => !profile.builtIn)
    .map(({ name, region, customHost, webMessaging, openMessaging }) => ({ name, region, ...(customHost ? { customHost } : {}), webMessaging, openMessaging }));
  const document = { format: PROFILES_FILE_FORMAT, version: 1, exportedAt: now.toISOString(), note: 'Secrets are not included; set them again after importing.', profiles: exported };
  return {
    fileName: `guest-console-profiles-${now.toISOString().slice(0, 10)}.json`,
    mime: 'application/json',
    content: `${JSON.stringify(document, null, 2)}\n`,
  };
}

export function importProfiles(profiles: ProfileService, content: string): ProfileImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new ConsoleError('InvalidRequest', 'The file is not JSON. Choose a file exported with "Export profiles".');
  }
  const document = ExportDocumentSchema.safeParse(parsed);
  if (!document.success) throw new ConsoleError('InvalidRequest', 'This is not a Guest Console profiles file. Choose a file exported with "Export profiles".');
  const entries = document.data.profiles;
  if (entries.length > MAX_PROFILES_PER_IMPORT) {
    throw new ConsoleError(
      'InvalidRequest',
      `The file holds ${entries.length} profiles; one import takes at most ${MAX_PROFILES_PER_IMPORT}. Split it into smaller files and import them one by one.`,
    );
  }
  // Only settings are taken over: an id or a built-in flag in the file is ignored. One settings write for all.
  const { added, refused } = profiles.addAll(entries);
  return {
    imported: added.map((profile) => profile.name),
    skipped: refused.map(({ index, error }) => {
      const entry = entries[index] as { name?: unknown } | null;
      const name = typeof entry?.name === 'string' ? entry.name : `#${index + 1}`;
      const reason = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid') : (error as Error).message;
      return { name, reason };
    }),
  };
}
