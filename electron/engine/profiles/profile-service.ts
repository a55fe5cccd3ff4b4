// Profiles as the console sees them: the built-in sandbox profile first and always present, then the
// user's real-org profiles, persisted through the settings store. Secrets go to the vault and only
// their status ("set" / "not set") ever comes back out.
import { randomUUID } from 'node:crypto';
import {
  ProfileInputSchema,
  ProfileSchema,
  type Profile,
  type ProfileInput,
  type SecretKind,
  type SecretStatus,
} from '../../../shared/contract';
import { CUSTOM_REGION_ID, customHosts, SANDBOX_PROFILE_ID, SANDBOX_REGION_ID } from '../../../shared/regions';
import { loadSettings, saveSettings, type LoadedSettings, type SettingsBackend } from './settings-store';
import type { NamedSecret, SecretVault } from './secret-vault';
import { ConsoleError } from '../console-error';

export { SANDBOX_PROFILE_ID };

export interface SandboxEndpoints {
  deploymentId: string;
  integrationId: string;
  clientId: string;
}

export interface ProfileServiceOptions {
  backend: SettingsBackend;
  vault: SecretVault;
  sandbox: SandboxEndpoints | null;
  /** The settings document when the caller has already loaded it (the engine shares one load). */
  loaded?: LoadedSettings;
  newId?: () => string;
  onChange?: (profiles: Profile[]) => void;
  /** A secret was set or removed: whoever hides secret values reads `secretValues()` again. */
  onSecretsChange?: () => void;
}

const SECRET_WORDS: Record<SecretKind, string> = { clientSecret: 'client secret', webhookSecret: 'webhook secret' };

export class ProfileService {
  private profiles: Profile[];
  readonly notices: string[];
  private readonly newId: () => string;

  constructor(private readonly options: ProfileServiceOptions) {
    const loaded = options.loaded ?? loadSettings(options.backend);
    this.profiles = loaded.profiles;
    this.notices = loaded.notices;
    this.newId = options.newId ?? randomUUID;
  }

  list(): Profile[] {
    const sandbox = this.sandboxProfile();
    return sandbox ? [sandbox, ...this.profiles] : [...this.profiles];
  }

  get(id: string): Profile {
    const profile = this.list().find((candidate) => candidate.id === id);
    if (!profile) throw new ConsoleError('NotFound', `No profile with id "${id}". It may have been removed; pick another profile.`);
    return profile;
  }

  save(input: ProfileInput): Profile {
    const { profile, isUpdate } = this.prepare(input, this.profiles);
    const next = isUpdate
      ? this.profiles.map((existing) => (existing.id === profile.id ? profile : existing))
      : [...this.profiles, profile];
    this.commit(next);
    return profile;
  }

  /**
   * New profiles with one settings write (an import): an id in an entry is ignored; each entry is checked
   * as `save` checks it, against the entries before it too; those that fail come back with their error.
   */
  addAll(inputs: readonly unknown[]): { added: Profile[]; refused: { index: number; error: unknown }[] } {
    const next = [...this.profiles];
    const added: Profile[] = [];
    const refused: { index: number; error: unknown }[] = [];
    inputs.forEach((input, index) => {
      try {
        const { id: _id, ...settings } = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
        const { profile } = this.prepare(settings, next);
        next.push(profile);
        added.push(profile);
      } catch (error) {
        refused.push({ index, error });
      }
    });
    if (added.length > 0) this.commit(next);
    return { added, refused };
  }

