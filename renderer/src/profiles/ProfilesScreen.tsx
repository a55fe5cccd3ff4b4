// The profile manager: the built-in sandbox profile (read-only) and the user's real-org profiles.
// Secrets are write-only: the page sends one and afterwards only ever sees "set" or "not set".
import { useEffect, useMemo, useState } from 'react';
import type { AppInfo, ContractError, Profile, ProfileInput, SecretKind, SecretStatus } from '../../../shared/contract';
import { REGIONS } from '../../../shared/regions';
import { api } from '../transport/api';
import { ConnectionTest } from './ConnectionTest';
import { OpenMessagingSetup } from './OpenMessagingSetup';
import { ProfileFiles } from './ProfileFiles';
import { RegionPicker } from './RegionPicker';

type Draft = {
  id?: string;
  name: string;
  region: string;
  deploymentId: string;
  origin: string;
  integrationId: string;
  clientId: string;
  receiveMode: 'webhook' | 'poll';
  webhookHost: string;
  webhookPort: string;
};

const EMPTY_DRAFT: Draft = {
  name: '',
  region: 'us-east-1',
  deploymentId: '',
  origin: '',
  integrationId: '',
  clientId: '',
  receiveMode: 'webhook',
  webhookHost: '127.0.0.1',
  webhookPort: '0',
};

function draftOf(profile: Profile): Draft {
  return {
    id: profile.id,
    name: profile.name,
    region: profile.region,
    deploymentId: profile.webMessaging.deploymentId,
    origin: profile.webMessaging.origin,
    integrationId: profile.openMessaging.integrationId,
    clientId: profile.openMessaging.clientId,
    receiveMode: profile.openMessaging.receiveMode,
    webhookHost: profile.openMessaging.webhookHost,
    webhookPort: String(profile.openMessaging.webhookPort),
  };
}

function inputOf(draft: Draft): ProfileInput {
  return {
    id: draft.id,
    name: draft.name,
    region: draft.region,
    webMessaging: { deploymentId: draft.deploymentId, origin: draft.origin },
    openMessaging: {
      integrationId: draft.integrationId,
      clientId: draft.clientId,
      receiveMode: draft.receiveMode,
      webhookHost: draft.webhookHost,
      webhookPort: Number.parseInt(draft.webhookPort || '0', 10),
    },
  };
}

export function ProfilesScreen({ info }: { info: AppInfo | null }) {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [selectedId, setSelectedId] = useState<string | 'new'>('sandbox');
  const [loadError, setLoadError] = useState<string | null>(null);
  /** The profile just created: its editor opens with the "saved" confirmation still showing. */
  const [justCreated, setJustCreated] = useState<string | null>(null);

  useEffect(() => {
    void api['profiles.list']({}).then((result) => {
      if (result.ok) setProfiles(result.data);
      else setLoadError(result.error.message);
    });
    return api.on('profiles.changed', ({ profiles: next }) => setProfiles(next));
  }, []);

  const selected = profiles.find((profile) => profile.id === selectedId);

  return (
    <div className="workspace">
      <aside className="sidebar">
        <div className="sidebar-header">
          <h1>Profiles</h1>
          <button type="button" className="primary" onClick={() => setSelectedId('new')}>
            Add profile
          </button>
        </div>
        {loadError && <p role="alert" className="error">{loadError}</p>}
        <ul className="profile-list" aria-label="Profiles">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <button
                type="button"
                className="profile-item"
                aria-current={profile.id === selectedId ? 'true' : undefined}
                onClick={() => setSelectedId(profile.id)}
              >
                <span className="profile-name">{profile.name}</span>
                <span className="profile-meta">
                  {profile.builtIn ? 'Built in · local sandbox' : REGIONS.find((region) => region.id === profile.region)?.name}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <ProfileFiles />
      </aside>
      <section className="detail" aria-label="Profile details">
        {selectedId === 'new' ? (
          <ProfileEditor
            key="new"
            draft={EMPTY_DRAFT}
            onSaved={(profile) => {
              setJustCreated(profile.id);
              setSelectedId(profile.id);
            }}
            onRemoved={() => setSelectedId('sandbox')}
          />
        ) : selected?.builtIn ? (
          <SandboxProfile profile={selected} info={info} />
        ) : selected ? (
          <ProfileEditor
            key={selected.id}
            draft={draftOf(selected)}
            announceSaved={justCreated === selected.id}
            onSaved={(profile) => setSelectedId(profile.id)}
            onRemoved={() => setSelectedId('sandbox')}
          />
        ) : (
          <p className="muted">Choose a profile.</p>
        )}
      </section>
    </div>
  );
}

