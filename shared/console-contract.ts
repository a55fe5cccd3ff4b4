// The contract of the console's own features (issue 8): saved personas, presentation settings, profile
// import/export and "Test connection", transcript export, "Reset demo" and the operator's agent desk.
// shared/contract.ts spreads these into its `requests` / `events` maps; the schemas follow its rules.
import { z } from 'zod';
import { PersonaSchema } from './persona';

// ---- personas -----------------------------------------------------------------------------

/** Genesys' default `maxCustomDataBytes` for a Web Messaging session; what the byte counter compares against. */
export const CUSTOM_ATTRIBUTES_LIMIT_BYTES = 2048;

export const SavedPersonaSchema = PersonaSchema.extend({
  id: z.string().min(1).max(100),
  /** Short texts the tester sends often, one click away in the composer. */
  snippets: z.array(z.string().trim().min(1).max(4096)).max(50).default([]),
});
export type SavedPersona = z.infer<typeof SavedPersonaSchema>;

export const PersonaInputSchema = SavedPersonaSchema.omit({ id: true }).extend({ id: z.string().min(1).max(100).optional() });
export type PersonaInput = z.input<typeof PersonaInputSchema>;

// ---- presentation -------------------------------------------------------------------------

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
  /** Shown next to the logo in presentation mode, e.g. the customer's company. */
  title: z.string().trim().max(80).default(''),
});
export type Presentation = z.infer<typeof PresentationSchema>;

// ---- profiles: portability and connection test --------------------------------------------

export const ConnectionCheckSchema = z.object({
  /** What was checked, e.g. "Sign-in (client credentials)". */
  name: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  /** What happened, in plain words. */
  detail: z.string(),
  /** For a failed check: what to change to make it pass. */
  fix: z.string().optional(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheckSchema>;

export const ProfileImportResultSchema = z.object({
  imported: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ProfileImportResult = z.infer<typeof ProfileImportResultSchema>;

// ---- transcripts --------------------------------------------------------------------------

export const TranscriptFormatSchema = z.enum(['json', 'markdown', 'html']);
export type TranscriptFormat = z.infer<typeof TranscriptFormatSchema>;

export const ExportedFileSchema = z.object({ fileName: z.string(), mime: z.string(), content: z.string() });
export type ExportedFile = z.infer<typeof ExportedFileSchema>;

// ---- operator's agent desk (sandbox) ------------------------------------------------------

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
  z.object({ type: z.literal('end') }).strict(),
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
});
export type OperatorDesk = z.infer<typeof OperatorDeskSchema>;

// ---- the maps -----------------------------------------------------------------------------

const empty = z.object({}).strict();
const conversationRef = z.object({ conversationId: z.string().min(1) }).strict();

export const consoleRequests = {
  'personas.list': { request: empty, response: z.array(SavedPersonaSchema) },
  'personas.save': { request: PersonaInputSchema, response: SavedPersonaSchema },
  'personas.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ id: z.string() }) },

  'presentation.get': { request: empty, response: PresentationSchema },
  'presentation.save': { request: PresentationSchema, response: PresentationSchema },

  /** Every real-org profile as a JSON document a person can read; secrets are never in it. */
  'profiles.export': { request: empty, response: ExportedFileSchema },
  /** Profiles from an exported document; names already in use are skipped, secrets must be set again. */
  'profiles.import': { request: z.object({ content: z.string().max(1_000_000) }).strict(), response: ProfileImportResultSchema },
  /** Checks each part of a profile (sign-in, deployment, integration, webhook) and says what to fix. */
  'profiles.testConnection': {
    request: z.object({ profileId: z.string().min(1) }).strict(),
    response: z.object({ profileId: z.string(), checks: z.array(ConnectionCheckSchema) }),
  },

  'transcripts.export': {
    request: z.object({ conversationId: z.string().min(1), format: TranscriptFormatSchema }).strict(),
    response: ExportedFileSchema,
  },

  /** Ends every conversation and removes it from the console (after the user confirmed). */
  'demo.reset': { request: empty, response: z.object({ removed: z.number().int() }) },

  'operator.desk': { request: conversationRef, response: OperatorDeskSchema },
  'operator.act': {
    request: z.object({ conversationId: z.string().min(1), action: OperatorActionSchema }).strict(),
    response: OperatorDeskSchema,
  },
} as const;

export const consoleEvents = {
  'personas.changed': z.object({ personas: z.array(SavedPersonaSchema) }),
  'presentation.changed': z.object({ presentation: PresentationSchema }),
} as const;
