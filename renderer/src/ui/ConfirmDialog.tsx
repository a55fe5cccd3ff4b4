// "Are you sure?" for actions that cannot be undone (closing a session, removing a conversation). The
// action runs from the dialog, and if it fails the reason is shown there, next to the button pressed.
import { useState, type ReactNode } from 'react';
import { Modal } from './Modal';

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<string | null>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const cancel = () => {
    setError(null);
    props.onCancel();
  };

  const confirm = async () => {
    setBusy(true);
    const failure = await props.onConfirm();
    setBusy(false);
    setError(failure);
  };

  return (
    <Modal open={props.open} title={props.title} onClose={cancel} className="confirm-dialog">
      <div className="modal-body">{props.children}</div>
      {error && (
        <p role="alert" className="error modal-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={cancel} autoFocus>
          Keep it
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
