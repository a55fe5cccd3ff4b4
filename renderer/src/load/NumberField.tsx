// A number typed into the load plan form: digits and a point only, kept as the text typed until the plan is sent.
export function NumberField({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="text" inputMode="decimal" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value.replace(/[^0-9.]/g, ''))} />
    </label>
  );
}
