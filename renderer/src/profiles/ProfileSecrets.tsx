// A profile's secrets (client secret, webhook secret), write-only: the page sends one and afterwards only ever
// sees "set" or "not set", with a warning when the OS vault does not protect them. The status is followed by
// the editor, which shares it with the Open Messaging setup.
import { useState } from 'react';
import type { SecretKind, SecretStatus } from '../../../shared/contract';
import type { FollowedData } from '../data/use-contract-data';
import { api } from '../transport/api';

export function ProfileSecrets({ profileId, status: secrets }: { profileId: string; status: FollowedData<SecretStatus> }) {
  const [submitError, setSubmitError] = useState<string | null>(null);
  const status = secrets.data;
  const error = submitError ?? secrets.error?.message;

  const submit = async (kind: SecretKind, value: string) => {
    const result = await api['profiles.setSecret']({ profileId, kind, value });
    if (result.ok) {
      secrets.update(() => result.data);
      setSubmitError(null);
    } else setSubmitError(result.error.message);
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
