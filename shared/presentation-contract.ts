// The contract of presentation mode and the demo: the branding shown to an audience, and "Reset demo".
// shared/contract.ts spreads these maps into its own.
import { z } from 'zod';

export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

export const PresentationSchema = z.object({
  /** The operator's brand colour for buttons, the guest's bubbles and the header stripe. */
  brandColour: z.string().regex(HEX_COLOUR, 'Use a colour like #c2410c').default('#c2410c'),
  /** The operator's logo as a data: URL (PNG, JPEG, SVG or WebP), at most ~256 KB. */
  logo: z
    .string()
    .max(350_000, 'The logo is too large; use an image under 256 KB.')
    .regex(/^data:image\/(png|jpeg|svg\+xml|webp);base64,/, 'The logo must be a PNG, JPEG, SVG or WebP image.')
    .optional(),
  /** The logo file's name as the operator chose it, so the Demo screen can say which file is saved. */
  logoName: z.string().trim().max(255).optional(),
  /** Shown next to the logo in presentation mode, e.g. the customer's company. */
  title: z.string().trim().max(80).default(''),
});
export type Presentation = z.infer<typeof PresentationSchema>;

const empty = z.object({}).strict();

export const presentationRequests = {
  'presentation.get': { request: empty, response: PresentationSchema },
  'presentation.save': { request: PresentationSchema, response: PresentationSchema },
  /** Ends every conversation and removes it from the console (after the user confirmed). */
  'demo.reset': { request: empty, response: z.object({ removed: z.number().int() }) },
} as const;

export const presentationEvents = {
  'presentation.changed': z.object({ presentation: PresentationSchema }),
} as const;
