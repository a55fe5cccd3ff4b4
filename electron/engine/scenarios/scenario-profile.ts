// Which profile a scenario runs on: the one named by the CLI's --profile, the console's choice or the
// file's `profile`, matched by id or by name (case-insensitive); `sandbox` is the built-in profile.
import type { Profile } from '../../../shared/contract';

export function findProfile(profiles: readonly Profile[], wanted: string): Profile | undefined {
  const lower = wanted.trim().toLowerCase();
  return profiles.find((profile) => profile.id === wanted) ?? profiles.find((profile) => profile.name.toLowerCase() === lower);
}
