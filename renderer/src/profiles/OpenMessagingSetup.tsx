// Open Messaging setup for one profile: the console's webhook receiver (the address Genesys must deliver
// replies to), the org's integrations with "point the webhook here" after confirmation, "Check webhook"
// (a correctly and a wrongly signed sample sent to the receiver) and the receiver's recent deliveries. A profile
// that polls needs none of it, and one without its client secret is told to set it rather than loaded.
import { useState } from 'react';
import type { IntegrationSummary, WebhookCheck } from '../../../shared/contract';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';

export function OpenMessagingSetup(props: {
  profileId: string;
  isSandbox: boolean;
  integrationId: string;
  receiveMode?: 'webhook' | 'poll';
  /** Real-org profiles: whether the client secret is set (undefined while not known yet). */
  clientSecretSet?: boolean;
}) {
  if (!props.isSandbox && props.receiveMode === 'poll') {
    return (
      <section className="om-setup" aria-label="Open Messaging webhook">
        <h3>Open Messaging replies</h3>
        <p className="muted">This profile receives agent replies by polling the conversation: no webhook, receiver or tunnel is needed.</p>
      </section>
    );
  }
  if (!props.isSandbox && props.clientSecretSet !== true) {
    return (
      <section className="om-setup" aria-label="Open Messaging webhook">
        <h3>Open Messaging webhook</h3>
        <p className="muted">
          {props.clientSecretSet === false
            ? 'Set the client secret in Secrets above: then the org’s integrations are listed here and the webhook can be checked.'
            : 'Reading the profile’s secrets…'}
        </p>
      </section>
    );
  }
  return <WebhookSetup {...props} />;
}

function WebhookSetup({ profileId, isSandbox, integrationId }: { profileId: string; isSandbox: boolean; integrationId: string }) {
  const { data: setup, error: loadError, loading, reload } = useContractData('openMessaging.setup', { profileId });
  const [check, setCheck] = useState<WebhookCheck | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const error = checkError ?? loadError?.message;

  const runCheck = async () => {
    setChecking(true);
    setCheckError(null);
    const result = await api['openMessaging.checkWebhook']({ profileId });
    setChecking(false);
    if (result.ok) setCheck(result.data);
    else setCheckError(result.error.message);
    reload();
  };

  return (
    <section className="om-setup" aria-label="Open Messaging webhook">
      <h3>Open Messaging webhook</h3>
      <p className="muted">
        {isSandbox
          ? 'The sandbox delivers agent replies straight to the console’s local receiver; starting an Open Messaging conversation points the demo integration at it.'
          : 'Genesys delivers agent replies only to a public HTTPS address. Run a tunnel to the receiver below (for example cloudflared or ngrok) and point your integration’s webhook at the tunnel’s URL — or choose “Polling the conversation” above.'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {setup && (
        <>
          <div className="facts">
            <span className="fact-label">Receiver</span>
            <code className="fact-value" aria-label="Receiver address">
              {setup.webhookUrl}
            </code>
          </div>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void runCheck()} disabled={checking}>
              {checking ? 'Checking…' : 'Check webhook'}
            </button>
            <button type="button" onClick={reload} disabled={loading}>
              Refresh
            </button>
          </div>
          {check && <CheckResult check={check} />}
          <IntegrationList
            profileId={profileId}
            integrations={setup.integrations}
            receiverUrl={setup.webhookUrl}
            profileIntegrationId={integrationId}
            onSaved={reload}
          />
          {setup.attempts.length > 0 && (
            <table className="attempts" aria-label="Recent webhook deliveries">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Status</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {[...setup.attempts].reverse().slice(0, 10).map((attempt, index) => (
                  <tr key={`${attempt.time}-${index}`}>
                    <td>{new Date(attempt.time).toLocaleTimeString()}</td>
                    <td>{attempt.status}</td>
                    <td className={attempt.outcome === 'rejected' ? 'error' : undefined}>{attempt.outcome}</td>
                    <td>{attempt.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {!setup && !error && <p className="muted">Starting the receiver…</p>}
    </section>
  );
}

function CheckResult({ check }: { check: WebhookCheck }) {
  const healthy = check.correctlySigned.accepted && !check.wronglySigned.accepted;
  return (
    <div className={`check-result ${healthy ? 'check-ok' : 'check-bad'}`} role="status" aria-label="Webhook check">
      <p>
        <strong>Correctly signed sample:</strong> {check.correctlySigned.accepted ? 'accepted' : 'refused'} (HTTP {check.correctlySigned.status})
      </p>
      <p>
        <strong>Wrongly signed sample:</strong> {check.wronglySigned.accepted ? 'accepted — the receiver is not checking signatures!' : 'rejected'} (HTTP{' '}
        {check.wronglySigned.status})
      </p>
      <p>{healthy ? 'The receiver verifies signatures with this profile’s webhook secret.' : 'Check the profile’s webhook secret: it must match the integration’s.'}</p>
    </div>
  );
}

function IntegrationList(props: {
  profileId: string;
  integrations: IntegrationSummary[];
  receiverUrl: string;
  profileIntegrationId: string;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState<IntegrationSummary | null>(null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    if (!editing) return;
    const result = await api['openMessaging.saveIntegration']({ profileId: props.profileId, id: editing.id, name: editing.name, webhookUrl: url });
    if (!result.ok) {
      setError(result.error.issues?.[0]?.message ?? result.error.message);
      return;
    }
    setEditing(null);
    setError(null);
    props.onSaved();
  };

  if (props.integrations.length === 0) return <p className="muted">No Open Messaging integrations in this org yet.</p>;
  return (
    <div className="integrations">
      <h4>Integrations</h4>
      <ul aria-label="Integrations">
        {props.integrations.map((integration) => (
          <li key={integration.id} className="integration">
            <div>
              <span className="profile-name">{integration.name}</span>
              {integration.id === props.profileIntegrationId && <span className="badge">this profile</span>}
              <div className="muted integration-url">{integration.webhookUrl || 'no webhook set'}</div>
            </div>
            <button
              type="button"
              onClick={() => {
                setEditing(integration);
                setUrl(integration.webhookUrl || props.receiverUrl);
                setError(null);
              }}
            >
              Change webhook…
            </button>
          </li>
        ))}
      </ul>
      {editing && (
        <div className="panel" role="dialog" aria-label={`Change the webhook of ${editing.name}`}>
          <p>
            Genesys will send <strong>{editing.name}</strong>’s agent replies to this address. Other tools using this integration stop receiving them.
          </p>
          <label className="field">
            <span>Webhook URL</span>
            <input type="text" value={url} onChange={(event) => setUrl(event.target.value)} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void save()}>
              Yes, change the webhook
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
