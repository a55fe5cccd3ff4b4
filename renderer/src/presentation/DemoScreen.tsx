// Getting a demo ready: the operator's brand colour, logo and title for presentation mode (saved in the
// settings), a preview of how the guest's messages will look, "Start presenting" and "Reset demo".
import { useEffect, useId, useState } from 'react';
import type { Presentation } from '../../../shared/presentation-contract';
import { api } from '../transport/api';
import { FileButton } from '../ui/FileButton';
import { readFileBase64 } from '../ui/read-file-base64';
import { brandStyle } from './brand-colours';
import { ResetDemoButton } from './ResetDemoButton';

const LOGO_BYTES = 256 * 1024;

export function DemoScreen({ presentation, onPresent }: { presentation: Presentation; onPresent: () => void }) {
  const ids = useId();
  const [draft, setDraft] = useState<Presentation>(presentation);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setDraft(presentation), [presentation]);
  const validColour = /^#[0-9a-fA-F]{6}$/.test(draft.brandColour);

  const update = (patch: Partial<Presentation>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };

  const chooseLogo = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    if (!/^image\/(png|jpeg|svg\+xml|webp)$/.test(file.type)) return setProblem('Choose a PNG, JPEG, SVG or WebP image for the logo.');
    if (file.size > LOGO_BYTES) return setProblem(`The logo is ${Math.ceil(file.size / 1024)} KB; use one under 256 KB.`);
    update({ logo: `data:${file.type};base64,${await readFileBase64(file)}`, logoName: file.name });
  };

  const save = async () => {
    const result = await api['presentation.save'](draft);
    if (!result.ok) {
      setProblem(result.error.issues?.[0]?.message ?? result.error.message);
      return;
    }
    setProblem(null);
    setSaved(true);
  };

  return (
    <div className="workspace workspace-single">
      <section className="detail" aria-label="Demo">
        <form
          className="form"
          aria-label="Presentation settings"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <h2>Presentation mode</h2>
          <p className="muted">
            For demos in front of customers: larger type, your customer’s logo and brand colour, no debug views, full screen. Open the
            agent desk next to a sandbox conversation to show both sides.
          </p>
          <div className="field">
            <label htmlFor={`${ids}-title`}>Title</label>
            <input id={`${ids}-title`} type="text" value={draft.title} placeholder="e.g. Acme Bank — messaging demo" onChange={(event) => update({ title: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-colour`}>Brand colour</label>
            <div className="colour-row">
              <input type="color" aria-label="Pick brand colour" value={validColour ? draft.brandColour : '#c2410c'} onChange={(event) => update({ brandColour: event.target.value })} />
              <input id={`${ids}-colour`} type="text" value={draft.brandColour} aria-invalid={validColour ? undefined : true} onChange={(event) => update({ brandColour: event.target.value.trim() })} />
            </div>
            {!validColour && <small className="error">Use a colour like #c2410c.</small>}
          </div>
          <div className="avatar-field">
            {draft.logo && <img className="logo-preview" src={draft.logo} alt="Logo preview" />}
            <FileButton
              label="Logo"
              buttonText="Choose logo…"
              accept="image/png,image/jpeg,image/svg+xml,image/webp"
              fileName={draft.logo ? (draft.logoName ?? 'Logo saved') : null}
              emptyText="No logo yet"
              hint="PNG, JPEG, SVG or WebP, under 256 KB."
              onFiles={(files) => void chooseLogo(files[0])}
            />
            {draft.logo && (
              <button type="button" className="link" onClick={() => update({ logo: undefined, logoName: undefined })}>
                Remove logo
              </button>
            )}
          </div>
          {validColour && (
            <div className="brand-preview" style={brandStyle(draft.brandColour)} aria-label="Preview">
              <span className="brand-preview-bubble">Hi, I’d like to change my delivery address.</span>
              <button type="button" className="primary" tabIndex={-1}>
                Send
              </button>
            </div>
          )}
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
          {saved && (
            <p role="status" className="success">
              Presentation settings saved.
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={!validColour}>
              Save settings
            </button>
            <button type="button" className="primary" onClick={onPresent}>
              Start presenting
            </button>
            <ResetDemoButton />
          </div>
        </form>
      </section>
    </div>
  );
}
