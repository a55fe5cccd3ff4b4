// Profiles as a file a tester can hand to a colleague: every real-org profile's settings, never a secret
// (the vault is not even consulted). Importing creates new profiles; a name already in use, or an entry
// that does not validate, is skipped with the reason, and the secrets must be set again on this machine.
import { z } from 'zod';
import type { ExportedFile, ProfileImportResult } from '../../../shared/console-contract';
import { ConsoleError } from '../console-error';
import type { ProfileService } from './profile-service';

export const PROFILES_FILE_FORMAT = 'guest-console-profiles';

const ExportDocumentSchema = z.object({
  format: z.literal(PROFILES_FILE_FORMAT, { error: 'This is not a Guest Console profiles file.' }),
  version: z.literal(1),
  profiles: z.array(z.unknown()),
});

export function exportProfiles(profiles: ProfileService, now: Date): ExportedFile {
  const exported = profiles
    .list()
    .filter((profile) => !profile.builtIn)
    .map(({ name, region, webMessaging, openMessaging }) => ({ name, region, webMessaging, openMessaging }));
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
  const result: ProfileImportResult = { imported: [], skipped: [] };
  for (const [index, entry] of document.data.profiles.entries()) {
    const name = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : `#${index + 1}`;
    try {
      // Only settings are taken over: an id or a built-in flag in the file is ignored.
      const { id: _id, builtIn: _builtIn, ...settings } = entry as Record<string, unknown>;
      const saved = profiles.save(settings as Parameters<ProfileService['save']>[0]);
      result.imported.push(saved.name);
    } catch (error) {
      const reason = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid') : (error as Error).message;
      result.skipped.push({ name, reason });
    }
  }
  return result;
}
