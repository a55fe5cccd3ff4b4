// The model client against a local OpenAI-compatible server: where the request goes and what it carries, how each
// failure reads, servers that report no usage; and the model's settings: the environment over the saved ones, the
// key write-only, plain http only to a local server, a clear "how to add one" when there is none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, completionsUrl, ModelError } from '../../electron/engine/ai/model-client';
import { AiModelSettings, HOW_TO_CONFIGURE_AI } from '../../electron/engine/ai/ai-model-settings';
import { AiSettingsSchema } from '../../shared/ai-contract';
import { createEnvironmentVault, createMemoryVault } from '../../electron/engine/profiles/secret-vault';
import { createConfBackend } from '../../electron/engine/profiles/conf-backend';
import { loadSettings } from '../../electron/engine/profiles/settings-store';
import { makeTempDir } from '../support/temp-dir';
import { startModelServer, type ModelAnswer, type ModelServer } from '../support/model-server';

let server: ModelServer;
let answer: ModelAnswer = 'ready';

beforeAll(async () => {
  server = await startModelServer(() => answer);
});
afterAll(() => server.close());

const config = (overrides = {}) => ({ baseUrl: server.baseUrl, model: 'm', apiKey: 'sk-abcdef0123456789', temperature: 0.2, timeoutMs: 5000, ...overrides });

