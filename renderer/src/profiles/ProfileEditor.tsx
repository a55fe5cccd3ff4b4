// One real-org profile's form: name, region (or a custom domain or base URL), the OAuth client (both channels), the
// Web Messaging and Open Messaging settings, with each field's problem from the host shown beside it and warnings
// that never block; save and remove (after a question); a new profile takes its secrets in the same go. Once saved, its
// connection test, secrets and Open Messaging setup below. The actions stay in view while the form scrolls.
import { useMemo, useState } from 'react';
import type { ContractError, Profile, SecretKind } from '../../../shared/contract';
import { CUSTOM_REGION_ID, customHosts } from '../../../shared/regions';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';
import { ConnectionTest } from './ConnectionTest';
import { OpenMessagingSetup } from './OpenMessagingSetup';
import { draftOf, inputOf, type Draft } from './profile-draft';
import { ProfileSecrets } from './ProfileSecrets';
import { draftWarnings } from './profile-warnings';
import { RegionPicker } from './RegionPicker';
import { TextField } from './TextField';

/** One client-credentials client per profile (one org): Open Messaging sends with it, and on either channel it reads
 *  what the platform holds behind a conversation. Its secret is write-only, under Secrets. */
const OAUTH_CLIENT_USE =
  'A client-credentials OAuth client of your org, with its secret under Secrets. Open Messaging needs it; on Web Messaging it is optional and lets the console check participant data, queue and wrap-up.';

/** Receiving replies: what each way costs, in the words of poll-schedule.ts and the webhook receiver. */
const RECEIVE_TRADE_OFF = {
  poll: 'Polling needs no public address and makes far fewer API requests than reading every 2 s, but an agent message nobody prompted can wait up to 30 s while the conversation is idle.',
  webhook: 'A webhook delivers replies within milliseconds, but Genesys must reach the receiver at a public HTTPS address (a tunnel).',
} as const;

