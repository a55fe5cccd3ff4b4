// "Reset demo": ends every conversation (on the platform and in the sandbox) and removes them all from
// the console, after the operator confirmed — so the next demo starts from an empty list.
import { useState } from 'react';
import { api } from '../transport/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';

export function ResetDemoButton({ className }: { className?: string }) {
  const [confirming, setConfirming] = useState(false);
  const reset = async () => {
    const result = await api['demo.reset']({});
    if (!result.ok) return `The demo could not be reset: ${result.error.message}`;
    setConfirming(false);
    return null;
  };
  return (
    <>
      <button type="button" className={className} onClick={() => setConfirming(true)}>
        Reset demo
      </button>
      <ConfirmDialog open={confirming} title="Reset the demo?" confirmLabel="Yes, end and clear all" onConfirm={reset} onCancel={() => setConfirming(false)}>
        <p>Every conversation is ended and removed from the console, with its transcript. Saved personas, profiles and branding stay.</p>
      </ConfirmDialog>
    </>
  );
}
