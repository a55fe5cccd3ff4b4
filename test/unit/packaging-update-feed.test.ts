// Where updates come from: the environment (generic HTTPS server or GitHub releases) when a build is made,
// the app-update.yml an installed build carries — and only that at run time — and the electron-builder
// arguments scripts/dist.ts derives from them, with the release-signing key Linux builds need.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { feedFromBuildConfig, feedFromEnvironment, publishConfig, resolveUpdateFeed } from '../../electron/shell/update-feed';
import { readSigningKey } from '../../electron/shell/update-signature';
import { electronBuilderArgs } from '../../scripts/dist';

const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the update feed', () => {
  it('reads a generic server from GUEST_CONSOLE_UPDATE_URL', () => {
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: ' https://updates.example.com/gc ' })).toEqual({
      kind: 'feed',
      feed: { provider: 'generic', url: 'https://updates.example.com/gc' },
    });
  });

  it('reads GitHub releases from GUEST_CONSOLE_UPDATE_GITHUB=owner/repo', () => {
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_GITHUB: 'acme/guest-console' })).toEqual({
      kind: 'feed',
      feed: { provider: 'github', owner: 'acme', repo: 'guest-console' },
    });
  });

  it('says why when there is no feed or the feed is unusable', () => {
    expect(feedFromEnvironment({})).toMatchObject({ kind: 'none', reason: expect.stringContaining('GUEST_CONSOLE_UPDATE_URL') });
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: 'https://a.example', GUEST_CONSOLE_UPDATE_GITHUB: 'a/b' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('not both') });
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_GITHUB: 'https://github.com/a/b' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('owner/repo') });
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: 'not a url' })).toMatchObject({ kind: 'invalid' });
  });

  it('refuses plain http except from this machine', () => {
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: 'http://updates.example.com/' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('https') });
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: 'http://127.0.0.1:8080/' })).toMatchObject({ kind: 'feed', feed: { url: 'http://127.0.0.1:8080/' } });
  });

  it('reads the app-update.yml electron-builder writes into an installed build', () => {
    expect(feedFromBuildConfig('provider: generic\nurl: https://updates.example.com/gc/\nupdaterCacheDirName: guest-console-updater\n')).toEqual({
      kind: 'feed',
      feed: { provider: 'generic', url: 'https://updates.example.com/gc/' },
    });
    expect(feedFromBuildConfig('owner: acme\nrepo: guest-console\nprovider: github\nreleaseType: release\n')).toMatchObject({
      kind: 'feed',
      feed: { provider: 'github', owner: 'acme', repo: 'guest-console' },
    });
    expect(feedFromBuildConfig(null)).toMatchObject({ kind: 'none' });
    expect(feedFromBuildConfig('provider: s3\nbucket: x\n')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('s3') });
    expect(feedFromBuildConfig('provider: [unclosed')).toMatchObject({ kind: 'invalid' });
  });

  it('ignores the variables at run time: an installed console uses only the feed it was built with, and says so', () => {
    const built = 'provider: generic\nurl: https://updates.example.com/gc/\n';
    const buildFeed = { kind: 'feed', feed: { provider: 'generic', url: 'https://updates.example.com/gc/' } };
    expect(resolveUpdateFeed({}, built)).toEqual({ choice: buildFeed, ignored: null });
    expect(resolveUpdateFeed({ GUEST_CONSOLE_UPDATE_GITHUB: 'acme/staging' }, built)).toEqual({
      choice: buildFeed,
      ignored: expect.stringMatching(/^GUEST_CONSOLE_UPDATE_GITHUB ignored: an installed console only uses the update feed it was built with/),
    });
    expect(resolveUpdateFeed({ GUEST_CONSOLE_UPDATE_URL: 'http://127.0.0.1:9/evil/', GUEST_CONSOLE_UPDATE_GITHUB: 'bad' }, built)).toMatchObject({
      choice: buildFeed,
      ignored: expect.stringContaining('GUEST_CONSOLE_UPDATE_URL and GUEST_CONSOLE_UPDATE_GITHUB ignored'),
    });
    expect(resolveUpdateFeed({ GUEST_CONSOLE_UPDATE_URL: 'https://staging.example/' }, null).choice).toMatchObject({ kind: 'none' });
  });

  it('turns a feed into electron-builder’s publish setting', () => {
    expect(publishConfig({ provider: 'generic', url: 'https://u.example/' })).toEqual({ provider: 'generic', url: 'https://u.example/' });
    expect(publishConfig({ provider: 'github', owner: 'acme', repo: 'gc' })).toEqual({ provider: 'github', owner: 'acme', repo: 'gc', releaseType: 'draft' });
  });
});

