// Several cards side by side in a horizontally scrolling strip (keyboard users can focus the strip and
// scroll it with the arrow keys).
import type { DisplayCard } from '../../../shared/contract';
import { CardView, type CardAction } from './CardView';

export function Carousel(props: { cards: DisplayCard[]; disabled: boolean; onPostback: (action: CardAction) => void }) {
  return (
    <div className="carousel" role="group" aria-label={`Carousel of ${props.cards.length} cards`} tabIndex={0}>
      {props.cards.map((card, index) => (
        <CardView key={`${index}-${card.title}`} card={card} disabled={props.disabled} onPostback={props.onPostback} />
      ))}
    </div>
  );
}
