// `createOpenMessagingGuests`: the Open Messaging channel for the conversation service. Per profile it
// keeps one PlatformClient (its own SDK ApiClientClass and OAuth token), one RequestBudget shared by all
// of the profile's guests, one webhook receiver (started on first need), the files it hosts and its seen
// delivery ids (kept in the data folder); guests are built on these. Profile settings are read when a guest
// is created or a method is called; secrets come from the injected lookup each time they are needed and are
// never stored here.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Profile } from '../../../../shared/contract';
import type { Clock } from '../../../protocol/clock';
import type { GuestConnection } from '../../channels/guest-connection';
import { HostedFiles } from './hosted-files';
import { listIntegrations, saveIntegration } from './integration-setup';
import { OpenMessagingGuest } from './open-messaging-guest';
import type { IntegrationInput, IntegrationSummary, OpenMessagingGuestRequest, OpenMessagingGuests, WebhookAttemptRecord, WebhookCheckResult } from './open-messaging-guests';
import { PlatformClient } from './platform-client';
import { DEFAULT_POLL_TUNING, type PollTuning } from './poll-schedule';
import { RequestBudget } from './request-budget';
import { checkWebhook } from './webhook-check';
import { WebhookReceiver } from './webhook-receiver';
import { WebhookReplayGuard, replayFileName } from './webhook-replay-guard';

export interface OpenMessagingGuestsOptions {
  clock: Clock;
  secrets: (profileId: string, kind: 'clientSecret' | 'webhookSecret') => string | undefined;
  sandbox: { baseUrl: string } | null;
  /** Folder for each profile's seen webhook delivery ids (replay protection across restarts); without it, memory only. */
  webhookDeliveriesDirectory?: string;
  newId?: () => string;
  poller?: Partial<PollTuning>;
  /** Platform API requests per minute for all guests of one profile. Default 120 (Genesys' limit is 300 per client). */
  requestBudgetPerMinute?: number;
  /** Requests that may go out at once after a quiet spell. Default a tenth of the per-minute budget. */
  requestBurst?: number;
  /** Per-attempt HTTP timeout of the SDK. Default 16 s. */
  requestTimeoutMs?: number;
  /** Attempts for a message on 5xx/timeouts before it is reported failed. Default 4. */
  maxSendAttempts?: number;
  /** A Delivered receipt for every agent message received. Default true. */
  deliveryReceipts?: boolean;
  random?: () => number;
  /** HTTP for the webhook check's sample deliveries (the SDK has its own). Default the global fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_REQUEST_BUDGET_PER_MINUTE = 120;

interface ProfileLink {
  key: string;
  client: PlatformClient;
  budget: RequestBudget;
  files: HostedFiles;
  replays: WebhookReplayGuard;
  receiver: WebhookReceiver | undefined;
  guests: Set<OpenMessagingGuest>;
}

export function createOpenMessagingGuests(options: OpenMessagingGuestsOptions): OpenMessagingGuests {
  const newId = options.newId ?? randomUUID;
  const tuning: PollTuning = { ...DEFAULT_POLL_TUNING, ...options.poller };
  const links = new Map<string, ProfileLink>();

  const clientKey = (profile: Profile) => `${profile.region}\u0000${profile.openMessaging.clientId}`;

  const linkOf = (profile: Profile): ProfileLink => {
    let link = links.get(profile.id);
    if (link && link.key !== clientKey(profile)) link.client = newClient(profile, link.budget);
    if (link) {
      link.key = clientKey(profile);
      return link;
    }
    const budget = new RequestBudget({
      clock: options.clock,
      perMinute: options.requestBudgetPerMinute ?? DEFAULT_REQUEST_BUDGET_PER_MINUTE,
      ...(options.requestBurst !== undefined ? { burst: options.requestBurst } : {}),
    });
    const directory = options.webhookDeliveriesDirectory;
    const replays = new WebhookReplayGuard({ clock: options.clock, ...(directory ? { file: path.join(directory, replayFileName(profile.id)) } : {}) });
    link = { key: clientKey(profile), client: newClient(profile, budget), budget, files: new HostedFiles(), replays, receiver: undefined, guests: new Set() };
    links.set(profile.id, link);
    return link;
  };

  const newClient = (profile: Profile, budget: RequestBudget) =>
    new PlatformClient({
      profile,
      clientSecret: () => options.secrets(profile.id, 'clientSecret'),
      sandbox: options.sandbox,
      clock: options.clock,
      budget,
      ...(options.random ? { random: options.random } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.maxSendAttempts !== undefined ? { maxAttempts: options.maxSendAttempts } : {}),
    });

  /** The profile's receiver; a new one when its host/port changed and no guest is listening on the old one. */
  const receiverOf = (profile: Profile): WebhookReceiver => {
    const link = linkOf(profile);
    const wanted = { host: profile.openMessaging.webhookHost || '127.0.0.1', port: profile.openMessaging.webhookPort };
    const current = link.receiver;
    const busy = [...link.guests].some((guest) => guest.state === 'live' || guest.state === 'connecting');
    if (current && (busy || (current.settings.host === wanted.host && current.settings.port === wanted.port))) return current;
    void current?.close();
    link.receiver = new WebhookReceiver({
      ...wanted,
      clock: options.clock,
      secret: () => options.secrets(profile.id, 'webhookSecret'),
      files: link.files,
      replays: link.replays,
    });
    return link.receiver;
  };

  return {
    createGuest(request: OpenMessagingGuestRequest): GuestConnection {
      const { profile } = request;
      const link = linkOf(profile);
      const guest: OpenMessagingGuest = new OpenMessagingGuest({
        customerId: request.customerId,
        persona: request.persona,
        integrationId: profile.openMessaging.integrationId,
        receiveMode: profile.openMessaging.receiveMode,
        ...(request.platformConversationId ? { platformConversationId: request.platformConversationId } : {}),
        knownMessageIds: request.knownMessageIds,
        clock: options.clock,
        client: link.client,
        receiver: () => receiverOf(profile),
        files: link.files,
        pollTuning: tuning,
        deliveryReceipts: options.deliveryReceipts ?? true,
        listener: request.listener,
        onStarted: () => link.guests.add(guest),
        onStopped: () => link.guests.delete(guest),
      });
      return guest;
    },

    async close(): Promise<void> {
      for (const link of links.values()) {
        for (const guest of [...link.guests]) guest.disconnect();
        link.budget.close();
        await link.receiver?.close();
      }
      links.clear();
    },

    webhookUrl: (profile: Profile): Promise<string> => receiverOf(profile).start(),

    async checkWebhook(profile: Profile): Promise<WebhookCheckResult> {
      const url = await receiverOf(profile).start();
      return checkWebhook({
        url,
        secret: options.secrets(profile.id, 'webhookSecret'),
        integrationId: profile.openMessaging.integrationId,
        newId,
        time: new Date(options.clock.now()).toISOString(),
        fetch: options.fetch ?? fetch,
      });
    },

    webhookAttempts: (profile: Profile): WebhookAttemptRecord[] => links.get(profile.id)?.receiver?.recentAttempts() ?? [],

    listIntegrations: (profile: Profile): Promise<IntegrationSummary[]> => listIntegrations(linkOf(profile).client),

    saveIntegration: (profile: Profile, input: IntegrationInput): Promise<IntegrationSummary> =>
      saveIntegration(linkOf(profile).client, input, options.secrets(profile.id, 'webhookSecret')),
  };
}
