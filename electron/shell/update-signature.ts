// Release signatures on Linux updates. Windows and macOS updates must carry the publisher's code signature
// (electron-updater and macOS check it); AppImage and deb files carry none, and electron-updater installs
// whatever latest-linux.yml names once its SHA-512 matches — so whoever can change that file on the feed (a
// leaked upload token, a broken-into server or bucket) chooses what every Linux console installs, the deb
// as root. Each file entry of latest-linux.yml therefore carries an Ed25519 signature over the version and
// the file's SHA-512, made when the release is built (scripts/sign-linux-update.ts) with a key that never
// goes to the feed; an installed console checks it with the public key baked into its build before it
// downloads anything, and electron-updater's own SHA-512 check then binds the download to the signed hash.
// No Electron import, so both sides are tested directly.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Build time: the release-signing private key, Ed25519 in PEM form (`openssl genpkey -algorithm ed25519`). */
export const UPDATE_SIGNING_KEY_VARIABLE = 'GUEST_CONSOLE_UPDATE_SIGNING_KEY';
/** The field of the packed package.json (electron-builder's extraMetadata) that carries the public key. */
export const UPDATE_KEY_FIELD = 'updateSigningKey';

/** What is signed: the version the feed announces and the exact SHA-512 text electron-updater checks the download against. */
function statement(version: string, sha512: string): Buffer {
  return Buffer.from(`guest-console linux update\nversion ${version}\nsha512 ${sha512}\n`, 'utf8');
}

/** Build time: the signing key from its PEM text, with the public half as it is baked into the build. Never echoes the key. */
export function readSigningKey(pem: string): { privateKey: KeyObject; publicKey: string } | { error: string } {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    return { error: `${UPDATE_SIGNING_KEY_VARIABLE} is not a private key in PEM form; make one with \`openssl genpkey -algorithm ed25519\`.` };
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    return { error: `${UPDATE_SIGNING_KEY_VARIABLE} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; Linux updates are signed with Ed25519 (\`openssl genpkey -algorithm ed25519\`).` };
  }
  return { privateKey, publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64') };
}

export function signUpdate(privateKey: KeyObject, version: string, sha512: string): string {
  return sign(null, statement(version, sha512), privateKey).toString('base64');
}

/** Run time: the public key a build carries, or null when it is missing or not an Ed25519 key. */
export function readPublicKey(text: string | null): KeyObject | null {
  if (!text) return null;
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * Run time, before anything is downloaded: null when every file latest-linux.yml lists is signed with the
 * build's key for this version, otherwise why the update is refused (a clause; the updater words the rest). Every file is checked, not just the
 * one this console would pick, and an entry without a SHA-512 is refused (the older SHA-256 fallback is
 * not signed).
 */
export function checkSignedUpdate(info: unknown, key: KeyObject): string | null {
  const update = (info ?? {}) as { version?: unknown; files?: unknown };
  if (typeof update.version !== 'string') return 'the update feed names no version';
  const version = update.version;
  if (!Array.isArray(update.files) || update.files.length === 0) return `the update feed lists no files for ${version}, so nothing in it can be checked`;
  for (const entry of update.files as Array<Record<string, unknown> | null>) {
    const url = typeof entry?.url === 'string' ? entry.url : 'a file';
    if (typeof entry?.sha512 !== 'string') return `${url} of ${version} has no SHA-512 in the update feed`;
    if (typeof entry.signature !== 'string') {
      return `version ${version} is not signed (${url} has no release signature in the update feed). Whoever publishes Guest Console must sign Linux releases (docs/releasing.md); until then, install new versions by hand`;
    }
    if (!verifies(statement(version, entry.sha512), key, entry.signature)) {
      return `the release signature of ${url} (${version}) does not match this console's key, so the update feed may have been tampered with; install new versions by hand from a source you trust`;
    }
  }
  return null;
}

function verifies(data: Buffer, key: KeyObject, signature: string): boolean {
  try {
    return verify(null, data, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