function SandboxProfile({ profile, info }: { profile: Profile; info: AppInfo | null }) {
  return (
    <div className="form">
      <h2>{profile.name}</h2>
      <p className="muted">
        The built-in sandbox is a local look-alike of Genesys Cloud with scripted agents. It is always here, needs no
        org or network, and uses fixed demo credentials.
      </p>
      <dl className="facts">
        <dt>Web Messaging deployment</dt>
        <dd>{profile.webMessaging.deploymentId}</dd>
        <dt>Open Messaging integration</dt>
        <dd>{profile.openMessaging.integrationId}</dd>
        <dt>Address</dt>
        <dd>{info?.sandbox?.baseUrl ?? '—'}</dd>
      </dl>
      <ConnectionTest profileId={profile.id} />
      <OpenMessagingSetup profileId={profile.id} isSandbox integrationId={profile.openMessaging.integrationId} />
    </div>
  );
}

function ProfileEditor(props: { draft: Draft; announceSaved?: boolean; onSaved: (profile: Profile) => void; onRemoved: () => void }) {
  const [draft, setDraft] = useState<Draft>(props.draft);
  const [error, setError] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(props.announceSaved ?? false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const isNew = draft.id === undefined;

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
    setError(null);
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

      <fieldset>
        <legend>Web Messaging</legend>
        <TextField
          label="Deployment ID"
          value={draft.deploymentId}
          onChange={(deploymentId) => update({ deploymentId })}
          error={fieldError('webMessaging.deploymentId')}
        />
        <TextField
          label="Origin"
          hint="Only if the deployment restricts allowed domains, e.g. https://www.example.com"
          value={draft.origin}
          onChange={(origin) => update({ origin })}
          error={fieldError('webMessaging.origin')}
        />
      </fieldset>

      <fieldset>
        <legend>Open Messaging</legend>
        <TextField
          label="Integration ID"
          value={draft.integrationId}
          onChange={(integrationId) => update({ integrationId })}
          error={fieldError('openMessaging.integrationId')}
        />
        <TextField
          label="Client ID"
          hint="An OAuth client-credentials client of your org"
          value={draft.clientId}
          onChange={(clientId) => update({ clientId })}
          error={fieldError('openMessaging.clientId')}
        />
        <label className="field">
          <span>Receive replies by</span>
          <select value={draft.receiveMode} onChange={(event) => update({ receiveMode: event.target.value as Draft['receiveMode'] })}>
            <option value="webhook">Webhook (needs a public HTTPS tunnel)</option>
            <option value="poll">Polling the conversation</option>
          </select>
        </label>
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
      </fieldset>

      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {saved && <p role="status" className="success">Profile saved.</p>}
      <div className="actions">
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
      {!isNew && draft.id && <SecretsSection profileId={draft.id} />}
      {!isNew && draft.id && props.draft.integrationId && props.draft.clientId && (
        <OpenMessagingSetup profileId={draft.id} isSandbox={false} integrationId={props.draft.integrationId} />
      )}
    </form>
  );
}

function SecretsSection({ profileId }: { profileId: string }) {
  const [status, setStatus] = useState<SecretStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api['profiles.secretStatus']({ profileId }).then((result) => {
      if (result.ok) setStatus(result.data);
      else setError(result.error.message);
    });
  }, [profileId]);

  const submit = async (kind: SecretKind, value: string) => {
    const result = await api['profiles.setSecret']({ profileId, kind, value });
    if (result.ok) {
      setStatus(result.data);
      setError(null);
    } else setError(result.error.message);
  };

  return (
    <fieldset className="secrets">
      <legend>Secrets</legend>
      {status && status.protection !== 'os' && <p className="warning">{status.protectionNote}</p>}
      <SecretField label="Client secret" state={status?.clientSecret} onSubmit={(value) => submit('clientSecret', value)} />
      <SecretField label="Webhook secret" state={status?.webhookSecret} onSubmit={(value) => submit('webhookSecret', value)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function SecretField(props: { label: string; state: 'set' | 'not set' | undefined; onSubmit: (value: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const id = `secret-${props.label.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <div className="secret-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={value}
        placeholder={props.state === 'set' ? '•••••••• (set — type to replace)' : 'not set'}
        onChange={(event) => setValue(event.target.value)}
      />
      <span className={`secret-state secret-${props.state === 'set' ? 'set' : 'unset'}`} aria-label={`${props.label} status`}>
        {props.state ?? '…'}
      </span>
      <button
        type="button"
        disabled={value === ''}
        onClick={() =>
          void props.onSubmit(value).then(() => {
            setValue('');
          })
        }
      >
        Save {props.label.toLowerCase()}
      </button>
      {props.state === 'set' && (
        <button type="button" className="link" onClick={() => void props.onSubmit('')}>
          Clear
        </button>
      )}
    </div>
  );
}

function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  inputMode?: 'numeric';
}) {
  const id = `field-${props.label.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        required={props.required}
        inputMode={props.inputMode}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint && !props.error && (
        <small id={`${id}-hint`} className="muted">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${id}-error`} className="error">
          {props.error}
        </small>
      )}
    </div>
  );
}
