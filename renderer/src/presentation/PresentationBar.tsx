// The bar across the top in presentation mode: the operator's logo and title in their brand colour, and the
// way out. Nothing destructive is on screen while presenting: "Reset demo" is on the Demo screen, after Exit.
import type { Presentation } from '../../../shared/presentation-contract';

export function PresentationBar({ presentation, onExit }: { presentation: Presentation; onExit: () => void }) {
  return (
    <header className="presentation-bar" aria-label="Presentation">
      {presentation.logo ? <img className="presentation-logo" src={presentation.logo} alt={presentation.title || 'Logo'} /> : <span className="brand-mark">GC</span>}
      <span className="presentation-title">{presentation.title || 'Guest Console'}</span>
      <span className="presentation-actions">
        <button type="button" onClick={onExit}>
          Exit presentation
        </button>
      </span>
    </header>
  );
}