describe('the model client', () => {
  it('posts the messages to <base>/chat/completions with the key as a bearer token, and returns the text and usage', async () => {
    answer = { content: 'ready', usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 } };
    const exchanges: string[] = [];
    const reply = await chatCompletion(config(), [{ role: 'user', content: 'hi' }], 10, { onExchange: (exchange) => exchanges.push(`${exchange.direction}: ${exchange.text}`) });
    expect(reply).toEqual({ text: 'ready', tokens: { prompt: 12, completion: 1, total: 13 }, model: 'm' });
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-abcdef0123456789');
    expect(request.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, max_tokens: 10, stream: false });
    expect(exchanges[0]).toContain('Authorization: Bearer [redacted]');
    expect(exchanges.join('\n')).not.toContain('sk-abcdef0123456789');
  });

  it('estimates tokens when the server reports no usage, and sends no Authorization without a key', async () => {
    answer = { content: 'a reply of some length', noUsage: true };
    const reply = await chatCompletion(config({ apiKey: undefined }), [{ role: 'user', content: 'hi' }], 10);
    expect(reply.tokens.completion).toBe(Math.ceil('a reply of some length'.length / 4));
    expect(reply.tokens.total).toBe(reply.tokens.prompt + reply.tokens.completion);
    expect(server.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('says what each failure means', async () => {
    const failure = async (given: ModelAnswer, overrides = {}) => {
      answer = given;
      return chatCompletion(config(overrides), [{ role: 'user', content: 'hi' }], 10).then(
        () => undefined,
        (error: ModelError) => ({ kind: error.kind, message: error.message }),
      );
    };
    expect(await failure({ status: 401, body: { error: { message: 'Incorrect API key provided' } } })).toEqual({
      kind: 'BadCredentials',
      message: expect.stringMatching(/refused the API key \(401\): Incorrect API key provided\. Set the key in Profiles › AI customer/),
    });
    expect(await failure({ status: 404, body: { error: { message: 'model "m" not found' } } })).toMatchObject({ kind: 'NotFound' });
    expect(await failure({ status: 429, headers: { 'retry-after': '7' } })).toMatchObject({ kind: 'RateLimited', message: expect.stringContaining('wait 7 s') });
    expect(await failure({ status: 503 })).toMatchObject({ kind: 'ServerError' });
    expect(await failure({ status: 400, body: { error: 'max_tokens too large' } })).toMatchObject({ kind: 'BadReply', message: expect.stringContaining('max_tokens too large') });
    expect(await failure('ready', { baseUrl: server.baseUrl.replace('/v1', '/nothing-here') })).toMatchObject({ kind: 'NotFound' });
    expect(await failure('ready', { baseUrl: 'http://127.0.0.1:9/v1' })).toMatchObject({ kind: 'Unreachable', message: expect.stringContaining('could not be reached') });
    expect(await failure('ready', { baseUrl: 'not a url' })).toMatchObject({ kind: 'Unreachable', message: expect.stringContaining('is not a URL') });
    expect(await failure({ content: 'x'.repeat(1_200_000) })).toMatchObject({ kind: 'BadReply', message: expect.stringContaining('larger than 1 MB') });
    expect(await failure('hang', { timeoutMs: 200 })).toEqual({ kind: 'Timeout', message: expect.stringContaining('did not answer within 0 s') });
  });

  it('answers a hostile or broken server with a clear error, never a crash', async () => {
    const hostile = [{ choices: [] }, { choices: [{ message: { content: 42 } }] }, null, [1, 2], { choices: [{ message: null }] }, 'not json at all'];
    for (const body of hostile) {
      answer = { status: 200, body };
      const error = await chatCompletion(config(), [{ role: 'user', content: 'hi' }], 10).catch((caught: ModelError) => caught);
      expect(error).toBeInstanceOf(ModelError);
      expect((error as ModelError).kind).toBe('BadReply');
    }
    answer = { status: 200, body: { choices: [{ message: { content: 'fine' } }], usage: { prompt_tokens: -5, completion_tokens: 'many', total_tokens: Number.MAX_VALUE } } };
    const reply = await chatCompletion(config(), [{ role: 'user', content: 'hi' }], 10);
    expect(reply.text).toBe('fine');
    expect(reply.tokens.prompt).toBeGreaterThan(0);
    expect(Number.isSafeInteger(reply.tokens.total)).toBe(true);
  });

  it('adds /chat/completions to any base, keeping a query (Azure\'s api-version)', () => {
    expect(completionsUrl('https://api.openai.com/v1').href).toBe('https://api.openai.com/v1/chat/completions');
    expect(completionsUrl('http://localhost:11434/v1/').href).toBe('http://localhost:11434/v1/chat/completions');
    expect(completionsUrl('https://r.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21').href).toBe(
      'https://r.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21',
    );
  });
});

describe('the model settings', () => {
  const settingsWith = (env: Record<string, string> = {}) => {
    const dir = makeTempDir('ai-settings-');
    const backend = createConfBackend(dir.path);
    const vault = createMemoryVault();
    return { settings: new AiModelSettings({ backend, vault, initial: AiSettingsSchema.parse({}), env }), backend, vault, dir };
  };

  it('without a base URL and model says how to add one, and refuses a request', () => {
    const { settings, dir } = settingsWith();
    expect(settings.status()).toMatchObject({ configured: false, howToConfigure: HOW_TO_CONFIGURE_AI, apiKey: 'notSet' });
    expect(() => settings.config()).toThrow(HOW_TO_CONFIGURE_AI);
    dir.remove();
  });

  it('saves the settings in the settings file and the key in the vault; the key never comes back', () => {
    const { settings, backend, vault, dir } = settingsWith();
    settings.save({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', tokenBudget: 5000 });
    const status = settings.setApiKey('sk-live-0123456789abcdef');
    expect(status).toMatchObject({ configured: true, apiKey: 'set', sources: { baseUrl: 'settings', model: 'settings', apiKey: 'settings' } });
    expect(JSON.stringify(status)).not.toContain('sk-live');
    expect(loadSettings(backend).ai).toMatchObject({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', tokenBudget: 5000 });
    expect(JSON.stringify(backend.read())).not.toContain('sk-live');
    expect(vault.get('ai', 'apiKey')).toBe('sk-live-0123456789abcdef');
    expect(settings.config()).toMatchObject({ apiKey: 'sk-live-0123456789abcdef', timeoutMs: 60_000 });
    expect(settings.setApiKey('').apiKey).toBe('notSet');
    // A change of one field keeps the others; a price is removed with null.
    expect(settings.save({ temperature: 0.1, pricePerMillionPrompt: 0.15 }).settings).toMatchObject({ model: 'gpt-4o-mini', tokenBudget: 5000, temperature: 0.1, pricePerMillionPrompt: 0.15 });
    expect(settings.save({ pricePerMillionPrompt: null }).settings.pricePerMillionPrompt).toBeUndefined();
    dir.remove();
  });

  it('takes GUEST_CONSOLE_AI_* from the environment over the saved settings', () => {
    const { settings, dir } = settingsWith({ GUEST_CONSOLE_AI_BASE_URL: 'http://localhost:11434/v1', GUEST_CONSOLE_AI_MODEL: 'llama3.1', GUEST_CONSOLE_AI_API_KEY: 'env-key-0123456789' });
    settings.save({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' });
    expect(settings.status()).toMatchObject({ configured: true, settings: { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' }, sources: { baseUrl: 'environment', model: 'environment', apiKey: 'environment' } });
    expect(settings.config().apiKey).toBe('env-key-0123456789');
    dir.remove();
  });

  it('says the key comes from the environment where the vault itself reads the environment (web host, CLI)', () => {
    const env = { GUEST_CONSOLE_AI_API_KEY: 'env-key-0123456789' };
    const dir = makeTempDir('ai-settings-');
    const settings = new AiModelSettings({ backend: createConfBackend(dir.path), vault: createEnvironmentVault(env), initial: AiSettingsSchema.parse({}), env });
    expect(settings.status().sources.apiKey).toBe('environment');
    expect(settings.setApiKey('typed-key-0123456789').sources.apiKey).toBe('settings');
    expect(settings.setApiKey('').sources.apiKey).toBe('environment');
    dir.remove();
  });

  it('refuses plain http to a host on the internet and credentials in the URL', () => {
    const { settings, dir } = settingsWith();
    expect(() => settings.save({ baseUrl: 'http://api.example.com/v1' })).toThrow(/unencrypted/);
    expect(() => settings.save({ baseUrl: 'https://user:pass@api.example.com/v1' })).toThrow(/not in the URL/);
    expect(() => settings.save({ baseUrl: 'ftp://x/v1' })).toThrow(/https:\/\//);
    for (const local of ['http://localhost:1234/v1', 'http://127.0.0.1:8080/v1', 'http://192.168.1.20:11434/v1', 'http://ollama:11434/v1', 'http://gpu.local:8000/v1']) {
      expect(settings.save({ baseUrl: local }).settings.baseUrl).toBe(local);
    }
    dir.remove();
  });
});
