// Where updates come from, as plain data. When a build is made, the environment names the feed
// (GUEST_CONSOLE_UPDATE_URL for a generic HTTPS server, GUEST_CONSOLE_UPDATE_GITHUB=owner/repo for GitHub
// releases) and scripts/dist.ts bakes it into the build's app-update.yml; an installed console reads only
// that file. Imports nothing from Electron, so tests read it directly.
import { parse } from 'yaml';

export type UpdateFeed = { provider: 'generic'; url: string } | { provider: 'github'; owner: string; repo: string };

export type FeedChoice =
  | { kind: 'feed'; feed: UpdateFeed }
  | { kind: 'none'; reason: string }
  | { kind: 'invalid'; message: string };

export const UPDATE_URL_VARIABLE = 'GUEST_CONSOLE_UPDATE_URL';
export const UPDATE_GITHUB_VARIABLE = 'GUEST_CONSOLE_UPDATE_GITHUB';

/** Build time: the feed the environment asks for, if any. Plain http is accepted only for a server on this machine. */
export function feedFromEnvironment(env: Record<string, string | undefined>): FeedChoice {
  const url = env[UPDATE_URL_VARIABLE]?.trim();
  const github = env[UPDATE_GITHUB_VARIABLE]?.trim();
  if (url && github) {
    return { kind: 'invalid', message: `Set either ${UPDATE_URL_VARIABLE} or ${UPDATE_GITHUB_VARIABLE}, not both.` };
  }
  if (url) {
    const checked = checkGenericUrl(url);
    return typeof checked === 'string'
      ? { kind: 'invalid', message: `${UPDATE_URL_VARIABLE}: ${checked}` }
      : { kind: 'feed', feed: checked };
  }
  if (github) {
    const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(github);
    if (!match) return { kind: 'invalid', message: `${UPDATE_GITHUB_VARIABLE} must look like owner/repo; got "${github}".` };
    return { kind: 'feed', feed: { provider: 'github', owner: match[1]!, repo: match[2]! } };
  }
  return { kind: 'none', reason: `No update feed: set ${UPDATE_URL_VARIABLE} or ${UPDATE_GITHUB_VARIABLE}.` };
}

/** The feed an installed build carries (resources/app-update.yml), or null when the file is absent. */
export function feedFromBuildConfig(text: string | null): FeedChoice {
  if (text === null) return { kind: 'none', reason: 'This build was made without an update feed.' };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `app-update.yml cannot be read: ${(error as Error).message}` };
  }
  const config = (document ?? {}) as Record<string, unknown>;
  if (config.provider === 'generic' && typeof config.url === 'string') {
    const checked = checkGenericUrl(config.url);
    return typeof checked === 'string' ? { kind: 'invalid', message: `app-update.yml: ${checked}` } : { kind: 'feed', feed: checked };
  }
  if (config.provider === 'github' && typeof config.owner === 'string' && typeof config.repo === 'string') {
    return { kind: 'feed', feed: { provider: 'github', owner: config.owner, repo: config.repo } };
  }
  return { kind: 'invalid', message: `app-update.yml names an update provider this console does not use (${String(config.provider)}).` };
}

/**
 * Run time: an installed console uses the feed it was built with and nothing else. The variables are
 * build settings; honoured at run time, anything that can set the console's environment (a launcher, a
 * shortcut, a login script) could point it at another server. `ignored` says so when one is set.
 */
export function resolveUpdateFeed(env: Record<string, string | undefined>, buildConfigText: string | null): { choice: FeedChoice; ignored: string | null } {
  const set = [UPDATE_URL_VARIABLE, UPDATE_GITHUB_VARIABLE].filter((name) => env[name]?.trim());
  return {
    choice: feedFromBuildConfig(buildConfigText),
    ignored: set.length > 0 ? `${set.join(' and ')} ignored: an installed console only uses the update feed it was built with (see docs/releasing.md).` : null,
  };
}

/** Build time: electron-builder's `publish` setting for a feed (it also becomes app-update.yml). */
export function publishConfig(feed: UpdateFeed): Record<string, string> {
  return feed.provider === 'generic'
    ? { provider: 'generic', url: feed.url }
    : { provider: 'github', owner: feed.owner, repo: feed.repo, releaseType: 'draft' };
}

function checkGenericUrl(raw: string): UpdateFeed | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL.`;
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return `updates must come over https (plain http only from this machine); got "${raw}".`;
  }
  return { provider: 'generic', url: url.href };
}
