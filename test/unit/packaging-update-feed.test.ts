// Where updates come from: the environment (generic HTTPS server or GitHub releases) at build time and at
// run time, the app-update.yml an installed build carries, which of the two wins, and the electron-builder
// arguments scripts/dist.ts derives from them.
import { describe, expect, it } from 'vitest';
import { feedFromBuildConfig, feedFromEnvironment, publishConfig, resolveUpdateFeed } from '../../electron/shell/update-feed';
import { electronBuilderArgs } from '../../scripts/dist';

describe('the update feed', () => {
  it('reads a generic server from GUEST_CONSOLE_UPDATE_URL', () => {
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_URL: ' https://updates.example.com/gc ' })).toEqual({
      kind: 'feed',
      source: 'environment',
      feed: { provider: 'generic', url: 'https://updates.example.com/gc' },
    });
  });

  it('reads GitHub releases from GUEST_CONSOLE_UPDATE_GITHUB=owner/repo', () => {
    expect(feedFromEnvironment({ GUEST_CONSOLE_UPDATE_GITHUB: 'acme/guest-console' })).toEqual({
      kind: 'feed',
      source: 'environment',
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
      source: 'build',
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

  it('lets the environment override the build’s feed at run time', () => {
    const built = 'provider: generic\nurl: https://updates.example.com/gc/\n';
    expect(resolveUpdateFeed({}, built)).toMatchObject({ source: 'build' });
    expect(resolveUpdateFeed({ GUEST_CONSOLE_UPDATE_GITHUB: 'acme/staging' }, built)).toMatchObject({ source: 'environment', feed: { repo: 'staging' } });
    expect(resolveUpdateFeed({ GUEST_CONSOLE_UPDATE_GITHUB: 'bad' }, built)).toMatchObject({ kind: 'invalid' });
  });

  it('turns a feed into electron-builder’s publish setting', () => {
    expect(publishConfig({ provider: 'generic', url: 'https://u.example/' })).toEqual({ provider: 'generic', url: 'https://u.example/' });
    expect(publishConfig({ provider: 'github', owner: 'acme', repo: 'gc' })).toEqual({ provider: 'github', owner: 'acme', repo: 'gc', releaseType: 'draft' });
  });
});

describe('scripts/dist.ts', () => {
  it('passes the feed, an unpacked Electron and "never publish" to electron-builder', () => {
    const built = electronBuilderArgs(['--dir'], { GUEST_CONSOLE_UPDATE_URL: 'https://u.example/gc/', ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' });
    expect(built).toEqual({
      feed: { provider: 'generic', url: 'https://u.example/gc/' },
      args: ['--config', 'electron-builder.yml', '--dir', '-c.publish.provider=generic', '-c.publish.url=https://u.example/gc/', '-c.electronDist=/opt/electron', '--publish', 'never'],
    });
  });

  it('publishes only when asked, and builds without a feed when none is set', () => {
    expect(electronBuilderArgs(['--publish', 'always'], { GUEST_CONSOLE_UPDATE_GITHUB: 'acme/gc' })).toMatchObject({
      args: ['--config', 'electron-builder.yml', '--publish', 'always', '-c.publish.provider=github', '-c.publish.owner=acme', '-c.publish.repo=gc', '-c.publish.releaseType=draft'],
    });
    expect(electronBuilderArgs([], {})).toEqual({ feed: null, args: ['--config', 'electron-builder.yml', '--publish', 'never'] });
  });

  it('stops on an unusable feed instead of building an app that cannot update', () => {
    expect(electronBuilderArgs([], { GUEST_CONSOLE_UPDATE_URL: 'ftp://x' })).toMatchObject({ error: expect.stringContaining('https') });
  });
});
