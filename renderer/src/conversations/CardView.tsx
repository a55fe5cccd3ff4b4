// One card from an agent: optional image, title, description and actions. Postback actions answer the
// agent; Link actions open in the system browser (in the desktop app, after the person confirms the host).
import { useState } from 'react';
import type { DisplayCard } from '../../../shared/contract';
import { ExternalIcon } from '../ui/icons';
import { isImageSource, isWebLink } from './web-url';

export type CardAction = DisplayCard['actions'][number];

export function CardView(props: { card: DisplayCard; disabled: boolean; onPostback: (action: CardAction) => void }) {
  const { card } = props;
  const [imageFailed, setImageFailed] = useState(false);
  return (
    <article className="card" aria-label={card.title}>
      {card.image && isImageSource(card.image) && !imageFailed && (
        <img className="card-image" src={card.image} alt="" onError={() => setImageFailed(true)} />
      )}
      <div className="card-body">
        <h3 className="card-title">{card.title}</h3>
        {card.description && <p className="card-description">{card.description}</p>}
      </div>
      {card.actions.length > 0 && (
        <div className="card-actions">
          {card.actions.map((action, index) =>
            action.type === 'Link' ? (
              action.url && isWebLink(action.url) ? (
                <a key={index} className="card-action" href={action.url} target="_blank" rel="noopener noreferrer">
                  {action.text}
                  <ExternalIcon />
                  <span className="visually-hidden"> (opens in your browser)</span>
                </a>
              ) : (
                <span key={index} className="card-action card-action-dead" title="This link has no web address">
                  {action.text}
                </span>
              )
            ) : (
              <button key={index} type="button" className="card-action" disabled={props.disabled} onClick={() => props.onPostback(action)}>
                {action.text}
              </button>
            ),
          )}
        </div>
      )}
    </article>
  );
}
