// Scenarios: the data folder's YAML files on the left (import, or save a conversation as one), the chosen file's runs
// in the middle (each step live, expected beside actual), the run's transcript on the right, the YAML one tab away.
// A run reads environment variables only when the user ticks the box (GUEST_CONSOLE_VAR_ ones, never secrets).
import { useEffect, useMemo, useState } from 'react';
import type { Channel } from '../../../shared/contract';
import type { ScenarioFile, ScenarioRunResult } from '../../../shared/scenario-contract';
import { useContractData } from '../data/use-contract-data';
import { useProfiles } from '../data/use-profiles';
import { api } from '../transport/api';
import { RecordDialog } from './RecordDialog';
import { RunSteps } from './RunSteps';
import { RunTranscript } from './RunTranscript';
import { ScenarioEditor } from './ScenarioEditor';
import { useScenarioRuns } from './use-scenario-runs';
import './scenario-screen.css';
import './run-steps.css';
import './scenario-editor.css';
import './run-transcript.css';

const CHANNEL_NAME: Record<Channel, string> = { webmessaging: 'Web Messaging', openmessaging: 'Open Messaging' };
const STATUS_WORD: Record<ScenarioRunResult['status'], string> = { queued: 'Queued', running: 'Running', passed: 'Passed', failed: 'Failed', error: 'Could not run' };

