// One real-org profile's form: name, region, the Web Messaging and Open Messaging settings with each field's
// problem from the host shown beside it, save and remove (after a question); once saved, its connection
// test, secrets and Open Messaging setup below.
import { useMemo, useState } from 'react';
import type { ContractError, Profile } from '../../../shared/contract';
import { api } from '../transport/api';
import { ConnectionTest } from './ConnectionTest';
import { OpenMessagingSetup } from './OpenMessagingSetup';
import { draftOf, inputOf, type Draft } from './profile-draft';
import { ProfileSecrets } from './ProfileSecrets';
import { RegionPicker } from './RegionPicker';
import { TextField } from './TextField';

export function ProfileEditor(props: { draft: Draft; announceSaved?: boolean; onSaved: (profile: Profile) => void; onRemoved: () => void }) {
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
      {!isNew && draft.id && <ProfileSecrets profileId={draft.id} />}
      {!isNew && draft.id && props.draft.integrationId && props.draft.clientId && (
        <OpenMessagingSetup profileId={draft.id} isSandbox={false} integrationId={props.draft.integrationId} />
      )}
    </form>
  );
}
