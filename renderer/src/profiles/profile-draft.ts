// A profile as its form edits it: every field a string (the port too, until saved), and the conversions from
// a saved profile and back to what `profiles.save` takes. The empty draft is what "Add profile" starts from.
import type { Profile, ProfileInput } from '../../../shared/contract';

export type Draft = {
  id?: string;
  name: string;
  region: string;
  /** With the custom region: a domain or a base URL. */
  customHost: string;
  deploymentId: string;
  origin: string;
  integrationId: string;
  clientId: string;
  receiveMode: 'webhook' | 'poll';
  webhookHost: string;
  webhookPort: string;
};

export const EMPTY_DRAFT: Draft = {
  name: '',
  region: 'us-east-1',
  customHost: '',
  deploymentId: '',
  origin: '',
  integrationId: '',
  clientId: '',
  receiveMode: 'webhook',
  webhookHost: '127.0.0.1',
  webhookPort: '0',
};

export function draftOf(profile: Profile): Draft {
  return {
    id: profile.id,
    name: profile.name,
    region: profile.region,
    customHost: profile.customHost,
    deploymentId: profile.webMessaging.deploymentId,
    origin: profile.webMessaging.origin,
    integrationId: profile.openMessaging.integrationId,
    clientId: profile.openMessaging.clientId,
    receiveMode: profile.openMessaging.receiveMode,
    webhookHost: profile.openMessaging.webhookHost,
    webhookPort: String(profile.openMessaging.webhookPort),
  };
}

export function inputOf(draft: Draft): ProfileInput {
  return {
    id: draft.id,
    name: draft.name,
    region: draft.region,
    customHost: draft.customHost,
    webMessaging: { deploymentId: draft.deploymentId, origin: draft.origin },
    openMessaging: {
      integrationId: draft.integrationId,
      clientId: draft.clientId,
      receiveMode: draft.receiveMode,
      webhookHost: draft.webhookHost,
      webhookPort: Number.parseInt(draft.webhookPort || '0', 10),
    },
  };
}
