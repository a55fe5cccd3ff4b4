// Secrets in the desktop app: encrypted with Electron safeStorage (Keychain, DPAPI, libsecret/kwallet)
// and kept as ciphertext in their own file, next to the name of the backend that encrypted them.
// Where only Linux's plain-text backend exists, secrets stay in memory for the session and the UI says so.
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { createMemoryVault, type SecretVault, type VaultKind } from '../engine/profiles/secret-vault';

type StoredSecrets = { backend: string; values: Record<string, string> };

function selectedBackend(): string {
  return process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
}

export function createSafeStorageVault(): SecretVault {
  const backend = selectedBackend();
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
    return createMemoryVault(
      'No OS keyring is available, so secrets are kept in memory for this session only and must be entered again after a restart.',
    );
  }
  const store = new Store<StoredSecrets>({ name: 'secrets', configFileMode: 0o600, defaults: { backend, values: {} } });
  const notes: string[] = [];
  if (store.get('backend') !== backend) {
    // Ciphertext from another keyring cannot be decrypted here; keep it untouched rather than destroy it.
    notes.push(`Secrets saved with the ${store.get('backend')} keyring cannot be read with ${backend}; enter them again.`);
  }
  const key = (profileId: string, kind: VaultKind) => `${profileId}:${kind}`;
  const values = () => store.get('values');
  return {
    protection: 'os',
    protectionNote: notes[0] ?? 'Secrets are encrypted with the operating system keyring.',
    get(profileId, kind) {
      const cipher = store.get('backend') === backend ? values()[key(profileId, kind)] : undefined;
      if (!cipher) return undefined;
      try {
        return safeStorage.decryptString(Buffer.from(cipher, 'base64'));
      } catch {
        return undefined;
      }
    },
    set(profileId, kind, value) {
      const next = store.get('backend') === backend ? { ...values() } : {};
      next[key(profileId, kind)] = safeStorage.encryptString(value).toString('base64');
      store.set({ backend, values: next });
    },
    delete(profileId, kind) {
      const next = { ...values() };
      delete next[key(profileId, kind)];
      store.set('values', next);
    },
    deleteProfile(profileId) {
      const next = Object.fromEntries(Object.entries(values()).filter(([name]) => !name.startsWith(`${profileId}:`)));
      store.set('values', next);
    },
  };
}
