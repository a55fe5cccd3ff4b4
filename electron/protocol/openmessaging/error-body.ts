// The Platform API's error body (`ErrorBody` in purecloud-platform-client-v2): every non-2xx answer
// from `/api/v2/...` carries one. Lenient on read, so a real org's extra fields never break parsing.
import { z } from 'zod';

export const ErrorDetailSchema = z
  .object({
    errorCode: z.string().optional(),
    fieldName: z.string().optional(),
    entityId: z.string().optional(),
    entityName: z.string().optional(),
  })
  .loose();

export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId?: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  entityId?: string;
  entityName?: string;
  details?: z.infer<typeof ErrorDetailSchema>[];
  errors?: ErrorBody[];
}

export const ErrorBodySchema: z.ZodType<ErrorBody> = z.lazy(() =>
  z
    .object({
      message: z.string(),
      code: z.string(),
      status: z.number().int(),
      contextId: z.string().optional(),
      messageWithParams: z.string().optional(),
      messageParams: z.record(z.string(), z.string()).optional(),
      entityId: z.string().optional(),
      entityName: z.string().optional(),
      details: z.array(ErrorDetailSchema).optional(),
      errors: z.array(ErrorBodySchema).optional(),
    })
    .loose(),
);

/** Error codes the Platform API uses and the sandbox produces. */
export const PlatformErrorCode = {
  badRequest: 'bad.request',
  notFound: 'not.found',
  authenticationRequired: 'authentication.required',
  badCredentials: 'bad.credentials',
  tooManyRequests: 'too.many.requests',
  payloadTooLarge: 'request.entity.too.large',
  methodNotAllowed: 'method.not.allowed',
  internalServerError: 'internal.server.error',
  serviceUnavailable: 'service.unavailable',
} as const;