export function ProfileEditor(props: { draft: Draft; announceSaved?: boolean; onSaved: (profile: Profile) => void; onRemoved: () => void }) {
  const [draft, setDraft] = useState<Draft>(props.draft);
  const [error, setError] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(props.announceSaved ?? false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  /** A new profile's secrets, sent right after it is created. */
  const [newSecrets, setNewSecrets] = useState<Record<SecretKind, string>>({ clientSecret: '', webhookSecret: '' });
  const isNew = draft.id === undefined;
  const warnings = draftWarnings(draft);
  const custom = draft.region === CUSTOM_REGION_ID ? customHosts(draft.customHost) : null;

  const fieldError = useMemo(() => {
    const byPath = new Map<string, string>();
    for (const issue of error?.issues ?? []) byPath.set(issue.path, issue.message);
    return (path: string) => byPath.get(path);
  }, [error]);

  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };

  const save = async () => {
    const result = await api['profiles.save'](inputOf(draft));
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (isNew) {
      for (const kind of ['clientSecret', 'webhookSecret'] as const) {
        if (newSecrets[kind] === '') continue;
        const stored = await api['profiles.setSecret']({ profileId: result.data.id, kind, value: newSecrets[kind] });
        if (!stored.ok) setError({ ...stored.error, message: `The profile was created, but its ${kind === 'clientSecret' ? 'client' : 'webhook'} secret was not saved: ${stored.error.message}` });
      }
      setNewSecrets({ clientSecret: '', webhookSecret: '' });
    } else setError(null);
    setSaved(true);
    setDraft(draftOf(result.data));
    props.onSaved(result.data);
  };

  const remove = async () => {
    if (!draft.id) return;
    const result = await api['profiles.remove']({ id: draft.id });
    if (result.ok) props.onRemoved();
    else setError(result.error);
  };

  return (
    <form
      className="form"
      aria-label={isNew ? 'New profile' : `Profile ${props.draft.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{isNew ? 'New profile' : props.draft.name}</h2>
      <TextField label="Name" value={draft.name} onChange={(name) => update({ name })} error={fieldError('name')} required />
      <RegionPicker value={draft.region} onChange={(region) => update({ region })} />
      {draft.region === CUSTOM_REGION_ID && (
        <TextField
          label="Domain or base URL"
          hint="A staging org's domain (inindca.com: login., api. and webmessaging. hosts), or one https:// address that serves them all (a proxy)."
          value={draft.customHost}
          onChange={(customHost) => update({ customHost })}
          error={fieldError('customHost') ?? (custom && !custom.ok && draft.customHost.trim() !== '' ? custom.problem : undefined)}
          required
        />
      )}

      <fieldset>
        <legend>OAuth client</legend>
        <TextField
          label="Client ID"
          hint={OAUTH_CLIENT_USE}
          value={draft.clientId}
          onChange={(clientId) => update({ clientId })}
          error={fieldError('openMessaging.clientId')}
          warning={warnings.clientId}
        />
      </fieldset>

      <fieldset>
        <legend>Web Messaging</legend>
        <TextField
          label="Deployment ID"
          value={draft.deploymentId}
          onChange={(deploymentId) => update({ deploymentId })}
          error={fieldError('webMessaging.deploymentId')}
          warning={warnings.deploymentId}
        />
        <TextField
          label="Origin"
          hint="Only if the deployment restricts allowed domains, e.g. https://www.example.com"
          value={draft.origin}
          onChange={(origin) => update({ origin })}
          error={fieldError('webMessaging.origin')}
          warning={warnings.origin}
        />
      </fieldset>

      <fieldset>
        <legend>Open Messaging</legend>
        <TextField
          label="Integration ID"
          value={draft.integrationId}
          onChange={(integrationId) => update({ integrationId })}
          error={fieldError('openMessaging.integrationId')}
          warning={warnings.integrationId}
        />
        <label className="field">
          <span>Receive replies by</span>
          <select
            value={draft.receiveMode}
            aria-describedby="receive-mode-trade-off"
            onChange={(event) => update({ receiveMode: event.target.value as Draft['receiveMode'] })}
          >
            <option value="webhook">Webhook (needs a public HTTPS tunnel)</option>
            <option value="poll">Polling the conversation</option>
          </select>
          <small id="receive-mode-trade-off" className="muted">
            {RECEIVE_TRADE_OFF[draft.receiveMode]}
          </small>
        </label>
        {draft.receiveMode === 'webhook' && (
          <div className="row">
            <TextField label="Webhook host" value={draft.webhookHost} onChange={(webhookHost) => update({ webhookHost })} />
            <TextField
              label="Webhook port"
              hint="0 picks a free port"
              inputMode="numeric"
              value={draft.webhookPort}
              onChange={(webhookPort) => update({ webhookPort: webhookPort.replace(/[^0-9]/g, '') })}
              error={fieldError('openMessaging.webhookPort')}
            />
          </div>
        )}
      </fieldset>

      {isNew && (
        <fieldset className="secrets">
          <legend>Secrets</legend>
          <NewSecretField label="Client secret" value={newSecrets.clientSecret} onChange={(clientSecret) => setNewSecrets((current) => ({ ...current, clientSecret }))} />
          {draft.receiveMode === 'webhook' && (
            <NewSecretField label="Webhook secret" value={newSecrets.webhookSecret} onChange={(webhookSecret) => setNewSecrets((current) => ({ ...current, webhookSecret }))} />
          )}
          <small className="muted">Saved with the profile, in the OS vault; the page never reads them back.</small>
        </fieldset>
      )}

      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {saved && <p role="status" className="success">Profile saved.</p>}
      <div className="actions sticky-actions">
        <button type="submit" className="primary">
          {isNew ? 'Create profile' : 'Save changes'}
        </button>
        {!isNew &&
          (confirmRemove ? (
            <>
              <span className="confirm-text">Remove “{props.draft.name}” and its secrets?</span>
              <button type="button" className="danger" onClick={() => void remove()}>
                Yes, remove
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmRemove(true)}>
              Remove profile
            </button>
          ))}
      </div>

      {!isNew && draft.id && <ConnectionTest profileId={draft.id} unsaved={!saved && JSON.stringify(draft) !== JSON.stringify(props.draft)} />}
      {!isNew && draft.id && <SavedProfileParts profileId={draft.id} saved={props.draft} receiveMode={draft.receiveMode} />}
    </form>
  );
}

/** The secrets and the Open Messaging setup of a saved profile: the setup follows the client secret's state,
 *  so it never says the secret is missing once it is set, and the receive mode as the form shows it. */
function SavedProfileParts({ profileId, saved, receiveMode }: { profileId: string; saved: Draft; receiveMode: Draft['receiveMode'] }) {
  const secrets = useContractData('profiles.secretStatus', { profileId });
  const clientSecret = secrets.data?.clientSecret;
  return (
    <>
      <ProfileSecrets profileId={profileId} status={secrets} />
      {saved.integrationId && saved.clientId && (
        <OpenMessagingSetup
          key={clientSecret}
          profileId={profileId}
          isSandbox={false}
          integrationId={saved.integrationId}
          receiveMode={receiveMode}
          clientSecretSet={clientSecret === undefined ? undefined : clientSecret === 'set'}
        />
      )}
    </>
  );
}

function NewSecretField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const id = `new-secret-${label.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <div className="secret-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" autoComplete="off" placeholder="optional: set it now or later" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
