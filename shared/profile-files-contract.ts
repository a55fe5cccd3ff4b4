// The contract of profile files and checks: export and import of profiles (never a secret), and "Test
// connection" part by part. shared/contract.ts spreads this map into its own.
import { z } from 'zod';
import { ExportedFileSchema } from './transcripts-contract';

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

const empty = z.object({}).strict();

export const profileFilesRequests = {
  /** Every real-org profile as a JSON document a person can read; secrets are never in it. */
  'profiles.export': { request: empty, response: ExportedFileSchema },
  /** Profiles from an exported document; names already in use are skipped, secrets must be set again. */
  'profiles.import': { request: z.object({ content: z.string().max(1_000_000) }).strict(), response: ProfileImportResultSchema },
  /** Checks each part of a profile (sign-in, deployment, integration, webhook) and says what to fix. */
  'profiles.testConnection': {
    request: z.object({ profileId: z.string().min(1) }).strict(),
    response: z.object({ profileId: z.string(), checks: z.array(ConnectionCheckSchema) }),
  },
} as const;
