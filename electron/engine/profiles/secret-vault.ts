// Where client secrets and webhook secrets live. The renderer never reads a secret: it can only set one
// and ask whether one is set. Implementations: the OS vault (Electron safeStorage, in electron/shell/),
// memory (this session only), and the environment (env vars or a file given on the command line, for the
// web host and the CLI).
import fs from 'node:fs';
import type { SecretKind } from '../../../shared/contract';

export type SecretProtection = 'os' | 'memory' | 'environment';

/** What the vault keeps: a profile's secrets, and the AI model's API key (under AI_MODEL_VAULT_ID). */
export type VaultKind = SecretKind | 'apiKey';

/** The vault's owner id of the AI model's key: its variable is GUEST_CONSOLE_AI_API_KEY. */
export const AI_MODEL_VAULT_ID = 'ai';

export interface SecretVault {
  readonly protection: SecretProtection;
  /** Plain words for the UI on how safe the storage is. */
  readonly protectionNote: string;
  get(profileId: string, kind: VaultKind): string | undefined;
  set(profileId: string, kind: VaultKind, value: string): void;
  delete(profileId: string, kind: VaultKind): void;
  deleteProfile(profileId: string): void;
}

/** A secret's value with words that name it without showing it (for refusals and notes). */
export interface NamedSecret {
  value: string;
  name: string;
}

const keyOf = (profileId: string, kind: VaultKind) => `${profileId}:${kind}`;

export function createMemoryVault(note = 'Secrets are kept in memory for this session only.'): SecretVault {
  const values = new Map<string, string>();
  return {
    protection: 'memory',
    protectionNote: note,
    get: (profileId, kind) => values.get(keyOf(profileId, kind)),
    set: (profileId, kind, value) => void values.set(keyOf(profileId, kind), value),
    delete: (profileId, kind) => void values.delete(keyOf(profileId, kind)),
    deleteProfile(profileId) {
      for (const key of [...values.keys()]) if (key.startsWith(`${profileId}:`)) values.delete(key);
    },
  };
}

const ENV_SUFFIX: Record<VaultKind, string> = { clientSecret: 'CLIENT_SECRET', webhookSecret: 'WEBHOOK_SECRET', apiKey: 'API_KEY' };

/** Env var name for a secret: GUEST_CONSOLE_<PROFILE>_CLIENT_SECRET / _WEBHOOK_SECRET; GUEST_CONSOLE_AI_API_KEY. */
export function secretEnvName(profileId: string, kind: VaultKind): string {
  const profile = profileId.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `GUEST_CONSOLE_${profile}_${ENV_SUFFIX[kind]}`;
}

/**
 * Secrets from the environment, or from a JSON file `{ "<profileId>": { "clientSecret": "…" } }`.
 * Values set from the page are kept in memory on top, for this session only.
 */
export function createEnvironmentVault(env: NodeJS.ProcessEnv, secretsFile?: string): SecretVault {
  const fromFile = secretsFile ? readSecretsFile(secretsFile) : new Map<string, string>();
  const session = createMemoryVault();
  const cleared = new Set<string>();
  return {
    protection: 'environment',
    protectionNote:
      'The web host reads secrets from environment variables or a secrets file; secrets typed here last until the host stops.',
    get(profileId, kind) {
      const key = keyOf(profileId, kind);
      if (cleared.has(key)) return undefined;
      return session.get(profileId, kind) ?? fromFile.get(key) ?? env[secretEnvName(profileId, kind)] ?? undefined;
    },
    set(profileId, kind, value) {
      cleared.delete(keyOf(profileId, kind));
      session.set(profileId, kind, value);
    },
    delete(profileId, kind) {
      session.delete(profileId, kind);
      cleared.add(keyOf(profileId, kind));
    },
    deleteProfile(profileId) {
      session.deleteProfile(profileId);
      for (const kind of ['clientSecret', 'webhookSecret'] as const) cleared.add(keyOf(profileId, kind));
    },
  };
}

/**
 * The `--secrets` file, checked. Its errors name the file, the position and the profile, never a piece
 * of the content: JSON.parse's own message quotes the text around the fault, which is the secret.
 */
function readSecretsFile(file: string): Map<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw new Error(`The secrets file ${file} is not valid JSON${where}. Its content is not shown because it holds secrets.`);
  }
  const shape = `It must hold {"<profileId>": {"clientSecret": "…", "webhookSecret": "…"}} (and {"${AI_MODEL_VAULT_ID}": {"apiKey": "…"}} for the AI model).`;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`The secrets file ${file} does not hold a JSON object. ${shape}`);
  const values = new Map<string, string>();
  for (const [profileId, secrets] of Object.entries(parsed)) {
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      throw new Error(`In the secrets file ${file}, the entry of the profile "${profileId}" is not an object. ${shape}`);
    }
    for (const kind of ['clientSecret', 'webhookSecret', 'apiKey'] as const) {
      const value = (secrets as Record<string, unknown>)[kind];
      if (value !== undefined && typeof value !== 'string') {
        throw new Error(`In the secrets file ${file}, ${kind} of the profile "${profileId}" is not a string.`);
      }
      if (value) values.set(keyOf(profileId, kind), value);
    }
  }
  return values;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
