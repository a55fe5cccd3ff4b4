// Saved personas: who the guest is when a tester starts a conversation — name, avatar, email, phone,
// language, custom attributes (with the live byte count against the platform's limit), the quick-
// message snippets the composer offers for that persona, and the tone and facts the AI guest plays it with.
// Pick one in "New conversation". Details that look wrong (an email without @) are warned about, never
// refused: testers send bad data on purpose.
import { useEffect, useId, useState } from 'react';
import type { ContractError } from '../../../shared/contract';
import type { PersonaInput, SavedPersona } from '../../../shared/personas-contract';
import { api } from '../transport/api';
import { attributesProblem, attributesRecord, CustomAttributesEditor, type AttributeRow } from '../ui/CustomAttributesEditor';
import { FileButton } from '../ui/FileButton';
import { readFileBase64 } from '../ui/read-file-base64';
import { usePersonas } from '../data/use-personas';

const AVATAR_BYTES = 64 * 1024;

/** What looks wrong but may be meant, by field. */
function personaWarnings(fields: { email: string; phone: string; language: string }): Partial<Record<'email' | 'phone' | 'language', string>> {
  const warnings: Partial<Record<'email' | 'phone' | 'language', string>> = {};
  const email = fields.email.trim();
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) warnings.email = 'This does not look like an email address; you can still save it.';
  const phone = fields.phone.trim();
  if (phone !== '' && !/^\+?[0-9 ()./-]{3,}$/.test(phone)) warnings.phone = 'This does not look like a phone number; you can still save it.';
  const language = fields.language.trim();
  if (language !== '' && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) warnings.language = 'A language tag looks like en-US or de; you can still save it.';
  return warnings;
}

