// Who the guest is: the persona a conversation starts with (and that saved personas extend). Kept apart
// from contract.ts so both contract files can build on it without importing each other in a circle.
// Every field but the name is optional, so journals written before a field existed still load.
import { z } from 'zod';

export const CustomAttributesSchema = z.record(z.string().max(256), z.string().max(2048));

export const PersonaSchema = z.object({
  name: z.string().trim().min(1).max(80).default('Guest'),
  firstName: z.string().max(80).optional(),
  lastName: z.string().max(80).optional(),
  email: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  /** BCP 47 language tag, e.g. en-US. */
  language: z.string().max(35).optional(),
  /** An avatar image as a data: URL (PNG, JPEG, SVG or WebP), at most ~64 KB. */
  avatar: z
    .string()
    .max(90_000, 'The avatar is too large; use an image under 64 KB.')
    .regex(/^data:image\/(png|jpeg|svg\+xml|webp);base64,/, 'The avatar must be a PNG, JPEG, SVG or WebP image.')
    .optional(),
  customAttributes: CustomAttributesSchema.default({}),
});
export type Persona = z.infer<typeof PersonaSchema>;
