// The files waiting in the composer to go out with the next message: a chip for each (a thumbnail for
// an image, its name and size, and a button to take it off), and the deployment's limits once the session
// has said them. Nothing here sends: the composer sends the files and the caption together.
import { useEffect, useState } from 'react';
import type { ConversationSummary } from '../../../shared/contract';
import { formatByteSize } from '../ui/byte-size';
import { FileIcon } from '../ui/icons';

export interface StagedFile {
  key: string;
  file: File;
}

export function StagedFiles(props: { files: StagedFile[]; limits: ConversationSummary['fileLimits']; maxFiles: number; disabled: boolean; onRemove: (key: string) => void }) {
  if (props.files.length === 0) return null;
  return (
    <div className="staged-files">
      <ul className="staged-file-list" aria-label="Files to send">
        {props.files.map((staged) => (
          <StagedFileChip key={staged.key} file={staged.file} disabled={props.disabled} onRemove={() => props.onRemove(staged.key)} />
        ))}
      </ul>
      <p className="staged-files-limits" title={props.limits?.blockedExtensions ? `Blocked: ${props.limits.blockedExtensions.join(' ')}` : undefined}>
        {limitsText(props.files.length, props.maxFiles, props.limits)}
      </p>
    </div>
  );
}

function StagedFileChip(props: { file: File; disabled: boolean; onRemove: () => void }) {
  const { file } = props;
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <li className="staged-file" title={file.name}>
      {preview ? (
        <img className="staged-file-thumb" src={preview} alt="" />
      ) : (
        <span className="staged-file-thumb staged-file-icon">
          <FileIcon />
        </span>
      )}
      <span className="staged-file-text">
        <span className="staged-file-name">{file.name}</span>
        <span className="staged-file-size">{formatByteSize(file.size)}</span>
      </span>
      <button type="button" className="icon-button small staged-file-remove" aria-label={`Remove ${file.name}`} title="Remove" disabled={props.disabled} onClick={props.onRemove}>
        ×
      </button>
    </li>
  );
}

const BLOCKED_NAMED = 4;

/** One short line: a long list of blocked extensions is cut, and the whole list is the line's tooltip. */
function limitsText(count: number, maxFiles: number, limits: ConversationSummary['fileLimits']): string {
  const parts = [`${count} of ${maxFiles} files`];
  if (limits?.maxFileSizeKB !== undefined) parts.push(`each up to ${limits.maxFileSizeKB} KB`);
  const types = limits?.fileTypes ?? [];
  if (types.length > 0 && !types.includes('*/*')) parts.push(`accepts ${types.join(', ')}`);
  const blocked = limits?.blockedExtensions ?? [];
  if (blocked.length > BLOCKED_NAMED) parts.push(`blocks ${blocked.slice(0, BLOCKED_NAMED).join(', ')} and ${blocked.length - BLOCKED_NAMED} more`);
  else if (blocked.length > 0) parts.push(`blocks ${blocked.join(', ')}`);
  return parts.join(' · ');
}
