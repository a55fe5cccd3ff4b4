// "Export": the transcript as JSON, Markdown or a self-contained HTML page. The engine builds the file
// (secrets redacted there); the page only saves it. A failure is shown under the button.
import { useState } from 'react';
import type { TranscriptFormat } from '../../../shared/transcripts-contract';
import { api } from '../transport/api';
import { saveFile } from '../ui/save-file';

export const EXPORT_FORMATS: { format: TranscriptFormat; label: string }[] = [
  { format: 'json', label: 'Export as JSON' },
  { format: 'markdown', label: 'Export as Markdown' },
  { format: 'html', label: 'Export as HTML' },
];

/** Exports the transcript and saves the file; `error` says why the last export failed. */
export function useTranscriptExport(conversationId: string) {
  const [error, setError] = useState<string | null>(null);
  const exportAs = async (format: TranscriptFormat): Promise<boolean> => {
    setError(null);
    const result = await api['transcripts.export']({ conversationId, format });
    if (!result.ok) {
      setError(`The transcript could not be exported: ${result.error.message}`);
      return false;
    }
    saveFile(result.data);
    return true;
  };
  return { exportAs, error, clearError: () => setError(null) };
}

export function ExportMenu({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const { exportAs: save, error } = useTranscriptExport(conversationId);
  const exportAs = async (format: TranscriptFormat) => {
    if (await save(format)) setOpen(false);
  };

  return (
    <div
      className="menu-anchor"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" aria-expanded={open} aria-controls={`export-${conversationId}`} onClick={() => setOpen((current) => !current)}>
        Export
      </button>
      {open && (
        <div id={`export-${conversationId}`} className="popover" role="group" aria-label="Export transcript">
          {EXPORT_FORMATS.map(({ format, label }) => (
            <button key={format} type="button" className="popover-item" onClick={() => void exportAs(format)}>
              {label}
            </button>
          ))}
          <p className="muted small popover-note">Secrets and tokens are never included.</p>
        </div>
      )}
      {error && (
        <p role="alert" className="error small popover-error">
          {error}
        </p>
      )}
    </div>
  );
}
