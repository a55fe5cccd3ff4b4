// electron-builder.yml, checked without packaging anything: electron-builder's own schema accepts it, and
// every setting the release path depends on is there for Windows, macOS and Linux — targets, per-user NSIS
// with the all-users choice, hardened runtime with entitlements and notarization, the libsecret dependency,
// asar, only built output packed, icons from the generated set, and exactly the fuses of the issue.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
// electron-builder's own validator (the one it runs before every build); app-builder-lib has no exports map.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'electron-builder';

const root = path.resolve(__dirname, '..', '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

type TargetList = Configuration['win'] extends infer W ? (W extends { target?: infer T } ? T : never) : never;
function targetNames(target: TargetList | null | undefined): string[] {
  const list = Array.isArray(target) ? target : target ? [target] : [];
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema, and it does catch a misspelt option', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, oneclick: false } } as never, quietLogger)).rejects.toThrow(/configuration/);
  });

  it('names the app and packs an asar of the built output only', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+){2,}$/);
    expect(config.productName).toBe('Guest Console');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'build' });
    expect(config.files).toEqual(['package.json', 'dist/electron/**', 'dist/renderer/**', '!node_modules/**']);
  });

  it('flips exactly the fuses of the issue', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds a per-user NSIS installer for Windows that offers all users', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.win?.icon).toBe('dist/icons/icon.ico');
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, selectPerMachineByDefault: false, allowElevation: true });
    expect(JSON.stringify(config.win)).not.toMatch(/verifyUpdateCodeSignature/);
  });

  it('builds a hardened, notarized DMG and ZIP for both Mac architectures', () => {
    const mac = config.mac!;
    expect(targetNames(mac.target).sort()).toEqual(['dmg', 'zip']);
    for (const target of mac.target as Array<{ arch: string[] }>) expect(target.arch).toEqual(['x64', 'arm64']);
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, icon: 'dist/icons/icon.icns' });
    for (const file of [mac.entitlements, mac.entitlementsInherit]) {
      const plist = fs.readFileSync(path.join(root, file!), 'utf8');
      expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
      expect(plist.match(/<key>/g)).toHaveLength(1);
    }
  });

  it('builds an AppImage and a deb for Linux, the deb depending on libsecret for the OS vault', () => {
    expect(targetNames(config.linux?.target as TargetList)).toEqual(['AppImage', 'deb']);
    expect(config.linux).toMatchObject({ icon: 'dist/icons/png', executableName: 'guest-console', category: 'Development' });
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });

  it('leaves the update feed to the environment (scripts/dist.ts)', () => {
    expect(config.publish).toBeUndefined();
  });
});
