// One request to an OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, Ollama, LM Studio, vLLM,
// llama.cpp): POST <baseUrl>/chat/completions with the messages, the model and the temperature; the reply's text
// and token usage back. Failures are classified once into kinds a person can act on (ModelError). Every request
// and reply is handed to `onExchange` as text for the inspector, the key never in it: it travels only in the
// Authorization header (Azure's `api-key` header for *.openai.azure.com), which the text shows as [redacted].
// A request that takes longer than its timeout is aborted: a slow model fails the step, never hangs it.
import type { AiTokens } from '../../../shared/ai-contract';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  temperature: number;
  timeoutMs: number;
}

export interface ChatReply {
  text: string;
  tokens: AiTokens;
  /** The model the server says answered (may differ from the one asked, e.g. a dated version). */
  model: string;
}

export type ModelErrorKind = 'BadCredentials' | 'NotFound' | 'RateLimited' | 'Timeout' | 'Unreachable' | 'ServerError' | 'BadReply';

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export type ModelExchange = { direction: 'request'; text: string } | { direction: 'reply'; text: string };

export interface ModelClientOptions {
  fetch?: typeof fetch;
  /** Each request and reply as the inspector shows it (the key replaced). */
  onExchange?: (exchange: ModelExchange) => void;
}

/** The endpoint of a base URL: `/chat/completions` added unless it is there (Azure's `?api-version=` kept). */
export function completionsUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions')) url.pathname = `${path}/chat/completions`;
  return url;
}

const isAzure = (url: URL) => url.hostname.endsWith('.openai.azure.com') || url.hostname.endsWith('.cognitiveservices.azure.com');

/** Rough tokens of a text for servers that report no usage: about four characters each. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export async function chatCompletion(config: ModelConfig, messages: readonly ChatMessage[], maxTokens: number, options: ModelClientOptions = {}): Promise<ChatReply> {
  let url: URL;
  try {
    url = completionsUrl(config.baseUrl);
  } catch {
    throw new ModelError('Unreachable', `The model's base URL "${config.baseUrl}" is not a URL; use e.g. https://api.openai.com/v1.`);
  }
  const azure = isAzure(url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.apiKey) headers[azure ? 'api-key' : 'authorization'] = azure ? config.apiKey : `Bearer ${config.apiKey}`;
  const body = { model: config.model, messages, temperature: config.temperature, max_tokens: maxTokens, stream: false };
  const bodyText = JSON.stringify(body);
  const keyHeader = config.apiKey ? `\n${azure ? 'api-key: [redacted]' : 'Authorization: Bearer [redacted]'}` : '';
  options.onExchange?.({ direction: 'request', text: `POST ${url.origin}${url.pathname}${url.search}${keyHeader}\n${JSON.stringify(body, null, 2)}` });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, { method: 'POST', headers, body: bodyText, signal: controller.signal, redirect: 'error' });
    text = await boundedText(response);
  } catch (error) {
    if (error instanceof ModelError) {
      options.onExchange?.({ direction: 'reply', text: `no reply: ${error.message}` });
      throw error;
    }
    const reason = controller.signal.aborted ? `did not answer within ${Math.round(config.timeoutMs / 1000)} s` : `could not be reached (${causeOf(error)})`;
    options.onExchange?.({ direction: 'reply', text: `no reply: the model server ${reason}` });
    throw new ModelError(controller.signal.aborted ? 'Timeout' : 'Unreachable', `The model server at ${url.origin} ${reason}.`);
  } finally {
    clearTimeout(timer);
  }
  options.onExchange?.({ direction: 'reply', text: `${response.status} ${response.statusText}\n${prettyJson(text)}` });
  if (!response.ok) throw httpError(response.status, text, url, config.model, response.headers.get('retry-after'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ModelError('BadReply', `The model server at ${url.origin} answered with something that is not JSON; is the base URL an OpenAI-compatible endpoint (often ending in /v1)?`);
  }
  const reply = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown }; model?: unknown };
  const content = reply.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new ModelError('BadReply', `The model server's reply holds no message (choices[0].message.content); is ${url.origin} an OpenAI-compatible chat-completions endpoint?`);
  // A count no single request reaches is a broken server's, not one to charge against the budget.
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TOKENS_PER_REQUEST ? Math.round(value) : undefined);
  const prompt = count(reply.usage?.prompt_tokens) ?? estimateTokens(bodyText);
  const completion = count(reply.usage?.completion_tokens) ?? estimateTokens(content);
  return { text: content, tokens: { prompt, completion, total: count(reply.usage?.total_tokens) ?? prompt + completion }, model: typeof reply.model === 'string' ? reply.model : config.model };
}

const MAX_TOKENS_PER_REQUEST = 10_000_000;

/** A chat answer is a few kilobytes; a server that sends more than this is not one to read to the end. */
const MAX_REPLY_BYTES = 1_000_000;

async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new ModelError('BadReply', `The model server's reply is larger than ${MAX_REPLY_BYTES / 1_000_000} MB; it is not a chat-completions answer.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function httpError(status: number, text: string, url: URL, model: string, retryAfter: string | null): ModelError {
  const said = serverMessage(text);
  const because = said ? `: ${said}` : '';
  if (status === 401 || status === 403) return new ModelError('BadCredentials', `The model server at ${url.origin} refused the API key (${status})${because}. Set the key in Profiles › AI customer, or GUEST_CONSOLE_AI_API_KEY.`);
  if (status === 404) return new ModelError('NotFound', `The model server at ${url.origin} has no ${url.pathname} or no model "${model}" (404)${because}.`);
  if (status === 429) return new ModelError('RateLimited', `The model server at ${url.origin} is limiting requests (429)${retryAfter ? `; it asks to wait ${retryAfter} s` : ''}${because}.`);
  if (status >= 500) return new ModelError('ServerError', `The model server at ${url.origin} failed (${status})${because}.`);
  return new ModelError('BadReply', `The model server at ${url.origin} refused the request (${status})${because}.`);
}

/** The `error.message` an OpenAI-compatible server puts in its error body, shortened; never the request. */
function serverMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : typeof body.error?.message === 'string' ? body.error.message : typeof body.message === 'string' ? body.message : undefined;
    return message?.slice(0, 300);
  } catch {
    return undefined;
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text.slice(0, 4000);
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
