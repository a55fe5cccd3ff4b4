// Scenarios: the data folder's YAML files on the left (import files or a folder with the files its scenarios
// send, add a shipped example, save a conversation as one, run them all), the chosen file's runs in the middle
// (each step live, expected beside actual), the run's transcript on the right, the YAML one tab away. A run reads
// environment variables only when the user ticks the box (GUEST_CONSOLE_VAR_ ones, never secrets).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Channel } from '../../../shared/contract';
import type { ScenarioFile, ScenarioRunResult } from '../../../shared/scenario-contract';
import { useContractData } from '../data/use-contract-data';
import { useProfiles } from '../data/use-profiles';
import { api } from '../transport/api';
import { readFileBase64 } from '../ui/read-file-base64';
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
  const [importNote, setImportNote] = useState('');
  /** The runs "Run all" started, to sum up how they went. */
  const [batch, setBatch] = useState<{ ids: string[]; skipped: number } | null>(null);
  const examples = useContractData('scenarios.examples', {}).data ?? [];
  const folderInput = useRef<HTMLInputElement>(null);
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

  /** A folder: the files its scenarios send first (at their paths inside it), then its top-level YAML files. */
  const importFolder = async (picked: FileList | null) => {
    setImportError('');
    setImportNote('');
    const entries = Array.from(picked ?? []).map((each) => ({ file: each, path: (each.webkitRelativePath || each.name).split('/').slice(1).join('/') || each.name }));
    // Hidden files (.DS_Store, .git/…) are not the folder's content.
    const visible = entries.filter((entry) => !entry.path.split('/').some((segment) => segment.startsWith('.')));
    const isScenario = (entry: { path: string }) => !entry.path.includes('/') && /\.ya?ml$/i.test(entry.path);
    const problems: string[] = [];
    let sent = 0;
    for (const entry of visible.filter((each) => !isScenario(each))) {
      const result = await api['scenarios.saveFile']({ path: entry.path, data: await readFileBase64(entry.file) });
      if (result.ok) sent += 1;
      else problems.push(result.error.message);
    }
    let scenarios = 0;
    for (const entry of visible.filter(isScenario)) {
      const result = await api['scenarios.save']({ fileName: entry.path, source: await entry.file.text() });
      if (!result.ok) {
        problems.push(`${entry.path}: ${result.error.message}`);
        continue;
      }
      scenarios += 1;
      showSaved(result.data);
    }
    setImportNote(`Imported ${scenarios} scenario file(s) and ${sent} file(s) they can send.`);
    if (problems.length > 0) setImportError(problems.join(' '));
  };

  const addExample = async (fileName: string) => {
    setImportError('');
    const result = await api['scenarios.addExample']({ fileName });
    if (!result.ok) return setImportError(result.error.message);
    showSaved(result.data);
  };

  const runAll = async () => {
    setImportError('');
    const runnable = files.filter((candidate) => candidate.problems.length === 0);
    const ids: string[] = [];
    for (const candidate of runnable) {
      const result = await api['scenarios.run']({ fileName: candidate.fileName });
      if (result.ok) ids.push(...result.data.map((run) => run.id));
      else setImportError(`${candidate.fileName}: ${result.error.message}`);
    }
    setBatch({ ids, skipped: files.length - runnable.length });
  };

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const file = files.find((candidate) => candidate.fileName === selected) ?? null;
  const added = new Set(files.map((candidate) => candidate.fileName));

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
          <label className="button-like">
            Import folder…
            <input
              ref={folderInput}
              type="file"
              multiple
              hidden
              onChange={(event) => {
                void importFolder(event.target.files);
                event.target.value = '';
              }}
            />
          </label>
          <button type="button" disabled={files.every((candidate) => candidate.problems.length > 0)} onClick={() => void runAll()}>
            Run all
          </button>
        </div>
        {batch && <BatchSummary batch={batch} runs={runs} />}
        {importNote && (
          <p role="status" className="scenario-note scenario-import-note">
            {importNote}
          </p>
        )}
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
            No scenarios yet. Add an example below, save a conversation as one, import a YAML file or a folder, or put files in{' '}
            {dataDirectory ? `${dataDirectory}/scenarios` : 'the data folder’s scenarios folder'}.
          </p>
        )}
        {examples.length > 0 && (
          <section className="scenario-examples" aria-label="Shipped examples">
            <h2>Examples</h2>
            <ul>
              {examples.map((example) => (
                <li key={example.fileName}>
                  <span>
                    <span className="scenario-file-name">{example.name ?? example.fileName}</span>
                    <span className="scenario-file-meta">
                      {example.fileName} · {example.stepCount} steps
                    </span>
                  </span>
                  {added.has(example.fileName) ? (
                    <span className="scenario-file-meta">Added</span>
                  ) : (
                    <button type="button" aria-label={`Add example ${example.name ?? example.fileName}`} onClick={() => void addExample(example.fileName)}>
                      Add
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
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

/** How the runs "Run all" started are going: counts by status, and the files it skipped for their problems. */
function BatchSummary({ batch, runs }: { batch: { ids: string[]; skipped: number }; runs: ScenarioRunResult[] }) {
  const mine = runs.filter((run) => batch.ids.includes(run.id));
  const count = (status: ScenarioRunResult['status']) => mine.filter((run) => run.status === status).length;
  // A run not heard of yet is still to come.
  const active = batch.ids.length - count('passed') - count('failed') - count('error');
  return (
    <p role="status" aria-label="Run all" className={`scenario-note scenario-batch${count('failed') + count('error') > 0 ? ' scenario-batch-failed' : ''}`}>
      Run all: {active > 0 ? `${active} of ${batch.ids.length} running · ` : ''}
      {count('passed')} passed, {count('failed')} failed, {count('error')} could not run
      {batch.skipped > 0 ? ` · ${batch.skipped} file(s) skipped for problems` : ''}
    </p>
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
