// "Test connection": runs the engine's checks of a profile (deployment, sign-in, integration, webhook)
// and lists each with passed / failed / skipped, what happened, and for a failure what to change.
import { useState } from 'react';
import type { ConnectionCheck } from '../../../shared/profile-files-contract';
import { api } from '../transport/api';

const STATUS_WORD = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' } as const;

export function ConnectionTest({ profileId, unsaved }: { profileId: string; unsaved?: boolean }) {
  const [checks, setChecks] = useState<ConnectionCheck[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    const result = await api['profiles.testConnection']({ profileId });
    setRunning(false);
    if (result.ok) setChecks(result.data.checks);
    else setError(`The test could not run: ${result.error.message}`);
  };

  return (
    <section className="connection-test" aria-label="Connection test">
      <div className="connection-test-header">
        <button type="button" onClick={() => void run()} disabled={running}>
          {running ? 'Testing…' : 'Test connection'}
        </button>
        {unsaved && <span className="muted small">Tests the saved settings; save your changes first.</span>}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {checks && (
        <ul className="checks" aria-label="Connection checks">
          {checks.map((check) => (
            <li key={check.name} className={`check check-${check.status}`}>
              <span className={`check-status check-status-${check.status}`}>{STATUS_WORD[check.status]}</span>
              <span className="check-body">
                <strong>{check.name}</strong>
                <span>{check.detail}</span>
                {check.fix && <span className="check-fix">How to fix: {check.fix}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
