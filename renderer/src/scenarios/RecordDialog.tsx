// "Save as scenario": pick a conversation held in the console and turn it into a scenario file (guest
// messages become acts, replies become expectations), saved in the scenarios folder to be edited.
import { useState } from 'react';
import type { ScenarioFile } from '../../../shared/scenario-contract';
import { useContractData } from '../data/use-contract-data';
import { api } from '../transport/api';
import { Modal } from '../ui/Modal';

type Props = { open: boolean; onClose: () => void; onSaved: (file: ScenarioFile) => void };

export function RecordDialog(props: Props) {
  return (
    <Modal open={props.open} title="Save a conversation as a scenario" onClose={props.onClose}>
      <RecordForm {...props} />
    </Modal>
  );
}

/** The modal draws it only while open, so each opening starts empty, with the conversations held now. */
function RecordForm(props: Props) {
  const list = useContractData('conversations.list', {}, { event: 'conversations.changed', apply: (_, event) => event.conversations });
  const conversations = list.data ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [saveError, setSaveError] = useState('');
  const conversationId = (conversations.find((conversation) => conversation.id === chosen) ?? conversations[0])?.id ?? '';
  const error = saveError || list.error?.message;

  const save = async () => {
    const result = await api['scenarios.record']({ conversationId, ...(fileName.trim() ? { fileName: fileName.trim() } : {}) });
    if (!result.ok) return setSaveError(result.error.message);
    props.onSaved(result.data.file);
  };

  return (
    <form
      className="record-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {conversations.length === 0 ? (
        <p className="scenario-note">There are no conversations yet. Hold one in Conversations first, then save it here.</p>
      ) : (
        <label>
          Conversation
          <select value={conversationId} onChange={(event) => setChosen(event.target.value)}>
            {conversations.map((conversation) => (
              <option key={conversation.id} value={conversation.id}>
                {conversation.personaName} · {conversation.channel === 'webmessaging' ? 'Web Messaging' : 'Open Messaging'} · {conversation.profileName}
                {conversation.lastText ? ` · “${conversation.lastText.slice(0, 40)}”` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        File name (optional)
        <input value={fileName} placeholder="e.g. greeting.yaml" onChange={(event) => setFileName(event.target.value)} />
      </label>
      <p className="scenario-note">Your messages become steps; the agent's replies become expectations you can edit.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!conversationId}>
          Save as scenario
        </button>
      </div>
    </form>
  );
}