export function ScenariosScreen({ dataDirectory }: { dataDirectory: string | undefined }) {
  const list = useContractData('scenarios.list', {});
  const files = list.data ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [tab, setTab] = useState<'runs' | 'yaml'>('runs');
  const [recording, setRecording] = useState(false);
  const [importError, setImportError] = useState('');
  const runs = useScenarioRuns();
  const selected = chosen ?? files[0]?.fileName ?? null;
  const error = importError || list.error?.message;

  /** Chooses a file just saved: shown at once, then the list is read again for its order and the other files. */
  const showSaved = (saved: ScenarioFile) => {
    setChosen(saved.fileName);
    list.update((current) => [...(current ?? []).filter((candidate) => candidate.fileName !== saved.fileName), saved]);
    list.reload();
  };

  const importFiles = async (picked: FileList | null) => {
    setImportError('');
    for (const file of Array.from(picked ?? [])) {
      const result = await api['scenarios.save']({ fileName: file.name, source: await file.text() });
      if (!result.ok) return setImportError(`${file.name}: ${result.error.message}`);
      showSaved(result.data);
    }
  };

  const file = files.find((candidate) => candidate.fileName === selected) ?? null;

  return (
    <div className="scenarios">
      <aside className="scenario-files" aria-label="Scenario files">
        <div className="scenario-files-header">
          <h1>Scenarios</h1>
        </div>
        <div className="scenario-files-actions">
          <button type="button" className="primary" onClick={() => setRecording(true)}>
            Save as scenario…
          </button>
          <label className="button-like">
            Import YAML…
            <input type="file" accept=".yaml,.yml" multiple hidden onChange={(event) => void importFiles(event.target.files)} />
          </label>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ul className="scenario-file-list" aria-label="Files">
          {files.map((candidate) => (
            <li key={candidate.fileName}>
              <button
                type="button"
                aria-current={candidate.fileName === selected ? 'true' : undefined}
                onClick={() => setChosen(candidate.fileName)}
              >
                <span className="scenario-file-name">{candidate.name ?? candidate.fileName}</span>
                <span className="scenario-file-meta">
                  {candidate.fileName}
                  {candidate.problems.length > 0 ? ` · ${candidate.problems.length} problem(s)` : ` · ${candidate.stepCount} steps`}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {files.length === 0 && (
          <p className="scenario-note">
            No scenarios yet. Save a conversation as one, import a YAML file, or put files in {dataDirectory ? `${dataDirectory}/scenarios` : 'the data folder’s scenarios folder'}.
          </p>
        )}
      </aside>
      {file ? (
        <ScenarioView
          key={file.fileName}
          file={file}
          tab={tab}
          onTab={setTab}
          runs={runs.filter((run) => run.file === file.fileName)}
          onSaved={showSaved}
        />
      ) : (
        <section className="scenario-main">
          <p className="scenario-note">Pick a scenario on the left.</p>
        </section>
      )}
      <RecordDialog
        open={recording}
        onClose={() => setRecording(false)}
        onSaved={(saved) => {
          setRecording(false);
          setTab('runs');
          showSaved(saved);
        }}
      />
    </div>
  );
}

function ScenarioView(props: {
  file: ScenarioFile;
  tab: 'runs' | 'yaml';
  onTab: (tab: 'runs' | 'yaml') => void;
  runs: ScenarioRunResult[];
  onSaved: (file: ScenarioFile) => void;
}) {
  const { file } = props;
  const { profiles, loaded } = useProfiles();
  const [profileId, setProfileId] = useState('');
  const [channel, setChannel] = useState<Channel | ''>('');
  const [allowEnv, setAllowEnv] = useState(false);
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);
  const [chosenRun, setChosenRun] = useState<string | null>(null);

  // The file's own profile once the profiles are known; the user's choice stays while its profile exists.
  useEffect(() => {
    if (!loaded) return;
    const wanted = file.profile?.toLowerCase();
    const match = profiles.find((profile) => profile.id === file.profile || profile.name.toLowerCase() === wanted) ?? profiles[0];
    setProfileId((current) => (profiles.some((profile) => profile.id === current) ? current : (match?.id ?? '')));
  }, [loaded, profiles, file.profile]);

  // The latest run per channel, newest first.
  const latest = useMemo(() => {
    const seen = new Set<Channel>();
    return props.runs.filter((run) => !seen.has(run.channel) && seen.add(run.channel));
  }, [props.runs]);
  const shownRun = latest.find((run) => run.id === chosenRun) ?? latest[0];

  const run = async () => {
    setError(null);
    const result = await api['scenarios.run']({ fileName: file.fileName, ...(profileId ? { profileId } : {}), ...(channel ? { channel } : {}), allowEnv });
    if (!result.ok) return setError({ message: result.error.message, problems: (result.error.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`) });
    setChosenRun(result.data[0]?.id ?? null);
    props.onTab('runs');
  };

  return (
    <>
      <section className="scenario-main" aria-label="Scenario">
        <header className="scenario-header">
          <div>
            <h2>{file.name ?? file.fileName}</h2>
            <p className="scenario-note">
              {file.fileName}
              {file.description ? ` — ${file.description}` : ''}
            </p>
          </div>
          <div className="scenario-run-controls">
            <label>
              Profile
              <select value={profileId} onChange={(event) => setProfileId(event.target.value)}>
                {profiles.map((profile) => (
                  <option key={profile.id} value={profile.id}>
                    {profile.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Channel
              <select value={channel} onChange={(event) => setChannel(event.target.value as Channel | '')}>
                <option value="">As in the file ({file.channels.map((each) => CHANNEL_NAME[each]).join(', ') || '—'})</option>
                <option value="webmessaging">Web Messaging</option>
                <option value="openmessaging">Open Messaging</option>
              </select>
            </label>
            <label className="scenario-allow-env">
              <input type="checkbox" checked={allowEnv} onChange={(event) => setAllowEnv(event.target.checked)} />
              Read GUEST_CONSOLE_VAR_… variables
            </label>
            <button type="button" className="primary" disabled={file.problems.length > 0} onClick={() => void run()}>
              Run
            </button>
          </div>
        </header>
        {error && (
          <div role="alert" className="error scenario-error">
            <p>{error.message}</p>
            {error.problems.length > 1 && (
              <ul aria-label="Why it did not run">
                {error.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="scenario-tabs" role="tablist" aria-label="Scenario views">
          <button type="button" role="tab" aria-selected={props.tab === 'runs'} onClick={() => props.onTab('runs')}>
            Runs
          </button>
          <button type="button" role="tab" aria-selected={props.tab === 'yaml'} onClick={() => props.onTab('yaml')}>
            YAML{file.problems.length > 0 ? ` (${file.problems.length} problem${file.problems.length === 1 ? '' : 's'})` : ''}
          </button>
        </div>
        {props.tab === 'yaml' ? (
          <ScenarioEditor file={file} onSaved={props.onSaved} />
        ) : latest.length === 0 ? (
          <p className="scenario-note">
            {file.problems.length > 0 ? 'Fix the problems in the YAML tab to run this scenario.' : 'Not run yet in this session. Choose Run.'}
          </p>
        ) : (
          <div className="scenario-runs">
            <div className="run-switcher" role="group" aria-label="Runs">
              {latest.map((each) => (
                <button
                  key={each.id}
                  type="button"
                  aria-pressed={each.id === shownRun?.id}
                  className={`run-chip run-chip-${each.status}`}
                  onClick={() => setChosenRun(each.id)}
                >
                  {CHANNEL_NAME[each.channel]}: {STATUS_WORD[each.status]}
                </button>
              ))}
            </div>
            {shownRun && <RunDetails run={shownRun} />}
          </div>
        )}
      </section>
      <aside className="scenario-transcript" aria-label="Run transcript">
        <h2>Transcript</h2>
        <RunTranscript conversationId={shownRun?.conversationId} />
      </aside>
    </>
  );
}

function RunDetails({ run }: { run: ScenarioRunResult }) {
  return (
    <div className="run-details" role="region" aria-label={`Run on ${CHANNEL_NAME[run.channel]}`}>
      <p className={`run-status run-status-${run.status}`} role="status" aria-label="Run status">
        {STATUS_WORD[run.status]}
        {run.durationMs !== undefined && run.status !== 'running' ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : ''} · {run.profileName}
      </p>
      <p className="run-ids">
        Conversation <code>{run.conversationId ?? '—'}</code>
        {' · '}Platform ID <code>{run.platformConversationId ?? (run.channel === 'webmessaging' ? 'not reported by the Guest API' : '—')}</code>
      </p>
      {run.status === 'error' && run.failure && <pre className="run-failure">{run.failure}</pre>}
      <RunSteps steps={run.steps} />
    </div>
  );
}