export function PersonasScreen() {
  const personas = usePersonas();
  const [selectedId, setSelectedId] = useState<string | 'new' | null>(null);
  /** The persona just created: its editor opens with the "saved" confirmation still showing. */
  const [justCreated, setJustCreated] = useState<string | null>(null);
  const selected = personas.find((persona) => persona.id === selectedId);
  useEffect(() => {
    if (selectedId === null && personas[0]) setSelectedId(personas[0].id);
  }, [personas, selectedId]);

  return (
    <div className="workspace">
      <aside className="sidebar">
        <div className="sidebar-header">
          <h1>Personas</h1>
          <button type="button" className="primary" onClick={() => setSelectedId('new')}>
            Add persona
          </button>
        </div>
        <ul className="profile-list" aria-label="Personas">
          {personas.length === 0 && (
            <li className="empty-state">
              <p>No saved personas yet.</p>
              <p className="muted">Add one to start conversations as the same customer again and again.</p>
            </li>
          )}
          {personas.map((persona) => (
            <li key={persona.id}>
              <button type="button" className="profile-item persona-item" aria-current={persona.id === selectedId ? 'true' : undefined} onClick={() => setSelectedId(persona.id)}>
                <span className="avatar avatar-guest" aria-hidden="true">
                  {persona.avatar ? <img src={persona.avatar} alt="" /> : persona.name.slice(0, 1).toUpperCase()}
                </span>
                <span>
                  <span className="profile-name">{persona.name}</span>
                  <span className="profile-meta">{[persona.email, persona.language].filter(Boolean).join(' · ') || 'No contact details'}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="detail" aria-label="Persona details">
        {selectedId === 'new' ? (
          <PersonaEditor
            key="new"
            onSaved={(persona) => {
              setJustCreated(persona.id);
              setSelectedId(persona.id);
            }}
            onRemoved={() => setSelectedId(null)}
          />
        ) : selected ? (
          <PersonaEditor key={selected.id} persona={selected} announceSaved={justCreated === selected.id} onSaved={(persona) => setSelectedId(persona.id)} onRemoved={() => setSelectedId(null)} />
        ) : (
          <div className="form">
            <h2>Personas</h2>
            <p className="muted">A persona is a customer you play again and again. Choose “Add persona” to create the first one.</p>
          </div>
        )}
      </section>
    </div>
  );
}

let nextRow = 1;

function PersonaEditor(props: { persona?: SavedPersona; announceSaved?: boolean; onSaved: (persona: SavedPersona) => void; onRemoved: () => void }) {
  const persona = props.persona;
  const ids = useId();
  const [name, setName] = useState(persona?.name ?? '');
  const [firstName, setFirstName] = useState(persona?.firstName ?? '');
  const [lastName, setLastName] = useState(persona?.lastName ?? '');
  const [email, setEmail] = useState(persona?.email ?? '');
  const [phone, setPhone] = useState(persona?.phone ?? '');
  const [language, setLanguage] = useState(persona?.language ?? '');
  const [avatar, setAvatar] = useState(persona?.avatar);
  const [avatarName, setAvatarName] = useState(persona?.avatarName);
  const [attributes, setAttributes] = useState<AttributeRow[]>(
    Object.entries(persona?.customAttributes ?? {}).map(([key, value]) => ({ rowId: nextRow++, key, value })),
  );
  const [snippets, setSnippets] = useState<string[]>(persona?.snippets ?? []);
  const [tone, setTone] = useState(persona?.tone ?? '');
  const [facts, setFacts] = useState(persona?.facts ?? '');
  const [error, setError] = useState<ContractError | null>(null);
  const [avatarProblem, setAvatarProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(props.announceSaved ?? false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const attributesIssue = attributesProblem(attributes);
  const issue = (path: string) => error?.issues?.find((candidate) => candidate.path === path)?.message;
  const warnings: Record<string, string | undefined> = personaWarnings({ email, phone, language });

  const save = async () => {
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const input: PersonaInput = {
      ...(persona ? { id: persona.id } : {}),
      name: name.trim(),
      firstName: optional(firstName),
      lastName: optional(lastName),
      email: optional(email),
      phone: optional(phone),
      language: optional(language),
      avatar,
      avatarName: avatar ? avatarName : undefined,
      customAttributes: attributesRecord(attributes),
      snippets: snippets.map((snippet) => snippet.trim()).filter((snippet) => snippet !== ''),
      tone: optional(tone),
      facts: optional(facts),
    };
    const result = await api['personas.save'](input);
    if (!result.ok) {
      setError(result.error);
      setSaved(false);
      return;
    }
    setError(null);
    setSaved(true);
    props.onSaved(result.data);
  };

  const chooseAvatar = async (file: File | undefined) => {
    setAvatarProblem(null);
    if (!file) return;
    if (!/^image\/(png|jpeg|svg\+xml|webp)$/.test(file.type)) return setAvatarProblem('Choose a PNG, JPEG, SVG or WebP image.');
    if (file.size > AVATAR_BYTES) return setAvatarProblem(`The image is ${Math.ceil(file.size / 1024)} KB; use one under 64 KB.`);
    setAvatar(`data:${file.type};base64,${await readFileBase64(file)}`);
    setAvatarName(file.name);
    setSaved(false);
  };

  const text = (label: string, path: string, value: string, onChange: (value: string) => void, type = 'text', placeholder = '') => (
    <div className="field">
      <label htmlFor={`${ids}-${path}`}>{label}</label>
      <input
        id={`${ids}-${path}`}
        type={type}
        value={value}
        placeholder={placeholder}
        aria-invalid={issue(path) ? true : undefined}
        aria-describedby={issue(path) ? `${ids}-${path}-error` : warnings[path] ? `${ids}-${path}-warning` : undefined}
        onChange={(event) => {
          setSaved(false);
          onChange(event.target.value);
        }}
      />
      {issue(path) && (
        <small id={`${ids}-${path}-error`} className="error">
          {issue(path)}
        </small>
      )}
      {!issue(path) && warnings[path] && (
        <small id={`${ids}-${path}-warning`} className="field-warning">
          {warnings[path]}
        </small>
      )}
    </div>
  );

  return (
    <form
      className="form"
      aria-label={persona ? `Persona ${persona.name}` : 'New persona'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{persona ? persona.name : 'New persona'}</h2>
      <div className="avatar-field">
        <span className="avatar avatar-guest avatar-large" aria-hidden="true">
          {avatar ? <img src={avatar} alt="" /> : (name.trim() || '?').slice(0, 1).toUpperCase()}
        </span>
        <FileButton
          label="Avatar image"
          buttonText={avatar ? 'Change image…' : 'Choose image…'}
          accept="image/png,image/jpeg,image/svg+xml,image/webp"
          fileName={avatar ? (avatarName ?? 'An image without a file name') : null}
          emptyText="No image yet"
          hint="PNG, JPEG, SVG or WebP, under 64 KB."
          onFiles={(files) => void chooseAvatar(files[0])}
        />
        {avatar && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setAvatar(undefined);
              setAvatarName(undefined);
              setSaved(false);
            }}
          >
            Remove avatar
          </button>
        )}
      </div>
      {avatarProblem && <p className="error small">{avatarProblem}</p>}
      {text('Persona name', 'name', name, setName, 'text', 'e.g. Jamie Rivera')}
      <div className="row-even">
        {text('First name', 'firstName', firstName, setFirstName)}
        {text('Last name', 'lastName', lastName, setLastName)}
      </div>
      <div className="row-even">
        {text('Email', 'email', email, setEmail, 'email')}
        {text('Phone', 'phone', phone, setPhone, 'tel')}
      </div>
      {text('Language', 'language', language, setLanguage, 'text', 'e.g. en-US')}
      <fieldset className="persona-ai">
        <legend>As the AI guest</legend>
        <p className="muted small">When the AI plays this persona (“Let AI play” on a conversation, a scenario’s ai step), it writes in this tone, in the language above, and gives these facts when asked.</p>
        {text('Tone', 'tone', tone, setTone, 'text', 'e.g. brief and a little impatient')}
        <div className="field">
          <label htmlFor={`${ids}-facts`}>Facts it knows</label>
          <textarea
            id={`${ids}-facts`}
            rows={4}
            value={facts}
            placeholder={'e.g. Order number 1042, placed on 3 May.\nDelivery address: 12 Rue des Lilas, Lyon.'}
            aria-invalid={issue('facts') ? true : undefined}
            aria-describedby={`${ids}-facts-note`}
            onChange={(event) => {
              setSaved(false);
              setFacts(event.target.value);
            }}
          />
          <small id={`${ids}-facts-note`} className={issue('facts') ? 'error' : 'muted'}>
            {issue('facts') ?? `Order numbers, addresses, account details: what the customer may give when asked. ${facts.length} of 4000 characters.`}
          </small>
        </div>
      </fieldset>
      <CustomAttributesEditor rows={attributes} onChange={setAttributes} />
      {attributesIssue && <p className="error small">{attributesIssue}</p>}
      <fieldset className="snippets">
        <legend>Quick-message snippets</legend>
        {snippets.length === 0 && <p className="muted small">None. Snippets appear under “Snippets” in the composer for this persona.</p>}
        {snippets.map((snippet, index) => (
          <div className="attribute-row snippet-row" key={index}>
            <input type="text" aria-label={`Snippet ${index + 1}`} value={snippet} onChange={(event) => setSnippets(snippets.map((other, at) => (at === index ? event.target.value : other)))} />
            <button type="button" className="icon-button" aria-label={`Remove snippet ${index + 1}`} title="Remove snippet" onClick={() => setSnippets(snippets.filter((_, at) => at !== index))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setSnippets([...snippets, ''])}>
          Add snippet
        </button>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error.issues?.[0] ? `${error.issues[0].path}: ${error.issues[0].message}` : error.message}
        </p>
      )}
      {saved && (
        <p role="status" className="success">
          Persona saved.
        </p>
      )}
      <div className="actions sticky-actions">
        <button type="submit" className="primary" disabled={attributesIssue !== null}>
          {persona ? 'Save changes' : 'Create persona'}
        </button>
        {persona &&
          (confirmRemove ? (
            <>
              <span className="confirm-text">Remove “{persona.name}”?</span>
              <button
                type="button"
                className="danger"
                onClick={() => void api['personas.remove']({ id: persona.id }).then((result) => (result.ok ? props.onRemoved() : setError(result.error)))}
              >
                Yes, remove
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmRemove(true)}>
              Remove persona
            </button>
          ))}
      </div>
    </form>
  );
}
