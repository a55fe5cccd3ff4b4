// Integration setup through the SDK: list the org's Open Messaging integrations, and create one or
// update its name, webhook URL and secret (spec §4). Secrets go to Genesys and nowhere else: what
// comes back to the console is an IntegrationSummary without them.
import { OpenIntegrationListingSchema, OpenIntegrationSchema, type OpenIntegration } from '../../../protocol/openmessaging/integration';
import type { IntegrationInput, IntegrationSummary } from './open-messaging-guests';
import type { PlatformClient } from './platform-client';
import { PlatformError } from './platform-error';

const PAGE_SIZE = 100;
const MAX_PAGES = 20;
const INTEGRATIONS_PATH = '/api/v2/conversations/messaging/integrations/open';

function summary(integration: OpenIntegration): IntegrationSummary {
  return {
    id: integration.id,
    name: integration.name,
    webhookUrl: integration.outboundNotificationWebhookUrl,
    ...(integration.status ? { status: integration.status } : {}),
    ...(integration.createStatus ? { createStatus: integration.createStatus } : {}),
  };
}

export async function listIntegrations(client: PlatformClient): Promise<IntegrationSummary[]> {
  const found: IntegrationSummary[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
    const response = await client.call({
      action: 'list the Open Messaging integrations',
      label: `GET ${INTEGRATIONS_PATH}?pageNumber=${pageNumber}`,
      run: (api) => api.getConversationsMessagingIntegrationsOpen({ pageSize: PAGE_SIZE, pageNumber }),
      priority: 'send',
    });
    const page = OpenIntegrationListingSchema.safeParse(response.body);
    if (!page.success) throw new PlatformError('Rejected', 'Genesys answered the integration list in an unexpected shape.');
    found.push(...page.data.entities.map(summary));
    if (page.data.entities.length < PAGE_SIZE || found.length >= page.data.total) break;
  }
  return found;
}

export async function saveIntegration(client: PlatformClient, input: IntegrationInput, storedSecret: string | undefined): Promise<IntegrationSummary> {
  const secret = input.webhookSecret ?? storedSecret;
  const fields = {
    name: input.name,
    outboundNotificationWebhookUrl: input.webhookUrl,
    ...(secret ? { outboundNotificationWebhookSignatureSecretToken: secret } : {}),
  };
  const id = input.id;
  let response;
  if (id) {
    response = await client.call({
      action: 'update the Open Messaging integration',
      label: `PATCH ${INTEGRATIONS_PATH}/${id}`,
      body: { ...fields, ...(secret ? { outboundNotificationWebhookSignatureSecretToken: '[secret]' } : {}) },
      run: (api) => api.patchConversationsMessagingIntegrationsOpenIntegrationId(id, fields),
      priority: 'send',
    });
  } else {
    if (!secret) {
      throw new PlatformError('NotConfigured', 'A new integration needs a webhook secret: set one in the profile (or give one here) first.');
    }
    response = await client.call({
      action: 'create the Open Messaging integration',
      label: `POST ${INTEGRATIONS_PATH}`,
      body: { ...fields, outboundNotificationWebhookSignatureSecretToken: '[secret]' },
      run: (api) => api.postConversationsMessagingIntegrationsOpen({ ...fields, outboundNotificationWebhookSignatureSecretToken: secret }),
      priority: 'send',
    });
  }
  const saved = OpenIntegrationSchema.safeParse(response.body);
  if (!saved.success) throw new PlatformError('Rejected', 'Genesys answered the integration save in an unexpected shape.');
  return summary(saved.data);
}
