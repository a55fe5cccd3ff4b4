// The contract of participant data: what the platform holds behind a conversation (each participant's purpose,
// participant data, queue, state and wrap-up), read through the Platform API. shared/contract.ts spreads this
// map into its own. Without a way to read it (no OAuth client, no server conversation yet) the reply says why.
import { z } from 'zod';

/** Why a profile cannot read participant data until someone adds its OAuth client (shown as is; the UI may offer Profiles). */
export const NO_OAUTH_CLIENT_REASON = 'Add an OAuth client to this profile to check participant data';

export const ParticipantWrapupSchema = z.object({
  code: z.string(),
  name: z.string().optional(),
  notes: z.string().optional(),
});

export const ParticipantDataSchema = z.object({
  id: z.string(),
  /** customer, agent, acd, workflow, … as the platform names it. */
  purpose: z.string(),
  name: z.string().optional(),
  /** connected, disconnected, alerting, … */
  state: z.string().optional(),
  /** Participant data: the guest's custom attributes and whatever the flow set. */
  attributes: z.record(z.string(), z.string()),
  queueId: z.string().optional(),
  queueName: z.string().optional(),
  wrapup: ParticipantWrapupSchema.optional(),
});
export type ParticipantData = z.infer<typeof ParticipantDataSchema>;

export const ParticipantsReadSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** The platform's conversation id. */
    conversationId: z.string(),
    participants: z.array(ParticipantDataSchema),
    /** ISO time of the read. */
    readAt: z.string(),
  }),
  z.object({
    available: z.literal(false),
    /** A sentence a person can act on, e.g. "Add an OAuth client to this profile to check participant data". */
    reason: z.string(),
  }),
]);
export type ParticipantsRead = z.infer<typeof ParticipantsReadSchema>;

export const participantsRequests = {
  'participants.read': { request: z.object({ conversationId: z.string().min(1) }).strict(), response: ParticipantsReadSchema },
} as const;
