// Several cards side by side in a horizontally scrolling strip, as wide as the thread allows. When the
// cards do not all fit, the strip says so: a fade on the side that hides more, and under it "Previous",
// "Cards 1–2 of 4" and "Next" (below the cards, never over them). Keyboard users can also focus the strip
// and scroll it with the arrow keys.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DisplayCard } from '../../../shared/contract';
import { CardView, type CardAction } from './CardView';

interface Visible {
  first: number;
  last: number;
  before: boolean;
  after: boolean;
}

export function Carousel(props: { cards: DisplayCard[]; disabled: boolean; onPostback: (action: CardAction) => void }) {
  const strip = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState<Visible>({ first: 0, last: props.cards.length - 1, before: false, after: false });

  const measure = useCallback(() => {
    const element = strip.current;
    if (!element) return;
    const left = element.scrollLeft;
    const right = left + element.clientWidth;
    const cards = Array.from(element.children) as HTMLElement[];
    const shown = cards.flatMap((card, index) => (card.offsetLeft >= left - 2 && card.offsetLeft + card.offsetWidth <= right + 2 ? [index] : []));
    setVisible({
      first: shown[0] ?? 0,
      last: shown.at(-1) ?? 0,
      before: left > 2,
      after: right < element.scrollWidth - 2,
    });
  }, []);

  useEffect(() => {
    const element = strip.current;
    if (!element) return;
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      resized.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, [measure, props.cards.length]);

  const step = (direction: 1 | -1) => {
    const element = strip.current;
    const card = element?.firstElementChild as HTMLElement | null;
    if (!element || !card) return;
    element.scrollBy({ left: direction * (card.offsetWidth + 10), behavior: 'smooth' });
  };

  const overflowing = visible.before || visible.after;
  return (
    <div className={`carousel-frame ${visible.before ? 'carousel-more-before' : ''} ${visible.after ? 'carousel-more-after' : ''}`}>
      <div ref={strip} className="carousel" role="group" aria-label={`Carousel of ${props.cards.length} cards`} tabIndex={0}>
        {props.cards.map((card, index) => (
          <CardView key={`${index}-${card.title}`} card={card} disabled={props.disabled} onPostback={props.onPostback} />
        ))}
      </div>
      {overflowing && (
        <div className="carousel-controls">
          <button type="button" className="carousel-step" aria-label="Previous cards" disabled={!visible.before} onClick={() => step(-1)}>
            ‹
          </button>
          <span className="carousel-position" aria-live="polite">
            Cards {visible.first + 1}–{visible.last + 1} of {props.cards.length}
          </span>
          <button type="button" className="carousel-step" aria-label="Next cards" disabled={!visible.after} onClick={() => step(1)}>
            ›
          </button>
        </div>
      )}
    </div>
  );
}
