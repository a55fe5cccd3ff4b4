// "Participant data": what the platform holds behind one conversation, read through the Platform API — every
// participant's purpose, name, state, queue, wrap-up and attributes — with what the guest sent as custom attributes
// beside the customer's, so a tester sees which arrived. Read again on Refresh and on each agent message (a flow's
// "Set Participant Data" usually lands just before the agent or bot speaks). When the read is unavailable (no OAuth
// client on the profile, no platform conversation yet) the pane says why, and offers Profiles when that is the fix.
// Also read again when an agent joins or leaves and when the conversation ends (the wrap-up lands then).
import type { EventOf } from '../../../shared/contract';
import type { ParticipantData } from '../../../shared/participants-contract';
import { useContractData } from '../data/use-contract-data';
import { arrivalSummary, compareAttributes, customerFirst, type AttributeMatch } from './participant-attributes';
import { frameTime } from './time-labels';

/** Each row's mark: a glyph to scan, and the words (spoken, and in the legend under the table). */
const MATCH: Record<AttributeMatch, { glyph: string; words: string }> = {
  arrived: { glyph: '✓', words: 'Arrived' },
  missing: { glyph: '✗', words: 'Not arrived' },
  different: { glyph: '≠', words: 'Different value' },
  platformOnly: { glyph: '+', words: 'Only on the platform' },
};

/** Lines that say who holds the conversation changed: its participants (and, at the end, the wrap-up) did too. */
const HOLDER_EVENTS = new Set(['agentJoined', 'agentLeft', 'ended']);

/** An agent (or bot) message or a change of holder in this conversation: participant data may have changed behind it. */
function agentMoved(event: EventOf<'conversation.items'>, payload: { conversationId: string }): boolean {
  return (
    event.conversationId === payload.conversationId &&
    event.items.some((item) => item.from === 'agent' || (item.from === 'system' && item.event !== undefined && HOLDER_EVENTS.has(item.event)))
  );
}

/** How the platform's purposes read; others are shown as they come, capitalised. */
const PURPOSE_WORDS: Record<string, string> = { acd: 'ACD', ivr: 'IVR' };

export function ParticipantDataPane(props: {
  conversationId: string;
  /** What the guest sends as custom attributes with each message. */
  sentAttributes: Record<string, string>;
  onOpenProfiles: () => void;
  onHide: () => void;
}) {
  const read = useContractData('participants.read', { conversationId: props.conversationId }, { event: 'conversation.items', reloadWhen: agentMoved });
  const data = read.data;

  return (
    <aside id="participants-pane" className="participants-pane" aria-label="Participant data">
      <div className="inspector-header">
        <h2 className="inspector-title">Participant data</h2>
        <span className="inspector-count" role="status">
          {read.loading ? 'Reading…' : ''}
        </span>
        <button type="button" className="small" disabled={read.loading} title="Read the participant data again" onClick={read.reload}>
          Refresh
        </button>
        <button type="button" className="icon-button small" aria-label="Hide participant data" title="Hide participant data" onClick={props.onHide}>
          ×
        </button>
      </div>
      <div className="participants-body">
        {data === undefined && !read.error && <p className="log-note">Reading what the platform holds…</p>}
        {read.error && (
          <p role="alert" className="error participants-note">
            Participant data could not be read: {read.error.message}
          </p>
        )}
        {data && !data.available && (
          <div className="participants-note warning" role="note">
            <p>{data.reason}</p>
            {/profile/i.test(data.reason) && (
              <button type="button" onClick={props.onOpenProfiles}>
                Open Profiles
              </button>
            )}
          </div>
        )}
        {data?.available && (
          <>
            <p className="muted small participants-note">
              Read at <time dateTime={data.readAt}>{frameTime(data.readAt).slice(0, 8)}</time> from conversation <code>{data.conversationId}</code>
            </p>
            {data.participants.length === 0 && <p className="log-note">The platform holds no participants for this conversation yet.</p>}
            {customerFirst(data.participants).map((participant) => (
              <ParticipantCard key={participant.id} participant={participant} sentAttributes={participant.purpose === 'customer' ? props.sentAttributes : undefined} />
            ))}
          </>
        )}
      </div>
    </aside>
  );
}

function ParticipantCard({ participant, sentAttributes }: { participant: ParticipantData; sentAttributes?: Record<string, string> }) {
  // The sandbox (and some flows) name the customer "Customer": the purpose alone says it then.
  const name = participant.name && participant.name.toLowerCase() !== participant.purpose.toLowerCase() ? participant.name : undefined;
  const heading = name ? `${participant.purpose} · ${name}` : participant.purpose;
  const queue = participant.queueName ?? participant.queueId;
  const wrapup = participant.wrapup;
  return (
    <section className="participant" aria-label={`Participant ${heading}`}>
      <h3 className="participant-title">
        <span className="participant-purpose">{PURPOSE_WORDS[participant.purpose] ?? participant.purpose.charAt(0).toUpperCase() + participant.purpose.slice(1)}</span>
        {name && <span className="participant-name">{name}</span>}
        {participant.state && <span className={`participant-state participant-state-${participant.state === 'disconnected' ? 'left' : 'on'}`}>{participant.state}</span>}
      </h3>
      {(queue || wrapup) && (
        <dl className="facts participant-facts">
          {queue && (
            <>
              <dt>Queue</dt>
              <dd title={participant.queueId}>{queue}</dd>
            </>
          )}
          {wrapup && (
            <>
              <dt>Wrap-up</dt>
              <dd>
                {wrapup.name ?? wrapup.code}
                {wrapup.notes && <span className="muted"> — {wrapup.notes}</span>}
              </dd>
            </>
          )}
        </dl>
      )}
      {sentAttributes ? <SentBesideHeld sent={sentAttributes} held={participant.attributes} /> : <HeldAttributes held={participant.attributes} />}
    </section>
  );
}

function HeldAttributes({ held }: { held: Record<string, string> }) {
  const rows = Object.entries(held).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return <p className="muted small">No participant data.</p>;
  return (
    <table className="attribute-table">
      <caption className="visually-hidden">Participant data</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The customer's participant data beside what the guest sent, one row per key, each marked. */
function SentBesideHeld({ sent, held }: { sent: Record<string, string>; held: Record<string, string> }) {
  const rows = compareAttributes(sent, held);
  return (
    <>
      <p className="small participants-arrival">{arrivalSummary(rows)}</p>
      {rows.length > 0 && (
        <table className="attribute-table attribute-table-compared">
          <caption className="visually-hidden">Custom attributes sent by the guest and participant data on the customer</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col" title="Sent by the guest as custom attributes">
                Sent
              </th>
              <th scope="col" title="Held by the platform as the customer's participant data">
                Platform
              </th>
              <th scope="col">
                <span className="visually-hidden">Arrived?</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={`attribute-${row.match}`}>
                <th scope="row">{row.key}</th>
                <td>{row.sent ?? <span className="muted">—</span>}</td>
                <td>{row.held ?? <span className="muted">—</span>}</td>
                <td className={`attribute-match attribute-match-${row.match}`} title={MATCH[row.match].words}>
                  <span aria-hidden="true">{MATCH[row.match].glyph}</span>
                  <span className="visually-hidden">{MATCH[row.match].words}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && (
        <p className="muted small attribute-legend" aria-hidden="true">
          {(Object.keys(MATCH) as AttributeMatch[])
            .filter((match) => rows.some((row) => row.match === match))
            .map((match) => `${MATCH[match].glyph} ${MATCH[match].words.toLowerCase()}`)
            .join(' · ')}
        </p>
      )}
    </>
  );
}
