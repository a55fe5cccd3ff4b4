// Profiles › AI customer: the language model that plays the guest — any OpenAI-compatible chat-completions endpoint
// (base URL, model, temperature, a token budget per run, the request timeout, optional prices for a cost estimate)
// and its API key, write-only like the profiles' secrets: the page sends it and afterwards only sees set or not set.
// A value the environment sets (GUEST_CONSOLE_AI_*) wins and is shown read-only. "Test the model" asks it one
// short question.
import { useEffect, useState } from 'react';
import type { AiStatus } from '../../../shared/ai-contract';
import type { AppInfo, ContractError, ResponseOf } from '../../../shared/contract';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';
import { TextField } from './TextField';

type SecretProtection = AppInfo['secretProtection'];

/** The Profiles screen's id for this section (the conversation's "Open AI customer settings" opens it). */
export const AI_CUSTOMER_SECTION = 'ai-customer';

const PROVIDERS = [
  { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', note: 'an API key is needed; models such as gpt-4o-mini' },
  { name: 'Azure OpenAI', baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1', note: 'put your resource’s name in the URL; the model is your deployment’s name; an API key is needed' },
  { name: 'Ollama', baseUrl: 'http://localhost:11434/v1', note: 'on this machine, no key; the model as `ollama list` names it' },
  { name: 'LM Studio', baseUrl: 'http://localhost:1234/v1', note: 'on this machine, no key; start its local server with a model loaded' },
] as const;

const ENV_NAMES = { baseUrl: 'GUEST_CONSOLE_AI_BASE_URL', model: 'GUEST_CONSOLE_AI_MODEL', apiKey: 'GUEST_CONSOLE_AI_API_KEY' } as const;

/** Under the base URL: the chosen provider's note, else what the field means. */
function providerHint(baseUrl: string): string {
  const provider = PROVIDERS.find((candidate) => candidate.baseUrl === baseUrl);
  return provider ? `${provider.name}: ${provider.note}.` : 'The endpoint’s base; /chat/completions is added. OpenAI: https://api.openai.com/v1 · Ollama: http://localhost:11434/v1 · LM Studio: http://localhost:1234/v1';
}

interface Form {
  baseUrl: string;
  model: string;
  temperature: string;
  tokenBudget: string;
  requestTimeoutSec: string;
  pricePerMillionPrompt: string;
  pricePerMillionCompletion: string;
}

function formOf(status: AiStatus): Form {
  const { settings } = status;
  return {
    baseUrl: settings.baseUrl,
    model: settings.model,
    temperature: String(settings.temperature),
    tokenBudget: String(settings.tokenBudget),
    requestTimeoutSec: String(settings.requestTimeoutSec),
    pricePerMillionPrompt: settings.pricePerMillionPrompt === undefined ? '' : String(settings.pricePerMillionPrompt),
    pricePerMillionCompletion: settings.pricePerMillionCompletion === undefined ? '' : String(settings.pricePerMillionCompletion),
  };
}

/** Where a key typed here is kept, by the host's vault. */
const KEPT_IN: Record<SecretProtection, string> = {
  os: 'Kept in this computer’s secret store (the OS vault), never shown again.',
  memory: 'Kept in memory only until the console quits (this system has no secret store), never shown again.',
  environment: 'Kept by the web host until it stops, never shown again; for good, start it with GUEST_CONSOLE_AI_API_KEY.',
};

export function AiModelSettings({ protection }: { protection?: SecretProtection }) {
  const status = useContractData('ai.status', {});
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<ResponseOf<'ai.test'> | 'testing' | null>(null);
  const current = status.data;
  useEffect(() => {
    if (current && form === null) setForm(formOf(current));
  }, [current, form]);

  if (!current || !form) {
    return <section className="form ai-settings" aria-label="AI customer">{status.error ? <p role="alert" className="error">{status.error.message}</p> : <p className="muted">Loading…</p>}</section>;
  }
  const fromEnv = (part: 'baseUrl' | 'model') => current.sources[part] === 'environment';
  const issue = (path: string) => error?.issues?.find((candidate) => candidate.path === path)?.message;
  const edit = (part: keyof Form) => (value: string) => {
    setSaved(false);
    setForm({ ...form, [part]: value });
  };
  const price = (value: string) => (value.trim() === '' ? null : Number(value));

  const save = async () => {
    setTest(null);
    const result = await api['ai.saveSettings']({
      // What the environment sets is not saved: it would stay behind when the variable goes.
      ...(fromEnv('baseUrl') ? {} : { baseUrl: form.baseUrl.trim() }),
      ...(fromEnv('model') ? {} : { model: form.model.trim() }),
      temperature: Number(form.temperature),
      tokenBudget: Number(form.tokenBudget),
      requestTimeoutSec: Number(form.requestTimeoutSec),
      // An emptied price is removed (null), not kept.
      pricePerMillionPrompt: price(form.pricePerMillionPrompt),
      pricePerMillionCompletion: price(form.pricePerMillionCompletion),
    });
    if (!result.ok) {
      setError(result.error);
      setSaved(false);
      return;
    }
    setError(null);
    setSaved(true);
    status.update(() => result.data);
    setForm(formOf(result.data));
  };

  const runTest = async () => {
    setTest('testing');
    const result = await api['ai.test']({});
    setTest(result.ok ? result.data : { ok: false, detail: result.error.message });
  };

  const envHint = (part: 'baseUrl' | 'model') => (fromEnv(part) ? `Set by ${ENV_NAMES[part]} in the environment; it wins over a saved value.` : undefined);

  return (
    <section className="form ai-settings" aria-label="AI customer">
      <h2>AI customer</h2>
      <p className="muted">
        The language model that plays the guest (“Let AI play”, a scenario’s <code>ai</code> step, AI guests in a load run): any
        OpenAI-compatible chat-completions endpoint, hosted or on this machine.
      </p>
      {current.configured ? (
        <p className="ai-settings-state success">
          Set up: {current.settings.model} at {current.settings.baseUrl}
        </p>
      ) : (
        <p className="warning" role="note">
          {current.howToConfigure}
        </p>
      )}
      <form
        className="ai-settings-form"
        aria-label="Model settings"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField
          label="Base URL"
          value={form.baseUrl}
          onChange={edit('baseUrl')}
          readOnly={fromEnv('baseUrl')}
          placeholder="https://api.openai.com/v1"
          error={issue('baseUrl')}
          hint={envHint('baseUrl') ?? providerHint(form.baseUrl)}
        />
        <div className="ai-providers" role="group" aria-label="Common endpoints">
          <span className="muted small">Fill in:</span>
          {PROVIDERS.map((provider) => (
            <button
              key={provider.name}
              type="button"
              className="ai-provider"
              disabled={fromEnv('baseUrl')}
              aria-pressed={form.baseUrl === provider.baseUrl}
              onClick={() => edit('baseUrl')(provider.baseUrl)}
              title={`${provider.baseUrl} — ${provider.note}`}
            >
              {provider.name}
            </button>
          ))}
        </div>
        <div className="ai-settings-row">
          <TextField label="Model" value={form.model} onChange={edit('model')} readOnly={fromEnv('model')} placeholder="e.g. gpt-4o-mini or llama3.1" error={issue('model')} hint={envHint('model')} />
          <TextField label="Temperature" value={form.temperature} onChange={edit('temperature')} inputMode="decimal" error={issue('temperature')} hint="0 to 2; higher is more varied." />
        </div>
        <div className="row-even">
          <TextField label="Token budget per run" value={form.tokenBudget} onChange={edit('tokenBudget')} inputMode="numeric" error={issue('tokenBudget')} hint="A play, scenario or load run stops when it is spent." />
          <TextField label="Request timeout (seconds)" value={form.requestTimeoutSec} onChange={edit('requestTimeoutSec')} inputMode="numeric" error={issue('requestTimeoutSec')} hint="5 to 600." />
        </div>
        <div className="row-even">
          <TextField label="Price per million prompt tokens" value={form.pricePerMillionPrompt} onChange={edit('pricePerMillionPrompt')} inputMode="decimal" error={issue('pricePerMillionPrompt')} hint="Optional, for the cost estimate." />
          <TextField label="Price per million completion tokens" value={form.pricePerMillionCompletion} onChange={edit('pricePerMillionCompletion')} inputMode="decimal" error={issue('pricePerMillionCompletion')} hint="Optional, any currency." />
        </div>
        {error && !error.issues?.length && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
        {saved && (
          <p role="status" className="success">
            Settings saved.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
      <ApiKeyField status={current} protection={protection} onChange={(next) => status.update(() => next)} />
      <div className="actions">
        <button type="button" disabled={!current.configured || test === 'testing'} onClick={() => void runTest()}>
          {test === 'testing' ? 'Testing…' : 'Test the model'}
        </button>
      </div>
      {test && test !== 'testing' && (
        <p role="status" aria-label="Model test" className={`ai-test ${test.ok ? 'ai-test-ok' : 'ai-test-failed'}`}>
          <strong>{test.ok ? 'It answers.' : 'It does not answer.'}</strong> {test.detail}
          {test.ok && (
            <span className="muted">
              {' '}
              {[test.model && `Model ${test.model}`, test.latencyMs !== undefined && `${test.latencyMs} ms`, test.tokens && `${test.tokens.total} tokens`].filter(Boolean).join(' · ')}
            </span>
          )}
        </p>
      )}
    </section>
  );
}

/** Write-only: typed, sent, cleared from the page; only "set" or "not set" comes back. */
function ApiKeyField({ status, protection, onChange }: { status: AiStatus; protection: SecretProtection | undefined; onChange: (status: AiStatus) => void }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fromEnv = status.sources.apiKey === 'environment';
  const set = status.apiKey === 'set';
  const submit = async (next: string) => {
    const result = await api['ai.setApiKey']({ value: next });
    setValue('');
    if (!result.ok) return setProblem(result.error.message);
    setProblem(null);
    onChange(result.data);
  };
  return (
    <fieldset className="secrets">
      <legend>API key</legend>
      {fromEnv ? (
        <p className="muted small">Set by {ENV_NAMES.apiKey} in the environment. A key saved here would be used instead.</p>
      ) : (
        <p className="muted small">{protection ? KEPT_IN[protection] : 'Never shown again.'} A local server (Ollama, LM Studio) needs none.</p>
      )}
      <div className="secret-field">
        <label htmlFor="ai-api-key" className="visually-hidden">
          API key
        </label>
        <input
          id="ai-api-key"
          type="password"
          autoComplete="off"
          value={value}
          placeholder={set ? '•••••••• (set — type to replace)' : 'not set'}
          onChange={(event) => setValue(event.target.value)}
        />
        <span className={`secret-state secret-${set ? 'set' : 'unset'}`} aria-label="API key status">
          {set ? 'set' : 'not set'}
        </span>
        <button type="button" disabled={value === ''} onClick={() => void submit(value)}>
          {set ? 'Replace key' : 'Set key'}
        </button>
        {set && !fromEnv && (
          <button type="button" className="link" onClick={() => void submit('')}>
            Remove
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
