// The sandbox org's Open Messaging integrations (list, get, create, update, delete). The demo
// integration exists from the start. Deliberate difference: besides https URLs, the webhook URL may
// be plain http on a loopback host, so a desktop receiver needs no tunnel; and the demo integration
// starts with an empty webhook URL (nothing is delivered until a receiver sets one). Integrations are kept
// in the sandbox's state; the demo integration is made when the state starts fresh.
import type { Clock } from '../../protocol/clock';
import {
  OpenIntegrationRequestSchema,
  OpenIntegrationUpdateRequestSchema,
  type OpenIntegration,
  type OpenIntegrationListing,
} from '../../protocol/openmessaging/integration';
import type { SandboxOrg } from '../demo-org';
import type { StateShelf } from '../state/sandbox-state';
import { PlatformFailure, PlatformFailures, parseBody } from './platform-reply';
import type { WebhookTarget } from './webhook-delivery';

export const INTEGRATIONS_PATH = '/api/v2/conversations/messaging/integrations/open';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Null when the URL is acceptable as a webhook target, otherwise why not. */
function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `outboundNotificationWebhookUrl "${raw}" is not an absolute URL.`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'outboundNotificationWebhookUrl must be https, or http on a loopback host (127.0.0.1, localhost, [::1]) in the sandbox.';
}

export interface IntegrationRegistry {
  list(pageNumber: number, pageSize: number): OpenIntegrationListing;
  get(id: string): OpenIntegration | PlatformFailure;
  create(body: unknown): OpenIntegration | PlatformFailure;
  update(id: string, body: unknown): OpenIntegration | PlatformFailure;
  remove(id: string): true | PlatformFailure;
  /** Where the integration's deliveries go now; null once it is deleted. */
  webhookTarget(id: string): WebhookTarget | null;
}

export function createIntegrationRegistry(deps: {
  clock: Clock;
  newId: () => string;
  org: SandboxOrg;
  shelf: StateShelf<OpenIntegration>;
  /** The state holds nothing yet: the org starts with its demo integration. */
  fresh: boolean;
}): IntegrationRegistry {
  const now = (): string => new Date(deps.clock.now()).toISOString();
  const integrations = new Map<string, OpenIntegration>(deps.shelf.restored);
  const keep = (integration: OpenIntegration) => {
    integrations.set(integration.id, integration);
    deps.shelf.put(integration.id, () => integration);
  };
  if (deps.fresh) {
    const created = now();
    keep({
      id: deps.org.integrationId,
      name: deps.org.integrationName,
      // No receiver yet: empty means "deliver nowhere" until a receiver registers its URL with PATCH.
      outboundNotificationWebhookUrl: '',
      outboundNotificationWebhookSignatureSecretToken: deps.org.webhookSecret,
      status: 'Active',
      createStatus: 'Completed',
      dateCreated: created,
      dateModified: created,
      selfUri: `${INTEGRATIONS_PATH}/${deps.org.integrationId}`,
    });
  }

  const notFound = (id: string): PlatformFailure =>
    PlatformFailures.notFound(`Open Messaging integration ${id} was not found.`);

  return {
    list(pageNumber, pageSize) {
      const all = [...integrations.values()];
      const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
      const page = (n: number): string => `${INTEGRATIONS_PATH}?pageSize=${pageSize}&pageNumber=${n}`;
      return {
        entities: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((i) => ({ ...i })),
        pageSize,
        pageNumber,
        total: all.length,
        pageCount,
        selfUri: page(pageNumber),
        firstUri: page(1),
        lastUri: page(pageCount),
        ...(pageNumber < pageCount ? { nextUri: page(pageNumber + 1) } : {}),
        ...(pageNumber > 1 ? { previousUri: page(pageNumber - 1) } : {}),
      };
    },
    get(id) {
      const found = integrations.get(id);
      return found ? { ...found } : notFound(id);
    },
    create(body) {
      const request = parseBody(OpenIntegrationRequestSchema, body);
      if (request instanceof PlatformFailure) return request;
      const problem = webhookUrlProblem(request.outboundNotificationWebhookUrl);
      if (problem) return PlatformFailures.badRequest(problem);
      const id = deps.newId();
      const at = now();
      const integration: OpenIntegration = {
        id,
        name: request.name,
        outboundNotificationWebhookUrl: request.outboundNotificationWebhookUrl,
        outboundNotificationWebhookSignatureSecretToken: request.outboundNotificationWebhookSignatureSecretToken,
        ...(request.webhookHeaders ? { webhookHeaders: request.webhookHeaders } : {}),
        status: 'Active',
        createStatus: 'Completed',
        dateCreated: at,
        dateModified: at,
        selfUri: `${INTEGRATIONS_PATH}/${id}`,
      };
      keep(integration);
      return { ...integration };
    },
    update(id, body) {
      const existing = integrations.get(id);
      if (!existing) return notFound(id);
      const request = parseBody(OpenIntegrationUpdateRequestSchema, body);
      if (request instanceof PlatformFailure) return request;
      if (request.outboundNotificationWebhookUrl !== undefined) {
        const problem = webhookUrlProblem(request.outboundNotificationWebhookUrl);
        if (problem) return PlatformFailures.badRequest(problem);
      }
      const updated: OpenIntegration = {
        ...existing,
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.outboundNotificationWebhookUrl !== undefined
          ? { outboundNotificationWebhookUrl: request.outboundNotificationWebhookUrl }
          : {}),
        ...(request.outboundNotificationWebhookSignatureSecretToken !== undefined
          ? { outboundNotificationWebhookSignatureSecretToken: request.outboundNotificationWebhookSignatureSecretToken }
          : {}),
        ...(request.webhookHeaders !== undefined ? { webhookHeaders: request.webhookHeaders } : {}),
        dateModified: now(),
      };
      keep(updated);
      return { ...updated };
    },
    remove(id) {
      if (!integrations.delete(id)) return notFound(id);
      deps.shelf.remove(id);
      return true;
    },
    webhookTarget(id) {
      const integration = integrations.get(id);
      if (!integration) return null;
      return {
        url: integration.outboundNotificationWebhookUrl,
        secret: integration.outboundNotificationWebhookSignatureSecretToken,
        headers: integration.webhookHeaders ?? {},
      };
    },
  };
}
