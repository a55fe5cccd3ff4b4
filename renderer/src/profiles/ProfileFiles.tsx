// Profiles as a file: "Export profiles" saves every real-org profile (never a secret) as JSON; "Import
// profiles" reads such a file back, and says which profiles were added and which were skipped and why.
import { useRef, useState } from 'react';
import { api } from '../transport/api';
import { saveFile } from '../ui/save-file';

export function ProfileFiles() {
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<{ ok: boolean; text: string } | null>(null);

  const exportAll = async () => {
    const result = await api['profiles.export']({});
    if (result.ok) saveFile(result.data);
    else setReport({ ok: false, text: `Export failed: ${result.error.message}` });
  };

  const importFile = async (file: File) => {
    const result = await api['profiles.import']({ content: await file.text() });
    if (!result.ok) {
      setReport({ ok: false, text: `Import failed: ${result.error.message}` });
      return;
    }
    const { imported, skipped } = result.data;
    const parts = [imported.length > 0 ? `Imported ${imported.join(', ')}. Set their secrets again.` : 'Nothing was imported.'];
    for (const skip of skipped) parts.push(`Skipped ${skip.name}: ${skip.reason}`);
    setReport({ ok: skipped.length === 0 && imported.length > 0, text: parts.join(' ') });
  };

  return (
    <div className="profile-files">
      <button type="button" onClick={() => void exportAll()}>
        Export profiles
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Import profiles
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        tabIndex={-1}
        aria-label="Profiles file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {report && (
        <p role={report.ok ? 'status' : 'alert'} className={report.ok ? 'success small' : 'warning small'}>
          {report.text}
        </p>
      )}
    </div>
  );
}
