// The persona's quick-message snippets: a button that opens the list; choosing one puts its text in the
// draft (the tester can still edit it before sending). Escape closes the list.
import { useState } from 'react';

export function SnippetPicker(props: { snippets: string[]; disabled: boolean; onPick: (snippet: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div
      className="menu-anchor menu-up"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button type="button" className="composer-snippets" aria-expanded={open} disabled={props.disabled} onClick={() => setOpen((current) => !current)}>
        Snippets
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Snippets">
          {props.snippets.map((snippet) => (
            <button
              key={snippet}
              type="button"
              className="popover-item"
              onClick={() => {
                setOpen(false);
                props.onPick(snippet);
              }}
            >
              {snippet.length > 80 ? `${snippet.slice(0, 80)}…` : snippet}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
