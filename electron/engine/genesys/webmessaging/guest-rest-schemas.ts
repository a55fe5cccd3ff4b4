// The shapes of the REST answers the guest engine reads: a history page (spec §7.1), a deployment's
// config.json (§7.2) and the sign-in tokens (§7.3). Their callers are async and import this module on first use,
// so a guest that never calls them (a load run's) never loads zod.
import { z } from 'zod';
import { WebMessagingMessageSchema } from '../../../protocol/webmessaging/server-frames';

export const HistoryPageSchema = z
  .object({ entities: z.array(WebMessagingMessageSchema).default([]), pageCount: z.number().optional(), total: z.number().optional() })
  .loose();

export const DeploymentConfigSchema = z
  .object({
    messenger: z
      .object({
        apps: z
          .object({ conversations: z.object({ autoStart: z.object({ enabled: z.boolean() }).loose().optional() }).loose().optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const TokensSchema = z.object({ jwt: z.string(), refreshToken: z.string().optional() }).loose();