  private prepare(input: unknown, existing: readonly Profile[]): { profile: Profile; isUpdate: boolean } {
    const parsed = ProfileInputSchema.parse(input);
    if (parsed.id === SANDBOX_PROFILE_ID) throw new ConsoleError('Forbidden', 'The sandbox profile is built in and cannot be changed.');
    if (parsed.region === SANDBOX_REGION_ID) {
      throw new ConsoleError('InvalidRequest', 'Choose a Genesys Cloud region; the sandbox region belongs to the built-in profile.');
    }
    if (parsed.region === CUSTOM_REGION_ID) {
      const hosts = customHosts(parsed.customHost);
      if (!hosts.ok) throw new ConsoleError('InvalidRequest', hosts.problem, [{ path: 'customHost', message: hosts.problem }]);
    }
    const clash = existing.find((profile) => profile.name.toLowerCase() === parsed.name.toLowerCase() && profile.id !== parsed.id);
    if (clash) throw new ConsoleError('Conflict', `A profile named "${clash.name}" already exists. Choose another name.`);
    const isUpdate = parsed.id !== undefined && existing.some((profile) => profile.id === parsed.id);
    if (parsed.id !== undefined && !isUpdate) {
      throw new ConsoleError('NotFound', `No profile with id "${parsed.id}" to update. It may have been removed.`);
    }
    // A custom host is kept only with the custom region, so a profile moved back to a region holds no stale one.
    const customHost = parsed.region === CUSTOM_REGION_ID ? parsed.customHost : '';
    return { profile: ProfileSchema.parse({ ...parsed, customHost, id: parsed.id ?? this.newId(), builtIn: false }), isUpdate };
  }

  remove(id: string): void {
    if (id === SANDBOX_PROFILE_ID) throw new ConsoleError('Forbidden', 'The sandbox profile is built in and cannot be removed.');
    if (!this.profiles.some((profile) => profile.id === id)) {
      throw new ConsoleError('NotFound', `No profile with id "${id}". It may already have been removed.`);
    }
    this.commit(this.profiles.filter((profile) => profile.id !== id));
    this.options.vault.deleteProfile(id);
    this.options.onSecretsChange?.();
  }

  setSecret(profileId: string, kind: SecretKind, value: string): SecretStatus {
    if (profileId === SANDBOX_PROFILE_ID) {
      throw new ConsoleError('Forbidden', 'The sandbox profile uses the sandbox demo credentials; there is nothing to set.');
    }
    this.get(profileId);
    if (value === '') this.options.vault.delete(profileId, kind);
    else this.options.vault.set(profileId, kind, value);
    this.options.onSecretsChange?.();
    return this.secretStatus(profileId);
  }

  /** Every secret the vault holds for the user's profiles, named by kind and profile. */
  secretValues(): NamedSecret[] {
    return this.profiles.flatMap((profile) =>
      (['clientSecret', 'webhookSecret'] as const).flatMap((kind) => {
        const value = this.options.vault.get(profile.id, kind);
        return value ? [{ value, name: `the ${SECRET_WORDS[kind]} of the profile "${profile.name}"` }] : [];
      }),
    );
  }

  secretStatus(profileId: string): SecretStatus {
    this.get(profileId);
    const vault = this.options.vault;
    const isSet = (kind: SecretKind) =>
      profileId === SANDBOX_PROFILE_ID || vault.get(profileId, kind) !== undefined ? ('set' as const) : ('not set' as const);
    return {
      profileId,
      clientSecret: isSet('clientSecret'),
      webhookSecret: isSet('webhookSecret'),
      protection: vault.protection,
      protectionNote: vault.protectionNote,
    };
  }

  private sandboxProfile(): Profile | undefined {
    return this.options.sandbox ? builtInSandboxProfile(this.options.sandbox) : undefined;
  }

  private commit(next: Profile[]): void {
    saveSettings(this.options.backend, { profiles: next });
    this.profiles = next;
    this.options.onChange?.(this.list());
  }
}

/** The built-in profile of a sandbox's demo org (the console's own; load and scenario tests run on it too). */
export function builtInSandboxProfile(org: SandboxEndpoints): Profile {
  return ProfileSchema.parse({
    id: SANDBOX_PROFILE_ID,
    name: 'Sandbox',
    builtIn: true,
    region: SANDBOX_REGION_ID,
    webMessaging: { deploymentId: org.deploymentId },
    openMessaging: { integrationId: org.integrationId, clientId: org.clientId, receiveMode: 'webhook' },
  });
}
