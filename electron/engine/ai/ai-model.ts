// The model as the AI customer's users see it (the console's plays, scenario steps, load runs): the settings in
// force, one `ask` that reaches the configured endpoint — its request and reply shown in the conversation's
// inspector when a conversation is named — and the redaction every text sent to it goes through.
import type { AiSettings } from '../../../shared/ai-contract';
import type { InspectorFrame } from '../../../shared/contract';
import type { AiModelSettings } from './ai-model-settings';
import { chatCompletion, type ChatMessage, type ChatReply } from './model-client';

/** What to do when no model is set up (every AI feature says it). Here, not with the settings, so what loads
 *  this facade (a load run) does not load the settings' schemas. */
export const HOW_TO_CONFIGURE_AI =
  'No AI model is set up. In the console: Profiles › AI customer (base URL, model, API key). Outside it: set GUEST_CONSOLE_AI_BASE_URL ' +
  '(e.g. https://api.openai.com/v1, or http://localhost:11434/v1 for Ollama), GUEST_CONSOLE_AI_MODEL and, for a hosted model, GUEST_CONSOLE_AI_API_KEY.';

export interface AiModel {
  /** The settings in force; throws (Unavailable, saying how to add a model) when none is configured. */
  settings(): AiSettings;
  ask(messages: ChatMessage[], maxTokens: number, conversationId?: string): Promise<ChatReply>;
  /** The vault's values (and the sandbox's) replaced: what the model may read of a thread or a persona. */
  redact(text: string): string;
}

export function aiModel(options: {
  settings: AiModelSettings;
  redact: (text: string) => string;
  inspectorNote: (conversationId: string, direction: InspectorFrame['direction'], text: string) => void;
  fetch?: typeof fetch;
}): AiModel {
  return {
    settings: () => options.settings.config().settings,
    ask: (messages, maxTokens, conversationId) =>
      chatCompletion(options.settings.config(), messages, maxTokens, {
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(conversationId
          ? { onExchange: (exchange) => options.inspectorNote(conversationId, exchange.direction === 'request' ? 'modelRequest' : 'modelReply', exchange.text) }
          : {}),
      }),
    redact: options.redact,
  };
}
