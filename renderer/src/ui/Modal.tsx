// A modal dialog on the native <dialog> element: the browser traps focus, makes the page behind it inert
// and closes it on Escape; this component only keeps it in step with React's `open` and names it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './modal.css';

export function Modal(props: { open: boolean; title: string; onClose: () => void; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);

  return (
    <dialog
      ref={ref}
      className={`modal ${props.className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      {props.open && (
        <>
          <h2 id={titleId} className="modal-title">
            {props.title}
          </h2>
          {props.children}
        </>
      )}
    </dialog>
  );
}
