// "Export": the transcript as JSON, Markdown or a self-contained HTML page. The engine builds the file
// (secrets redacted there); the page only saves it. A failure is shown under the button.
import { useState } from 'react';
import type { TranscriptFormat } from '../../../shared/transcripts-contract';
import { api } from '../transport/api';
import { saveFile } from '../ui/save-file';

const FORMATS: { format: TranscriptFormat; label: string }[] = [
  { format: 'json', label: 'Export as JSON' },
  { format: 'markdown', label: 'Export as Markdown' },
  { format: 'html', label: 'Export as HTML' },
];

export function ExportMenu({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const exportAs = async (format: TranscriptFormat) => {
    setError(null);
    const result = await api['transcripts.export']({ conversationId, format });
    if (!result.ok) {
      setError(`The transcript could not be exported: ${result.error.message}`);
      return;
    }
    saveFile(result.data);
    setOpen(false);
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
          {FORMATS.map(({ format, label }) => (
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
