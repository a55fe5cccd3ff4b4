// The contract of saved personas: a guest's name, contact details, language, custom attributes and snippets,
// kept in the settings and picked when a conversation starts. shared/contract.ts spreads these maps into its own.
import { z } from 'zod';
import { PersonaSchema } from './persona';

export const SavedPersonaSchema = PersonaSchema.extend({
  id: z.string().min(1).max(100),
  /** The avatar's file name when it was chosen, so the form can say which file it holds. */
  avatarName: z.string().trim().max(255).optional(),
  /** Short texts the tester sends often, one click away in the composer. */
  snippets: z.array(z.string().trim().min(1).max(4096)).max(50).default([]),
  /** How the AI guest writes as this persona, e.g. "brief and a little impatient". */
  tone: z.string().trim().max(200).optional(),
  /** What the customer knows: order numbers, addresses… for the AI guest to give when asked. */
  facts: z.string().trim().max(4000).optional(),
});
export type SavedPersona = z.infer<typeof SavedPersonaSchema>;

export const PersonaInputSchema = SavedPersonaSchema.omit({ id: true }).extend({ id: z.string().min(1).max(100).optional() });
export type PersonaInput = z.input<typeof PersonaInputSchema>;

const empty = z.object({}).strict();

export const personasRequests = {
  'personas.list': { request: empty, response: z.array(SavedPersonaSchema) },
  'personas.save': { request: PersonaInputSchema, response: SavedPersonaSchema },
  'personas.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ id: z.string() }) },
} as const;

export const personasEvents = {
  'personas.changed': z.object({ personas: z.array(SavedPersonaSchema) }),
} as const;
