// "Check webhook": posts two sample deliveries to the profile's own receiver, one signed with the
// profile's webhook secret and one signed with a random other secret, and reports how each was
// answered. It checks the receiver and the secret the console holds, not the path from Genesys (that
// needs the tunnel and the integration's URL). The sample is addressed to a customer id no guest uses,
// so it never shows in a thread.
import { randomBytes } from 'node:crypto';
import type { OpenNormalizedMessage } from '../../../protocol/openmessaging/normalized-message';
import { WEBHOOK_SIGNATURE_HEADER, signWebhookBody } from '../../../protocol/openmessaging/webhook-signature';
import type { WebhookCheckResult } from './open-messaging-guests';
import { PlatformError } from './platform-error';

export async function checkWebhook(args: {
  url: string;
  secret: string | undefined;
  integrationId: string;
  newId: () => string;
  time: string;
  fetch: typeof fetch;
}): Promise<WebhookCheckResult> {
  if (!args.secret) throw new PlatformError('NotConfigured', 'Set the profile\'s webhook secret first: the receiver rejects every delivery without it.');
  const sample: OpenNormalizedMessage = {
    id: `webhook-check-${args.newId()}`,
    channel: {
      id: args.integrationId,
      platform: 'Open',
      type: 'Private',
      to: { id: `webhook-check-${args.newId()}`, idType: 'Opaque' },
      from: { id: args.integrationId, idType: 'Opaque', nickname: 'Guest Console check' },
      time: args.time,
    },
    type: 'Text',
    text: 'Guest Console webhook check',
    direction: 'Outbound',
  };
  const body = JSON.stringify(sample);
  const post = async (signature: string) => {
    const response = await args.fetch(args.url, { method: 'POST', headers: { 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signature }, body });
    await response.arrayBuffer();
    return { status: response.status, accepted: response.ok };
  };
  return {
    correctlySigned: await post(signWebhookBody(args.secret, body)),
    wronglySigned: await post(signWebhookBody(randomBytes(24).toString('hex'), body)),
  };
}
