// The profile's region: every Genesys Cloud region of the spec, with a search that narrows the list by
// name, AWS id or domain (the selected region always stays in the list, so the choice never vanishes), and
// last a custom one: a staging org's domain or a proxy's base URL, entered in the form below it.
import { useId, useState } from 'react';
import { CUSTOM_REGION_ID, REGIONS, SANDBOX_REGION_ID } from '../../../shared/regions';

export function RegionPicker({ value, onChange }: { value: string; onChange: (region: string) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const regions = REGIONS.filter((region) => region.id !== SANDBOX_REGION_ID).filter(
    (region) => region.id === value || needle === '' || `${region.name} ${region.id} ${region.domain}`.toLowerCase().includes(needle),
  );
  return (
    <div className="field region-picker">
      <label htmlFor={`${id}-region`}>Region</label>
      <div className="region-row">
        <input
          type="search"
          aria-label="Search regions"
          placeholder="Search: Frankfurt, eu-central-1, mypurecloud.de…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            const next = event.target.value.trim().toLowerCase();
            const first = REGIONS.find((region) => region.id !== SANDBOX_REGION_ID && `${region.name} ${region.id} ${region.domain}`.toLowerCase().includes(next));
            if (next !== '' && first) onChange(first.id);
          }}
        />
        <select id={`${id}-region`} value={value} onChange={(event) => onChange(event.target.value)}>
          {regions.map((region) => (
            <option key={region.id} value={region.id}>
              {region.name} — {region.domain}
            </option>
          ))}
          <option value={CUSTOM_REGION_ID}>Custom domain or base URL…</option>
        </select>
      </div>
      <small className="muted">{regions.length === 1 && needle !== '' ? '1 region matches.' : `${regions.length} regions`}</small>
    </div>
  );
}
