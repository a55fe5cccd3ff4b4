// electron-builder's artifactBuildCompleted hook, set by scripts/dist.ts for a build with an update feed:
// gives each Linux installer that electron-updater may download (AppImage, deb) its release signature
// (electron/shell/update-signature.ts). electron-builder copies an artifact's `updateInfo` into that file's
// entry of latest-linux.yml, so the signature is published with the file it vouches for. The key comes
// from GUEST_CONSOLE_UPDATE_SIGNING_KEY, which dist.ts has already checked.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readSigningKey, signUpdate, UPDATE_SIGNING_KEY_VARIABLE } from '../electron/shell/update-signature';

/** The part of electron-builder's ArtifactCreated event this hook reads and writes. */
export interface BuiltArtifact {
  file: string;
  isWriteUpdateInfo?: boolean;
  updateInfo?: Record<string, unknown>;
  packager: { appInfo: { version: string }; platform: { nodeName: string } };
}

export async function artifactBuildCompleted(artifact: BuiltArtifact): Promise<void> {
  if (!artifact.isWriteUpdateInfo || artifact.packager.platform.nodeName !== 'linux') return;
  const key = readSigningKey(process.env[UPDATE_SIGNING_KEY_VARIABLE] ?? '');
  if ('error' in key) throw new Error(`Cannot sign ${path.basename(artifact.file)}: ${key.error}`);
  const sha512 = await sha512Base64(artifact.file);
  const announced = artifact.updateInfo?.sha512;
  if (announced !== undefined && announced !== sha512) {
    throw new Error(`${path.basename(artifact.file)} changed after electron-builder hashed it; not signing a file the update feed would describe wrongly.`);
  }
  artifact.updateInfo = { ...artifact.updateInfo, sha512, signature: signUpdate(key.privateKey, artifact.packager.appInfo.version, sha512) };
}

/** The same digest electron-builder writes into latest-linux.yml (SHA-512, base64). */
function sha512Base64(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });
}
