// Choosing a file, in the app's own look instead of the browser's "Choose File / No file chosen": a
// button that opens the picker and, beside it, the name of the file chosen (or saved earlier), so the
// field says what it holds. The real input stays in the page, hidden, named by `label` for screen
// readers and tests.
import { useId, useRef } from 'react';
import { FileIcon } from './icons';

export function FileButton(props: {
  /** What the field is, shown above the button and naming the hidden input ("Avatar image"). */
  label: string;
  /** The button's words; "Choose file…" unless said. */
  buttonText?: string;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The chosen or saved file's name; null or undefined when there is none. */
  fileName?: string | null;
  /** Shown when there is no file, e.g. "No image yet". */
  emptyText?: string;
  /** A line under the row: the limits, or what a file is for. */
  hint?: string;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();
  const chosen = props.fileName ?? null;
  return (
    <div className="field file-button">
      <span>{props.label}</span>
      <div className="file-button-row">
        <button type="button" disabled={props.disabled} aria-describedby={`${ids}-name`} onClick={() => input.current?.click()}>
          <FileIcon />
          {props.buttonText ?? 'Choose file…'}
        </button>
        <span id={`${ids}-name`} className={chosen ? 'file-button-name' : 'file-button-name muted'} title={chosen ?? undefined}>
          {chosen ?? props.emptyText ?? 'No file yet'}
        </span>
      </div>
      {props.hint && <small className="muted">{props.hint}</small>}
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        aria-label={props.label}
        accept={props.accept}
        multiple={props.multiple}
        disabled={props.disabled}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Cleared so that choosing the same file again is still a change.
          event.target.value = '';
          if (files.length > 0) props.onFiles(files);
        }}
      />
    </div>
  );
}
