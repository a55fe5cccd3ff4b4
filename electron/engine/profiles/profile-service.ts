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
import { SANDBOX_REGION_ID } from '../../../shared/regions';
import { loadSettings, saveSettings, type LoadedSettings, type SettingsBackend } from './settings-store';
import type { SecretVault } from './secret-vault';
import { ConsoleError } from '../console-error';

export const SANDBOX_PROFILE_ID = 'sandbox';

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
}

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
    const parsed = ProfileInputSchema.parse(input);
    if (parsed.id === SANDBOX_PROFILE_ID) throw new ConsoleError('Forbidden', 'The sandbox profile is built in and cannot be changed.');
    if (parsed.region === SANDBOX_REGION_ID) {
      throw new ConsoleError('InvalidRequest', 'Choose a Genesys Cloud region; the sandbox region belongs to the built-in profile.');
    }
    const clash = this.profiles.find(
      (profile) => profile.name.toLowerCase() === parsed.name.toLowerCase() && profile.id !== parsed.id,
    );
    if (clash) throw new ConsoleError('Conflict', `A profile named "${clash.name}" already exists. Choose another name.`);
    const isUpdate = parsed.id !== undefined && this.profiles.some((profile) => profile.id === parsed.id);
    if (parsed.id !== undefined && !isUpdate) {
      throw new ConsoleError('NotFound', `No profile with id "${parsed.id}" to update. It may have been removed.`);
    }
    const profile = ProfileSchema.parse({ ...parsed, id: parsed.id ?? this.newId(), builtIn: false });
    const next = isUpdate
      ? this.profiles.map((existing) => (existing.id === profile.id ? profile : existing))
      : [...this.profiles, profile];
    this.commit(next);
    return profile;
  }

  remove(id: string): void {
    if (id === SANDBOX_PROFILE_ID) throw new ConsoleError('Forbidden', 'The sandbox profile is built in and cannot be removed.');
    if (!this.profiles.some((profile) => profile.id === id)) {
      throw new ConsoleError('NotFound', `No profile with id "${id}". It may already have been removed.`);
    }
    this.commit(this.profiles.filter((profile) => profile.id !== id));
    this.options.vault.deleteProfile(id);
  }

  setSecret(profileId: string, kind: SecretKind, value: string): SecretStatus {
    if (profileId === SANDBOX_PROFILE_ID) {
      throw new ConsoleError('Forbidden', 'The sandbox profile uses the sandbox demo credentials; there is nothing to set.');
    }
    this.get(profileId);
    if (value === '') this.options.vault.delete(profileId, kind);
    else this.options.vault.set(profileId, kind, value);
    return this.secretStatus(profileId);
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
    const sandbox = this.options.sandbox;
    if (!sandbox) return undefined;
    return ProfileSchema.parse({
      id: SANDBOX_PROFILE_ID,
      name: 'Sandbox',
      builtIn: true,
      region: SANDBOX_REGION_ID,
      webMessaging: { deploymentId: sandbox.deploymentId },
      openMessaging: { integrationId: sandbox.integrationId, clientId: sandbox.clientId, receiveMode: 'webhook' },
    });
  }

  private commit(next: Profile[]): void {
    saveSettings(this.options.backend, { profiles: next });
    this.profiles = next;
    this.options.onChange?.(this.list());
  }
}
