// A labelled text input of the profile form, with its hint, or its error from the host's field problems
// (then marked invalid and described by the error, so screen readers read why), or a warning that does not
// stop saving (a value that looks wrong but may be meant).
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  warning?: string;
  hint?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'decimal';
  /** Shown, not edited (a value another source sets, e.g. the environment). */
  readOnly?: boolean;
  placeholder?: string;
}) {
  const id = `field-${props.label.replace(/\s+/g, '-').toLowerCase()}`;
  const note = props.error ? 'error' : props.warning ? 'warning' : props.hint ? 'hint' : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        required={props.required}
        inputMode={props.inputMode}
        readOnly={props.readOnly}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={note ? `${id}-${note}` : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {note === 'warning' && (
        <small id={`${id}-warning`} className="field-warning">
          {props.warning}
        </small>
      )}
      {note === 'hint' && (
        <small id={`${id}-hint`} className="muted">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${id}-error`} className="error">
          {props.error}
        </small>
      )}
    </div>
  );
}
