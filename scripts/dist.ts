// `npm run dist` (installers for this OS) and `npm run dist:dir` (an unpacked app, `--dir`): runs
// electron-builder with electron-builder.yml plus what only the environment knows — the update feed
// (GUEST_CONSOLE_UPDATE_URL or GUEST_CONSOLE_UPDATE_GITHUB → `publish`, baked into app-update.yml), the
// release-signing key Linux updates need (GUEST_CONSOLE_UPDATE_SIGNING_KEY → its public half in the packed
// package.json, and scripts/sign-linux-update.ts signing each AppImage and deb) and an already unpacked
// Electron (ELECTRON_OVERRIDE_DIST_PATH → `electronDist`, so nothing is downloaded). Other arguments pass
// through (e.g. `--publish always`, `--arm64`). Expects `npm run build` and `npm run icons` to have run
// (the npm scripts do both first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feedFromEnvironment, publishConfig, type UpdateFeed } from '../electron/shell/update-feed';
import { readSigningKey, UPDATE_KEY_FIELD, UPDATE_SIGNING_KEY_VARIABLE } from '../electron/shell/update-signature';

export function electronBuilderArgs(
  args: string[],
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
): { args: string[]; feed: UpdateFeed | null } | { error: string } {
  const result = ['--config', 'electron-builder.yml', ...args];
  const feed = feedFromEnvironment(env);
  if (feed.kind === 'invalid') return { error: feed.message };
  if (feed.kind === 'feed') {
    for (const [key, value] of Object.entries(publishConfig(feed.feed))) result.push(`-c.publish.${key}=${value}`);
    const signingKey = env[UPDATE_SIGNING_KEY_VARIABLE];
    if (signingKey) {
      const key = readSigningKey(signingKey);
      if ('error' in key) return { error: key.error };
      result.push(`-c.extraMetadata.${UPDATE_KEY_FIELD}=${key.publicKey}`, '-c.artifactBuildCompleted=./scripts/sign-linux-update.ts');
    } else if (buildsForLinux(args, platform)) {
      return {
        error: `a Linux build with an update feed must sign its updates, or installed consoles refuse them: set ${UPDATE_SIGNING_KEY_VARIABLE} to the release-signing key (Ed25519, PEM; see docs/releasing.md).`,
      };
    }
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) result.push(`-c.electronDist=${path.resolve(env.ELECTRON_OVERRIDE_DIST_PATH)}`);
  if (!args.some((arg) => arg === '--publish' || arg === '-p' || arg.startsWith('--publish='))) result.push('--publish', 'never');
  return { args: result, feed: feed.kind === 'feed' ? feed.feed : null };
}

/** Whether electron-builder makes Linux installers: asked for (--linux, -l, -mwl …), or by default on Linux. */
function buildsForLinux(args: string[], platform: NodeJS.Platform): boolean {
  const letters = args.filter((arg) => /^-[a-z]+$/.test(arg)).join('');
  const asked = (names: string[], shortLetters: string) => args.some((arg) => names.includes(arg)) || [...shortLetters].some((letter) => letters.includes(letter));
  if (asked(['--linux'], 'l')) return true;
  return platform === 'linux' && !asked(['--mac', '--macos', '--win', '--windows'], 'mow');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const needed of ['dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/icons/icon.png']) {
    if (!fs.existsSync(path.join(root, needed))) {
      console.error(`dist: ${needed} is missing; run \`npm run build && npm run icons\` first (npm run dist does both).`);
      process.exit(1);
    }
  }
  const built = electronBuilderArgs(process.argv.slice(2), process.env, process.platform);
  if ('error' in built) {
    console.error(`dist: ${built.error}`);
    process.exit(1);
  }
  console.log(built.feed ? `dist: update feed ${JSON.stringify(publishConfig(built.feed))}` : 'dist: no update feed (the app will not look for updates)');
  // Under tsx, so that electron-builder can load the TypeScript signing hook.
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...built.args], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