describe('scripts/dist.ts', () => {
  it('passes the feed, an unpacked Electron and "never publish" to electron-builder', () => {
    const built = electronBuilderArgs(['--dir'], { GUEST_CONSOLE_UPDATE_URL: 'https://u.example/gc/', ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, 'darwin');
    expect(built).toEqual({
      feed: { provider: 'generic', url: 'https://u.example/gc/' },
      args: ['--config', 'electron-builder.yml', '--dir', '-c.publish.provider=generic', '-c.publish.url=https://u.example/gc/', '-c.electronDist=/opt/electron', '--publish', 'never'],
    });
  });

  it('publishes only when asked, and builds without a feed when none is set', () => {
    expect(electronBuilderArgs(['--publish', 'always'], { GUEST_CONSOLE_UPDATE_GITHUB: 'acme/gc' }, 'win32')).toMatchObject({
      args: ['--config', 'electron-builder.yml', '--publish', 'always', '-c.publish.provider=github', '-c.publish.owner=acme', '-c.publish.repo=gc', '-c.publish.releaseType=draft'],
    });
    expect(electronBuilderArgs([], {}, 'linux')).toEqual({ feed: null, args: ['--config', 'electron-builder.yml', '--publish', 'never'] });
  });

  it('stops on an unusable feed instead of building an app that cannot update', () => {
    expect(electronBuilderArgs([], { GUEST_CONSOLE_UPDATE_URL: 'ftp://x' }, 'linux')).toMatchObject({ error: expect.stringContaining('https') });
  });

  it('signs Linux updates: bakes the public key into the build and hands the signing hook to electron-builder', () => {
    const privateKey = ed25519Pem();
    const key = readSigningKey(privateKey);
    if ('error' in key) throw new Error(key.error);
    expect(electronBuilderArgs(['--linux'], { GUEST_CONSOLE_UPDATE_URL: 'https://u.example/gc/', GUEST_CONSOLE_UPDATE_SIGNING_KEY: privateKey }, 'darwin')).toEqual({
      feed: { provider: 'generic', url: 'https://u.example/gc/' },
      args: [
        '--config',
        'electron-builder.yml',
        '--linux',
        '-c.publish.provider=generic',
        '-c.publish.url=https://u.example/gc/',
        `-c.extraMetadata.updateSigningKey=${key.publicKey}`,
        '-c.artifactBuildCompleted=./scripts/sign-linux-update.ts',
        '--publish',
        'never',
      ],
    });
  });

  it('stops a Linux build with a feed but no signing key, since installed consoles would refuse its updates', () => {
    const feed = { GUEST_CONSOLE_UPDATE_GITHUB: 'acme/gc' };
    for (const [args, platform] of [[[], 'linux'], [['--linux'], 'darwin'], [['-mwl'], 'darwin'], [['--dir'], 'linux']] as const) {
      expect(electronBuilderArgs([...args], feed, platform)).toEqual({ error: expect.stringContaining('GUEST_CONSOLE_UPDATE_SIGNING_KEY') });
    }
    for (const [args, platform] of [[[], 'win32'], [['--mac'], 'linux'], [['-w'], 'linux'], [['--win', '--x64'], 'linux']] as const) {
      expect(electronBuilderArgs([...args], feed, platform)).not.toHaveProperty('error');
    }
    expect(electronBuilderArgs([], {}, 'linux')).not.toHaveProperty('error');
  });

  it('stops on a signing key that is not an Ed25519 private key, without printing it', () => {
    const feed = { GUEST_CONSOLE_UPDATE_URL: 'https://u.example/gc/' };
    const notPem = 'MC4CAQAwBQYDK2VwBCIEIJ0secret0bytes0of0the0key0here0000000';
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const [value, said] of [[notPem, 'not a private key in PEM form'], [rsa, 'holds a rsa key']] as const) {
      const built = electronBuilderArgs([], { ...feed, GUEST_CONSOLE_UPDATE_SIGNING_KEY: value }, 'linux');
      expect(built).toEqual({ error: expect.stringContaining(said) });
      expect(JSON.stringify(built)).not.toContain(value.slice(30, 50));
    }
  });
});
