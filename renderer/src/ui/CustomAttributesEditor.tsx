// Custom attributes as key/value rows with a live count of the UTF-8 bytes they take against the
// platform's 2048-byte budget (keys plus values), so the user sees the limit before the platform refuses.
import { useId } from 'react';
import { utf8ByteLength } from './byte-size';
import './custom-attributes.css';

export const CUSTOM_ATTRIBUTES_BUDGET = 2048;

export type AttributeRow = { rowId: number; key: string; value: string };

export function attributeBytes(rows: AttributeRow[]): number {
  return rows.reduce((sum, row) => (row.key.trim() === '' ? sum : sum + utf8ByteLength(row.key.trim()) + utf8ByteLength(row.value)), 0);
}

/** Why the rows cannot be sent as they are, or null. */
export function attributesProblem(rows: AttributeRow[]): string | null {
  const keys = rows.map((row) => row.key.trim()).filter((key) => key !== '');
  if (rows.some((row) => row.key.trim() === '' && row.value !== '')) return 'Every attribute with a value needs a name.';
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate) return `The attribute “${duplicate}” appears twice; names must be unique.`;
  const bytes = attributeBytes(rows);
  if (bytes > CUSTOM_ATTRIBUTES_BUDGET) return `Custom attributes take ${bytes} bytes; the platform accepts at most ${CUSTOM_ATTRIBUTES_BUDGET}.`;
  return null;
}

export function attributesRecord(rows: AttributeRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]));
}

let nextRowId = 1;

export function CustomAttributesEditor({ rows, onChange }: { rows: AttributeRow[]; onChange: (rows: AttributeRow[]) => void }) {
  const meterId = useId();
  const bytes = attributeBytes(rows);
  const over = bytes > CUSTOM_ATTRIBUTES_BUDGET;
  const update = (rowId: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)));

  return (
    <fieldset className="attributes">
      <legend>Custom attributes</legend>
      {rows.length === 0 && <p className="muted small">None. Attributes travel with the guest as participant data.</p>}
      {rows.map((row, index) => (
        <div className="attribute-row" key={row.rowId}>
          <input
            type="text"
            aria-label={`Attribute ${index + 1} name`}
            placeholder="name"
            value={row.key}
            maxLength={256}
            aria-describedby={meterId}
            onChange={(event) => update(row.rowId, { key: event.target.value })}
          />
          <input
            type="text"
            aria-label={`Attribute ${index + 1} value`}
            placeholder="value"
            value={row.value}
            aria-describedby={meterId}
            onChange={(event) => update(row.rowId, { value: event.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove attribute ${index + 1}`}
            title="Remove attribute"
            onClick={() => onChange(rows.filter((other) => other.rowId !== row.rowId))}
          >
            ×
          </button>
        </div>
      ))}
      <div className="attributes-footer">
        <button type="button" onClick={() => onChange([...rows, { rowId: nextRowId++, key: '', value: '' }])}>
          Add attribute
        </button>
        <span id={meterId} className={`byte-meter ${over ? 'byte-meter-over' : ''}`} aria-live="polite">
          <span className="byte-meter-bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (bytes / CUSTOM_ATTRIBUTES_BUDGET) * 100)}%` }} />
          </span>
          {bytes} / {CUSTOM_ATTRIBUTES_BUDGET} bytes
        </span>
      </div>
    </fieldset>
  );
}
