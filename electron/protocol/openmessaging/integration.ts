// Open Messaging integrations (`OpenIntegration`, `OpenIntegrationRequest`,
// `OpenIntegrationUpdateRequest`, `OpenIntegrationEntityListing` in purecloud-platform-client-v2).
import { z } from 'zod';
import { ErrorBodySchema } from './error-body';

const WebhookHeadersSchema = z.record(z.string(), z.string());

export const OpenIntegrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    outboundNotificationWebhookUrl: z.string(),
    outboundNotificationWebhookSignatureSecretToken: z.string(),
    webhookHeaders: WebhookHeadersSchema.optional(),
    status: z.string().optional(), // Active | Inactive
    createStatus: z.string().optional(), // Initiated | Completed | Error
    createError: ErrorBodySchema.optional(),
    dateCreated: z.string().optional(),
    dateModified: z.string().optional(),
    selfUri: z.string().optional(),
  })
  .loose();

export const OpenIntegrationRequestSchema = z
  .object({
    name: z.string().min(1),
    outboundNotificationWebhookUrl: z.string().min(1),
    outboundNotificationWebhookSignatureSecretToken: z.string().min(1),
    webhookHeaders: WebhookHeadersSchema.optional(),
  })
  .loose();

/** PATCH body. The SDK declares `name` required; the sandbox accepts a partial update. */
export const OpenIntegrationUpdateRequestSchema = z
  .object({
    name: z.string().min(1).optional(),
    outboundNotificationWebhookUrl: z.string().min(1).optional(),
    outboundNotificationWebhookSignatureSecretToken: z.string().min(1).optional(),
    webhookHeaders: WebhookHeadersSchema.optional(),
  })
  .loose();

export const OpenIntegrationListingSchema = z
  .object({
    entities: z.array(OpenIntegrationSchema),
    pageSize: z.number().int(),
    pageNumber: z.number().int(),
    total: z.number().int(),
    pageCount: z.number().int().optional(),
    selfUri: z.string().optional(),
    firstUri: z.string().optional(),
    lastUri: z.string().optional(),
    nextUri: z.string().optional(),
    previousUri: z.string().optional(),
  })
  .loose();

export type OpenIntegration = z.infer<typeof OpenIntegrationSchema>;
export type OpenIntegrationRequest = z.infer<typeof OpenIntegrationRequestSchema>;
export type OpenIntegrationUpdateRequest = z.infer<typeof OpenIntegrationUpdateRequestSchema>;
export type OpenIntegrationListing = z.infer<typeof OpenIntegrationListingSchema>;
