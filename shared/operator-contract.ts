// The contract of the agent desk: the operator answers as the agent in a sandbox conversation (text, quick
// replies, card, file, typing, join, transfer, hand back, end). shared/contract.ts spreads this map into its own.
import { z } from 'zod';

export const OperatorActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1, 'Type what the agent says') }).strict(),
  z
    .object({
      type: z.literal('quickReplies'),
      text: z.string().trim().min(1, 'Type the question the replies answer'),
      replies: z.array(z.string().trim().min(1)).min(1, 'Add at least one reply').max(10),
    })
    .strict(),
  z
    .object({
      type: z.literal('card'),
      title: z.string().trim().min(1, 'Give the card a title'),
      description: z.string().trim().max(500).optional(),
      buttons: z.array(z.string().trim().min(1)).max(5).default([]),
      link: z.string().url('Enter a full link, e.g. https://example.com').optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('attachment'),
      fileName: z.string().min(1).max(255),
      mime: z.string().min(1).max(200),
      /** File bytes, base64 (at most 5 MB of file). */
      data: z.string().max(Math.ceil((5 * 1024 * 1024 * 4) / 3)),
      text: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('typing') }).strict(),
  /** The operator joins: the bot leaves and stays silent until `handBack`. */
  z.object({ type: z.literal('join') }).strict(),
  z.object({ type: z.literal('transfer'), to: z.string().trim().min(1, 'Name the agent to transfer to').max(80) }).strict(),
  /** The human agents leave and the bot answers again. */
  z.object({ type: z.literal('handBack') }).strict(),
  /** With the wrap-up code the agent chose, if any (it lands on the agent participant, as in Genesys). */
  z.object({ type: z.literal('end'), wrapup: z.string().trim().max(200).optional() }).strict(),
]);
export type OperatorAction = z.input<typeof OperatorActionSchema>;

export const OperatorDeskSchema = z.object({
  /** False outside the sandbox, or before the sandbox has the conversation; `reason` says why. */
  available: z.boolean(),
  reason: z.string().optional(),
  sandboxConversationId: z.string().optional(),
  /** Who the operator speaks as (changes after a transfer). */
  agentName: z.string(),
  /** Agents and bots in the conversation, newest last. */
  participants: z.array(z.object({ name: z.string(), purpose: z.string(), state: z.string() })),
  /** The guest as the sandbox received them — what QA checks: did the details and attributes arrive? */
  guest: z
    .object({
      /** The customer participant's name. */
      name: z.string(),
      /** The channel the guest came in on (webmessaging, openmessaging). */
      channel: z.string(),
      /** What the guest's channel said of them (Open Messaging's sender); Web Messaging sends none. */
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      /** The custom attributes the guest's messages carried, merged. */
      customAttributes: z.record(z.string(), z.string()),
    })
    .optional(),
});
export type OperatorDesk = z.infer<typeof OperatorDeskSchema>;

const conversationRef = z.object({ conversationId: z.string().min(1) }).strict();

export const operatorRequests = {
  'operator.desk': { request: conversationRef, response: OperatorDeskSchema },
  'operator.act': {
    request: z.object({ conversationId: z.string().min(1), action: OperatorActionSchema }).strict(),
    response: OperatorDeskSchema,
  },
} as const;
