// Linux release signatures end to end, without packaging: the signing hook (scripts/sign-linux-update.ts)
// runs on electron-builder-shaped AppImage and deb artifacts; electron-builder's own update-info writer
// turns them into latest-linux.yml; electron-updater's own parser reads that back, and the check an
// installed console runs (electron/shell/update-signature.ts) accepts it — and refuses it once the feed
// is changed. Also: what electron-updater then checks the download against is the signed SHA-512.
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Arch, Platform } from 'app-builder-lib';
// electron-builder's and electron-updater's internals (no exports maps): the writer and reader of latest-linux.yml.
import { createUpdateInfoTasks, writeUpdateInfoFiles } from 'app-builder-lib/out/publish/updateInfoBuilder';
import { findFile, parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkSignedUpdate, readPublicKey, readSigningKey, UPDATE_SIGNING_KEY_VARIABLE } from '../../electron/shell/update-signature';
import { artifactBuildCompleted, type BuiltArtifact } from '../../scripts/sign-linux-update';
import { makeTempDir } from '../support/temp-dir';

const dir = makeTempDir('guest-console-update-signing-');
afterAll(() => dir.remove());

const privatePem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signingKey = readSigningKey(privatePem);
if ('error' in signingKey) throw new Error(signingKey.error);
const publicKey = readPublicKey(signingKey.publicKey)!;

const packager = {
  platform: Platform.LINUX,
  appInfo: { version: '1.2.0', updaterCacheDirName: 'guest-console-updater' },
  platformSpecificBuildOptions: {},
  config: {},
  getResource: async () => null,
  emitArtifactCreated: async () => undefined,
};

const sha512 = (file: string) => createHash('sha512').update(fs.readFileSync(file)).digest('base64');

/** An installer as electron-builder reports it: AppImage with its blockmap sizes, deb with sha512 and size. */
function artifact(name: string, content: string, updateInfo: (file: string) => Record<string, unknown>): BuiltArtifact & { target: { outDir: string }; arch: Arch; safeArtifactName: string } {
  const file = path.join(dir.path, name);
  fs.writeFileSync(file, content);
  return { file, safeArtifactName: name, target: { outDir: dir.path }, arch: Arch.x64, packager, isWriteUpdateInfo: true, updateInfo: updateInfo(file) };
}

/** electron-builder's update-info writer, then electron-updater's reader, as on a generic feed. */
async function publishAndRead(artifacts: BuiltArtifact[]) {
  const tasks = [];
  const feed = { provider: 'generic', url: 'https://u.example/gc/' } as const;
  for (const event of artifacts) tasks.push(...(await createUpdateInfoTasks(event as never, [feed])));
  await writeUpdateInfoFiles(tasks, packager as never);
  const yml = fs.readFileSync(path.join(dir.path, 'latest-linux.yml'), 'utf8');
  return { yml, info: parseUpdateInfo(yml, 'latest-linux.yml', new URL('https://u.example/gc/latest-linux.yml')) };
}

describe('signing Linux releases', () => {
  beforeEach(() => vi.stubEnv(UPDATE_SIGNING_KEY_VARIABLE, privatePem));
  afterEach(() => vi.unstubAllEnvs());

  it('publishes a signature with every AppImage and deb that an installed console accepts', async () => {
    const appImage = artifact('guest-console-1.2.0-linux-x86_64.AppImage', 'appimage bytes', (file) => ({ sha512: sha512(file), size: 14, blockMapSize: 3 }));
    const deb = artifact('guest-console-1.2.0-linux-amd64.deb', 'deb bytes', (file) => ({ sha512: sha512(file), size: 9 }));
    await artifactBuildCompleted(appImage);
    await artifactBuildCompleted(deb);

    const { yml, info } = await publishAndRead([appImage, deb]);
    expect(yml).not.toContain('PRIVATE');
    expect(info.files.map((file) => Object.keys(file).sort())).toEqual([
      ['blockMapSize', 'sha512', 'signature', 'size', 'url'],
      ['sha512', 'signature', 'size', 'url'],
    ]);
    expect(checkSignedUpdate(info, publicKey)).toBeNull();

    // What electron-updater downloads on an AppImage install, and the digest it checks that download against.
    const chosen = findFile(resolveFiles(info, new URL('https://u.example/gc/')), 'AppImage', ['rpm', 'deb', 'pacman'])!;
    expect(chosen.url.href).toBe('https://u.example/gc/guest-console-1.2.0-linux-x86_64.AppImage');
    expect(chosen.info.sha512).toBe(sha512(appImage.file));
  });

  it('makes a feed that was changed afterwards fail the check: another file, another version, a signature moved across', async () => {
    const appImage = artifact('guest-console-1.2.0-linux-x86_64.AppImage', 'appimage bytes', (file) => ({ sha512: sha512(file), size: 14, blockMapSize: 3 }));
    const deb = artifact('guest-console-1.2.0-linux-amd64.deb', 'deb bytes', (file) => ({ sha512: sha512(file), size: 9 }));
    await artifactBuildCompleted(appImage);
    await artifactBuildCompleted(deb);
    const { info } = await publishAndRead([appImage, deb]);
    const [first, second] = info.files;
    const evil = createHash('sha512').update('a file of the attacker').digest('base64');

    expect(checkSignedUpdate({ ...info, files: [{ ...first, sha512: evil }, second] }, publicKey)).toMatch(/does not match this console's key/);
    expect(checkSignedUpdate({ ...info, version: '9.9.9' }, publicKey)).toMatch(/does not match this console's key/);
    const signatureOf = (entry: unknown) => (entry as { signature: string }).signature;
    expect(checkSignedUpdate({ ...info, files: [first, { ...second, signature: signatureOf(first) }] }, publicKey)).toMatch(/does not match this console's key/);
    const { signature: _dropped, ...unsigned } = second as typeof second & { signature: string };
    expect(checkSignedUpdate({ ...info, files: [first, unsigned] }, publicKey)).toMatch(/is not signed/);
  });

  it('refuses to sign without a usable key, or a file that changed after electron-builder hashed it', async () => {
    const appImage = artifact('guest-console-1.2.0-linux-x86_64.AppImage', 'appimage bytes', () => ({ sha512: 'stale', size: 14 }));
    await expect(artifactBuildCompleted(appImage)).rejects.toThrow(/changed after electron-builder hashed it/);
    vi.stubEnv(UPDATE_SIGNING_KEY_VARIABLE, '');
    const deb = artifact('guest-console-1.2.0-linux-amd64.deb', 'deb bytes', (file) => ({ sha512: sha512(file), size: 9 }));
    await expect(artifactBuildCompleted(deb)).rejects.toThrow(/Cannot sign guest-console-1\.2\.0-linux-amd64\.deb: GUEST_CONSOLE_UPDATE_SIGNING_KEY is not a private key/);
  });

  it('leaves alone what no Linux console downloads: the unpacked folder, Windows and macOS installers', async () => {
    const unpacked = artifact('linux-unpacked.tar', 'x', () => ({}));
    unpacked.isWriteUpdateInfo = false;
    await artifactBuildCompleted(unpacked);
    expect(unpacked.updateInfo).toEqual({});
    const nsis = { ...artifact('guest-console-1.2.0-win-x64.exe', 'exe', () => ({})), packager: { ...packager, platform: Platform.WINDOWS } };
    await artifactBuildCompleted(nsis);
    expect(nsis.updateInfo).toEqual({});
  });
});
