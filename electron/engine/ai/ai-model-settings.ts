// The AI customer's model as the console uses it: the saved settings (settings document, section `ai`), the API key
// in the vault (AI_MODEL_VAULT_ID / apiKey: the OS vault in the desktop app), and the environment on top —
// GUEST_CONSOLE_AI_BASE_URL, GUEST_CONSOLE_AI_MODEL, GUEST_CONSOLE_AI_API_KEY win over what is saved, so the CLI
// and CI need no settings file. Without a base URL and a model nothing breaks: `config()` refuses with words
// saying how to add one. A local server (Ollama, LM Studio…) needs no key; a remote one usually does.
import { AiSettingsSchema, type AiSettings, type AiSettingsInput, type AiStatus } from '../../../shared/ai-contract';
import { ConsoleError } from '../console-error';
import { saveSettings, type SettingsBackend } from '../profiles/settings-store';
import { AI_MODEL_VAULT_ID, type NamedSecret, type SecretVault } from '../profiles/secret-vault';
import type { ModelConfig } from './model-client';
import { HOW_TO_CONFIGURE_AI } from './ai-model';

export const AI_ENV = { baseUrl: 'GUEST_CONSOLE_AI_BASE_URL', model: 'GUEST_CONSOLE_AI_MODEL', apiKey: 'GUEST_CONSOLE_AI_API_KEY' } as const;

export { HOW_TO_CONFIGURE_AI };

export interface AiModelSettingsOptions {
  backend: SettingsBackend;
  vault: SecretVault;
  initial: AiSettings;
  env: Readonly<Record<string, string | undefined>>;
  /** The key was set or removed: whoever hides secret values reads them again. */
  onSecretsChange?: () => void;
}

export class AiModelSettings {
  private settings: AiSettings;

  constructor(private readonly options: AiModelSettingsOptions) {
    this.settings = options.initial;
  }

  status(): AiStatus {
    const { env } = this.options;
    const fromEnv = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
    const baseUrl = fromEnv(AI_ENV.baseUrl);
    const model = fromEnv(AI_ENV.model);
    const key = this.apiKey();
    const effective = { ...this.settings, baseUrl: baseUrl ?? this.settings.baseUrl, model: model ?? this.settings.model };
    const configured = effective.baseUrl !== '' && effective.model !== '';
    const source = (fromEnvironment: string | undefined, saved: string) => (fromEnvironment ? 'environment' : saved ? 'settings' : 'none');
    return {
      configured,
      ...(configured ? {} : { howToConfigure: HOW_TO_CONFIGURE_AI }),
      settings: effective,
      sources: {
        baseUrl: source(baseUrl, this.settings.baseUrl),
        model: source(model, this.settings.model),
        apiKey: key === undefined ? 'none' : key === fromEnv(AI_ENV.apiKey) ? 'environment' : 'settings',
      },
      apiKey: key === undefined ? 'notSet' : 'set',
    };
  }

  /** Changes the fields given; a price given as null is removed. */
  save(input: AiSettingsInput): AiStatus {
    const merged: Record<string, unknown> = { ...this.settings, ...input };
    for (const key of ['pricePerMillionPrompt', 'pricePerMillionCompletion'] as const) if (merged[key] === null) delete merged[key];
    const next = AiSettingsSchema.parse(merged);
    if (next.baseUrl) checkBaseUrl(next.baseUrl);
    this.settings = next;
    saveSettings(this.options.backend, { ai: next });
    return this.status();
  }

  setApiKey(value: string): AiStatus {
    if (value === '') this.options.vault.delete(AI_MODEL_VAULT_ID, 'apiKey');
    else this.options.vault.set(AI_MODEL_VAULT_ID, 'apiKey', value);
    this.options.onSecretsChange?.();
    return this.status();
  }

  /** The key, for the redactor too: the vault's, else the variable. (Where the vault is the environment — the web host, the
   *  CLI — it reads the same variable; a key equal to the variable's counts as the environment's.) */
  apiKey(): string | undefined {
    const saved = this.options.vault.get(AI_MODEL_VAULT_ID, 'apiKey');
    const fromEnv = this.options.env[AI_ENV.apiKey]?.trim();
    return saved ?? (fromEnv ? fromEnv : undefined);
  }

  secretValues(): NamedSecret[] {
    const key = this.apiKey();
    return key ? [{ value: key, name: "the AI model's API key" }] : [];
  }

  /** What a model request needs, or a refusal saying how to set the model up. */
  config(): ModelConfig & { settings: AiSettings } {
    const status = this.status();
    if (!status.configured) throw new ConsoleError('Unavailable', HOW_TO_CONFIGURE_AI);
    const { settings } = status;
    checkBaseUrl(settings.baseUrl);
    const key = this.apiKey();
    return {
      baseUrl: settings.baseUrl,
      model: settings.model,
      temperature: settings.temperature,
      timeoutMs: settings.requestTimeoutSec * 1000,
      ...(key ? { apiKey: key } : {}),
      settings,
    };
  }
}

/** http(s) only; plain http only to this machine or a private network (a local model server), where the key is not at risk on the way. */
export function checkBaseUrl(baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConsoleError('InvalidRequest', `"${baseUrl.slice(0, 100)}" is not a URL; use e.g. https://api.openai.com/v1 or http://localhost:11434/v1.`, [
      { path: 'baseUrl', message: 'a URL such as https://api.openai.com/v1' },
    ]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConsoleError('InvalidRequest', 'The model base URL must start with https:// (or http:// for a server on this machine or your network).', [{ path: 'baseUrl', message: 'https:// or http://' }]);
  }
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    throw new ConsoleError('InvalidRequest', `Plain http:// would send the API key and the transcripts unencrypted to ${url.hostname}; use https://, or http:// only for a server on this machine or your network.`, [
      { path: 'baseUrl', message: 'https:// for a server on the internet' },
    ]);
  }
  if (url.username || url.password) {
    throw new ConsoleError('InvalidRequest', 'Put the API key in its own field, not in the URL.', [{ path: 'baseUrl', message: 'no credentials in the URL' }]);
  }
}

/** This machine, a private network address, a `.local` / `.internal` name or a single-label name (a container's). */
function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host) || !host.includes('.')) return true;
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(host) || /^f[cd][0-9a-f]{2}:/.test(host)) return true;
  return /\.(local|internal|lan|home\.arpa)$/.test(host);
}
