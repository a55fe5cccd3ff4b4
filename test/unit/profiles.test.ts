import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { MAX_PROFILES_PER_IMPORT, PROFILES_FILE_FORMAT, importProfiles } from '../../electron/engine/profiles/profile-portability';
import { ProfileService } from '../../electron/engine/profiles/profile-service';
import type { SettingsBackend } from '../../electron/engine/profiles/settings-store';
import { createEnvironmentVault, createMemoryVault, secretEnvName, type SecretVault } from '../../electron/engine/profiles/secret-vault';
import { makeTempDir } from '../support/temp-dir';

const sandbox = { deploymentId: 'dep-1', integrationId: 'int-1', clientId: 'client-1' };

describe('profiles', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let vault: SecretVault;
  const open = () => new ProfileService({ backend: createConfBackend(dir.path, () => 1700000000000), vault, sandbox });

  beforeEach(() => {
    dir = makeTempDir();
    vault = createMemoryVault();
  });
  afterEach(() => dir.remove());

  it('always lists the built-in sandbox profile first', () => {
    const service = open();
    service.save({ name: 'Acme EU', region: 'eu-west-1' });
    const [first, second] = service.list();
    expect(first).toMatchObject({ id: 'sandbox', builtIn: true, region: 'sandbox' });
    expect(first?.webMessaging.deploymentId).toBe('dep-1');
    expect(second).toMatchObject({ name: 'Acme EU', builtIn: false });
  });

  it('persists created, edited and removed profiles across restarts', () => {
    const first = open();
    const acme = first.save({ name: 'Acme', region: 'us-east-1', webMessaging: { deploymentId: ' d-123 ' } });
    first.save({ ...acme, name: 'Acme Prod', region: 'eu-central-1' });
    const beta = first.save({ name: 'Beta', region: 'ap-southeast-2' });
    first.remove(beta.id);

    const reopened = open().list().filter((profile) => !profile.builtIn);
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({ id: acme.id, name: 'Acme Prod', region: 'eu-central-1' });
    expect(reopened[0]?.webMessaging.deploymentId).toBe('d-123');
  });

  it('refuses duplicate names, the sandbox region, and changes to the sandbox profile', () => {
    const service = open();
    service.save({ name: 'Acme', region: 'us-east-1' });
    expect(() => service.save({ name: 'acme', region: 'us-west-2' })).toThrow(/already exists/);
    expect(() => service.save({ name: 'Local', region: 'sandbox' })).toThrow(/region/);
    expect(() => service.save({ id: 'sandbox', name: 'Mine', region: 'us-east-1' })).toThrow(/built in/);
    expect(() => service.remove('sandbox')).toThrow(/built in/);
  });

  it('keeps secrets write-only: status says set, the profile never carries the value', () => {
    const service = open();
    const acme = service.save({ name: 'Acme', region: 'us-east-1' });
    expect(service.secretStatus(acme.id).clientSecret).toBe('not set');
    const status = service.setSecret(acme.id, 'clientSecret', 's3cr3t-value');
    expect(status).toMatchObject({ clientSecret: 'set', webhookSecret: 'not set' });
    expect(JSON.stringify(service.list())).not.toContain('s3cr3t-value');
    expect(fs.readFileSync(path.join(dir.path, 'settings.json'), 'utf8')).not.toContain('s3cr3t-value');
    service.setSecret(acme.id, 'clientSecret', '');
    expect(service.secretStatus(acme.id).clientSecret).toBe('not set');
  });

  it('forgets a removed profile\'s secrets', () => {
    const service = open();
    const acme = service.save({ name: 'Acme', region: 'us-east-1' });
    service.setSecret(acme.id, 'webhookSecret', 'hook');
    service.remove(acme.id);
    expect(vault.get(acme.id, 'webhookSecret')).toBeUndefined();
  });

  it('sets an unreadable settings file aside, starts with defaults and says where the file went', () => {
    fs.writeFileSync(path.join(dir.path, 'settings.json'), '{"schemaVersion":1,"profiles":[{"na');
    const service = open();
    expect(service.list().map((profile) => profile.id)).toEqual(['sandbox']);
    expect(service.notices[0]).toMatch(/could not be read/);
    const kept = path.join(dir.path, 'settings.unreadable-1700000000000.json');
    expect(fs.readFileSync(kept, 'utf8')).toContain('"profiles"');
    expect(service.notices[0]).toContain(kept);
  });

  it('skips a damaged profile but keeps the good ones', () => {
    fs.writeFileSync(
      path.join(dir.path, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        profiles: [
          { id: 'a', name: 'Good', region: 'us-east-1' },
          { id: 'b', name: 'Bad region', region: 42 },
        ],
      }),
    );
    const service = open();
    expect(service.list().map((profile) => profile.name)).toEqual(['Sandbox', 'Good']);
    expect(service.notices.join(' ')).toMatch(/"Bad region".*damaged/);
  });

  it('names every secret the vault holds for a profile, and hears of each change', () => {
    let changes = 0;
    const service = new ProfileService({ backend: createConfBackend(dir.path), vault, sandbox, onSecretsChange: () => (changes += 1) });
    const acme = service.save({ name: 'Acme', region: 'us-east-1' });
    service.setSecret(acme.id, 'clientSecret', 'client-value-1234');
    service.setSecret(acme.id, 'webhookSecret', 'hook-value-5678');
    expect(service.secretValues()).toEqual([
      { value: 'client-value-1234', name: 'the client secret of the profile "Acme"' },
      { value: 'hook-value-5678', name: 'the webhook secret of the profile "Acme"' },
    ]);
    service.remove(acme.id);
    expect(service.secretValues()).toEqual([]);
    expect(changes).toBe(3);
  });

  it('migrates a pre-versioned settings document', () => {
    fs.writeFileSync(path.join(dir.path, 'settings.json'), JSON.stringify({ profiles: [{ id: 'a', name: 'Old', region: 'eu-west-2' }] }));
    expect(open().list().map((profile) => profile.name)).toEqual(['Sandbox', 'Old']);
  });
});

