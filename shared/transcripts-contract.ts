// The contract of transcript exports (JSON, Markdown, self-contained HTML), and the exported-file shape the
// profile export shares. shared/contract.ts spreads this map into its own.
import { z } from 'zod';

export const TranscriptFormatSchema = z.enum(['json', 'markdown', 'html']);
export type TranscriptFormat = z.infer<typeof TranscriptFormatSchema>;

export const ExportedFileSchema = z.object({ fileName: z.string(), mime: z.string(), content: z.string() });
export type ExportedFile = z.infer<typeof ExportedFileSchema>;

export const transcriptsRequests = {
  'transcripts.export': {
    request: z.object({ conversationId: z.string().min(1), format: TranscriptFormatSchema }).strict(),
    response: ExportedFileSchema,
  },
} as const;
