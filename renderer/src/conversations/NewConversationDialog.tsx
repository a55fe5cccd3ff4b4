// "New conversation": profile, channel, and the customer — typed in or a saved persona (its fields fill the form and
// stay editable). Starting calls `conversations.start` and hands the new conversation back to the workspace. The form
// keeps its values between openings, since testers often start several guests alike.
import { useEffect, useId, useMemo, useState } from 'react';
import type { Channel, ContractError, ConversationSummary, Profile } from '../../../shared/contract';
import { usePersonas } from '../data/use-personas';
import { useProfiles } from '../data/use-profiles';
import { api } from '../transport/api';
import { CustomAttributesEditor, attributesProblem, attributesRecord, type AttributeRow } from '../ui/CustomAttributesEditor';
import { Modal } from '../ui/Modal';
import { CHANNEL_LABEL } from './conversation-words';

function missingSetting(profile: Profile | undefined, channel: Channel): string | null {
  if (!profile || profile.builtIn) return null;
  if (channel === 'webmessaging' && profile.webMessaging.deploymentId === '') return 'This profile has no Web Messaging deployment ID yet.';
  if (channel === 'openmessaging' && profile.openMessaging.integrationId === '') return 'This profile has no Open Messaging integration ID yet.';
  return null;
}

export function NewConversationDialog(props: {
  open: boolean;
  onClose: () => void;
  onStarted: (summary: ConversationSummary) => void;
  onOpenProfiles: () => void;
}) {
  const { profiles, loaded, error: profilesError } = useProfiles();
  const [profileId, setProfileId] = useState('sandbox');
  const [channel, setChannel] = useState<Channel>('webmessaging');
  const [name, setName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState('');
  const [personaId, setPersonaId] = useState('');
  const personas = usePersonas();
  const [attributes, setAttributes] = useState<AttributeRow[]>([]);
  const [error, setError] = useState<ContractError | null>(null);
  const [starting, setStarting] = useState(false);
  const ids = useId();

  // A remembered choice may have been removed in Profiles since; fall back to the built-in sandbox.
  useEffect(() => {
    if (!loaded) return;
    setProfileId((current) => (profiles.some((item) => item.id === current) ? current : ((profiles.find((item) => item.builtIn) ?? profiles[0])?.id ?? current)));
  }, [loaded, profiles]);

  const profile = profiles.find((item) => item.id === profileId);
  const saved = personas.find((persona) => persona.id === personaId);

  const pickPersona = (id: string) => {
    setPersonaId(id);
    const persona = personas.find((candidate) => candidate.id === id);
    if (!persona) return;
    setName(persona.name);
    setFirstName(persona.firstName ?? '');
    setLastName(persona.lastName ?? '');
    setEmail(persona.email ?? '');
    setPhone(persona.phone ?? '');
    setLanguage(persona.language ?? '');
    setAttributes(Object.entries(persona.customAttributes).map(([key, value], index) => ({ rowId: -(index + 1) - Date.now(), key, value })));
  };
  const missing = missingSetting(profile, channel);
  const shownError = error ?? profilesError;
  const attributesIssue = attributesProblem(attributes);

  const fieldError = useMemo(() => {
    const byPath = new Map<string, string>();
    for (const issue of error?.issues ?? []) byPath.set(issue.path.replace(/^persona\./, ''), issue.message);
    return (path: string) => byPath.get(path);
  }, [error]);

  const start = async () => {
    setStarting(true);
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const result = await api['conversations.start']({
      profileId,
      channel,
      persona: {
        name: optional(name) ?? 'Guest',
        firstName: optional(firstName),
        lastName: optional(lastName),
        email: optional(email),
        phone: optional(phone),
        language: optional(language),
        avatar: saved && saved.name === (optional(name) ?? 'Guest') ? saved.avatar : undefined,
        customAttributes: attributesRecord(attributes),
      },
    });
    setStarting(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    props.onStarted(result.data);
  };

  const field = (label: string, path: string, value: string, onChange: (value: string) => void, extra: { type?: string; placeholder?: string; hint?: string } = {}) => {
    const id = `${ids}-${path}`;
    const problem = fieldError(path);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={extra.type ?? 'text'}
          value={value}
          placeholder={extra.placeholder}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : extra.hint ? `${id}-hint` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
        {extra.hint && !problem && (
          <small id={`${id}-hint`} className="muted">
            {extra.hint}
          </small>
        )}
        {problem && (
          <small id={`${id}-error`} className="error">
            {problem}
          </small>
        )}
      </div>
    );
  };

  return (
    <Modal open={props.open} title="New conversation" onClose={props.onClose} className="new-conversation">
      <form
        className="modal-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="modal-body">
          <div className="field">
            <label htmlFor={`${ids}-profile`}>Profile</label>
            <select id={`${ids}-profile`} value={profileId} onChange={(event) => setProfileId(event.target.value)}>
              {profiles.length === 0 && <option value="sandbox">Sandbox</option>}
              {profiles.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.builtIn ? `${item.name} (built in)` : item.name}
                </option>
              ))}
            </select>
          </div>

          <fieldset className="segmented">
            <legend>Channel</legend>
            {(['webmessaging', 'openmessaging'] as const).map((value) => (
              <label key={value} className="segment">
                <input type="radio" name={`${ids}-channel`} value={value} checked={channel === value} onChange={() => setChannel(value)} />
                <span>{CHANNEL_LABEL[value]}</span>
              </label>
            ))}
          </fieldset>

          {missing && (
            <p className="warning">
              {missing}{' '}
              <button
                type="button"
                className="link"
                onClick={() => {
                  props.onClose();
                  props.onOpenProfiles();
                }}
              >
                Open Profiles
              </button>
            </p>
          )}

          <div className="field">
            <label htmlFor={`${ids}-persona`}>Saved persona</label>
            <select id={`${ids}-persona`} value={personaId} onChange={(event) => pickPersona(event.target.value)}>
              <option value="">None — type the guest below</option>
              {personas.map((persona) => (
                <option key={persona.id} value={persona.id}>
                  {persona.name}
                </option>
              ))}
            </select>
            {personas.length === 0 && <small className="muted">Save personas in Personas to pick them here.</small>}
          </div>
          {field('Persona name', 'name', name, setName, { placeholder: 'Guest', hint: 'The customer’s display name, as the agent sees it.' })}
          <div className="row-even">
            {field('First name', 'firstName', firstName, setFirstName, { placeholder: 'optional' })}
            {field('Last name', 'lastName', lastName, setLastName, { placeholder: 'optional' })}
          </div>
          {field('Email', 'email', email, setEmail, { type: 'email', placeholder: 'optional' })}
          <div className="row-even">
            {field('Phone', 'phone', phone, setPhone, { type: 'tel', placeholder: 'optional' })}
            {field('Language', 'language', language, setLanguage, { placeholder: 'e.g. en-US' })}
          </div>
          <CustomAttributesEditor rows={attributes} onChange={setAttributes} />
          {attributesIssue && <p className="error small">{attributesIssue}</p>}
        </div>
        {shownError && (
          <p role="alert" className="error modal-error">
            {shownError.message}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={starting || attributesIssue !== null || missing !== null}>
            {starting ? 'Starting…' : 'Start conversation'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