describe('importing a profiles file', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  /** The conf backend, counting its writes. */
  function countingBackend(): { backend: SettingsBackend; writes: () => number } {
    const real = createConfBackend(dir.path);
    let writes = 0;
    return {
      backend: { ...real, location: real.location, read: () => real.read(), quarantine: (reason) => real.quarantine(reason), write: (document) => ((writes += 1), real.write(document)) },
      writes: () => writes,
    };
  }
  const fileOf = (count: number, extra: unknown[] = []) =>
    JSON.stringify({ format: PROFILES_FILE_FORMAT, version: 1, profiles: [...Array.from({ length: count }, (_, index) => ({ name: `Org ${index}`, region: 'us-east-1' })), ...extra] });

  it(`writes the settings once for a whole import of ${MAX_PROFILES_PER_IMPORT} profiles, checking names across the file`, () => {
    const { backend, writes } = countingBackend();
    const service = new ProfileService({ backend, vault: createMemoryVault(), sandbox: null });
    service.save({ name: 'Existing', region: 'us-east-1' });
    const before = writes();
    const result = importProfiles(service, fileOf(MAX_PROFILES_PER_IMPORT - 3, [{ name: 'org 0', region: 'eu-west-1' }, { name: 'Existing', region: 'eu-west-1' }, { id: 'sandbox', builtIn: true, name: 'Sneaky', region: 'us-east-1' }]));
    expect(writes() - before).toBe(1);
    expect(result.imported).toHaveLength(MAX_PROFILES_PER_IMPORT - 2);
    expect(result.skipped).toEqual([
      { name: 'org 0', reason: 'A profile named "Org 0" already exists. Choose another name.' },
      { name: 'Existing', reason: 'A profile named "Existing" already exists. Choose another name.' },
    ]);
    const reopened = new ProfileService({ backend: createConfBackend(dir.path), vault: createMemoryVault(), sandbox: null });
    expect(reopened.list()).toHaveLength(MAX_PROFILES_PER_IMPORT - 1);
    expect(reopened.list().find((profile) => profile.name === 'Sneaky')).toMatchObject({ builtIn: false });
    expect(reopened.list().find((profile) => profile.name === 'Sneaky')?.id).not.toBe('sandbox');
  });

  it('refuses a file with more profiles than one import takes, says how many, and writes nothing', () => {
    const { backend, writes } = countingBackend();
    const service = new ProfileService({ backend, vault: createMemoryVault(), sandbox: null });
    expect(() => importProfiles(service, fileOf(2000))).toThrow(`The file holds 2000 profiles; one import takes at most ${MAX_PROFILES_PER_IMPORT}. Split it`);
    expect(writes()).toBe(0);
    expect(service.list()).toEqual([]);
  });
});

describe('the environment vault', () => {
  it('reads secrets from env vars and from a secrets file, and lets the page override them for the session', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir.path, 'secrets.json');
      fs.writeFileSync(file, JSON.stringify({ acme: { webhookSecret: 'from-file' } }));
      const vault = createEnvironmentVault({ [secretEnvName('acme', 'clientSecret')]: 'from-env' }, file);
      expect(secretEnvName('acme-eu', 'clientSecret')).toBe('GUEST_CONSOLE_ACME_EU_CLIENT_SECRET');
      expect(vault.get('acme', 'clientSecret')).toBe('from-env');
      expect(vault.get('acme', 'webhookSecret')).toBe('from-file');
      vault.set('acme', 'clientSecret', 'typed');
      expect(vault.get('acme', 'clientSecret')).toBe('typed');
      vault.delete('acme', 'clientSecret');
      expect(vault.get('acme', 'clientSecret')).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it('says where a malformed secrets file is broken without printing any of its content', () => {
    const dir = makeTempDir();
    try {
      const secret = 's3cr3t-VALUE-do-not-print';
      const broken = {
        'unquoted value': `{"acme": {"clientSecret": ${secret}}}`,
        'trailing comma': `{"acme": {"clientSecret": "${secret}",}}`,
        'cut off': `{"acme": {"clientSecret": "${secret}`,
        'not an object per profile': `{"acme": "${secret}"}`,
        'not a string': `{"acme": {"clientSecret": ["${secret}"]}}`,
      };
      for (const [damage, content] of Object.entries(broken)) {
        const file = path.join(dir.path, 'secrets.json');
        fs.writeFileSync(file, content);
        let message = '';
        try {
          createEnvironmentVault({}, file);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message, damage).toContain(file);
        for (let length = 4; length <= secret.length; length += 1) {
          for (let start = 0; start + length <= secret.length; start += 1) expect(message, damage).not.toContain(secret.slice(start, start + length));
        }
      }
      fs.writeFileSync(path.join(dir.path, 'secrets.json'), `{\n  "acme": {\n    "clientSecret": "${secret}",\n  }\n}`);
      expect(() => createEnvironmentVault({}, path.join(dir.path, 'secrets.json'))).toThrow(/not valid JSON at line 4, column 3\. Its content is not shown/);
    } finally {
      dir.remove();
    }
  });
});
