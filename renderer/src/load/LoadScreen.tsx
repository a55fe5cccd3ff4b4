// Load runs: plan a run (with the limits that apply shown before it starts, and the approval check for a
// real org), watch it live, stop it, and open or compare saved results.
import { useMemo, useState } from 'react';
import type { EventOf, ResponseOf } from '../../../shared/contract';
import type { LoadResultView } from '../../../shared/load-contract';
import { UNAPPROVED_GUEST_LIMIT, connectionLimitNote } from '../../../shared/load-plan';
import { useContractData } from '../data/use-contract-data';
import { useProfiles } from '../data/use-profiles';
import { api } from '../transport/api';
import { AiGuestsFields, NO_AI_GUESTS, aiPlanOf } from './AiGuestsPlan';
import { LoadDashboard } from './LoadDashboard';
import { NumberField } from './NumberField';
import './load.css';

type Live = NonNullable<ResponseOf<'load.current'>>;
type Progress = EventOf<'load.progress'>;

function withProgress(live: Live | null | undefined, { runId, state, snapshot }: Progress): Live | null | undefined {
  return live && live.runId === runId ? { ...live, state, snapshot } : live;
}

const isOver = ({ state }: Progress) => state === 'finished' || state === 'stopped';

export function LoadScreen() {
  const current = useContractData('load.current', {}, { event: 'load.progress', apply: withProgress });
  const live = current.data ?? null;
  const results = useContractData('load.results', {}, { event: 'load.progress', reloadWhen: isOver }).data ?? [];
  const [opened, setOpened] = useState<LoadResultView | null>(null);
  const [compare, setCompare] = useState<string[]>([]);

  return (
    <div className="load-screen">
      <section className="load-main" aria-label="Load run">
        <h1>Load runs</h1>
        {live ? (
          <LiveRun live={live} onClosed={() => current.update(() => null)} />
        ) : opened ? (
          <SavedRun result={opened} onClose={() => setOpened(null)} />
        ) : (
          <PlanForm onStarted={(started) => current.update(() => started)} />
        )}
      </section>
      <aside className="load-results" aria-label="Saved results">
        <h2>Saved results</h2>
        {results.length === 0 ? (
          <p className="muted">Finished runs appear here, saved as JSON and CSV in the data folder.</p>
        ) : (
          <ul aria-label="Load results">
            {results.map((result) => (
              <li key={result.id} className="load-result">
                <button type="button" className="profile-item" onClick={() => void api['load.result']({ id: result.id }).then((r) => r.ok && setOpened(r.data))}>
                  <span className="profile-name">
                    {result.guests} guests{result.aiGuests ? ` (${result.aiGuests} AI)` : ''} · {result.profileName}
                  </span>
                  <span className="profile-meta">
                    {new Date(result.startedAt).toLocaleString()} · {result.state} · p95 {result.p95 !== undefined ? `${Math.round(result.p95)} ms` : '—'}
                  </span>
                </button>
                <label className="compare-pick">
                  <input
                    type="checkbox"
                    checked={compare.includes(result.id)}
                    onChange={(event) =>
                      setCompare((current) => (event.target.checked ? [...current, result.id].slice(-2) : current.filter((id) => id !== result.id)))
                    }
                  />
                  Compare
                </label>
              </li>
            ))}
          </ul>
        )}
        {compare.length === 2 && <Comparison ids={compare as [string, string]} />}
      </aside>
    </div>
  );
}

function PlanForm({ onStarted }: { onStarted: (live: Live) => void }) {
  const { profiles } = useProfiles();
  const [profileId, setProfileId] = useState('sandbox');
  const [channel, setChannel] = useState<'webmessaging' | 'openmessaging'>('webmessaging');
  const [guests, setGuests] = useState('10');
  const [ramp, setRamp] = useState('5');
  const [think, setThink] = useState('1000');
  const [messagesPerGuest, setMessagesPerGuest] = useState('3');
  const [duration, setDuration] = useState('');
  const [script, setScript] = useState('hello\necho are you there?');
  const [approved, setApproved] = useState(false);
  const [aiGuests, setAiGuests] = useState(NO_AI_GUESTS);
  const limits = useContractData('load.limits', { profileId }).data ?? null;
  const [error, setError] = useState<string | null>(null);

  const guestCount = Number.parseInt(guests || '0', 10);
  const needsApproval = limits !== null && !limits.isSandbox && guestCount > limits.unapprovedGuestLimit;
  const connectionNote = limits ? connectionLimitNote({ channel, guests: guestCount, rampPerSecond: Number(ramp) }, limits.newConnectionsPerMinute) : null;

  const start = async () => {
    const ai = aiPlanOf(aiGuests);
    const plan = {
      profileId,
      channel,
      guests: guestCount,
      rampPerSecond: Number(ramp),
      thinkTimeMs: Number.parseInt(think || '0', 10),
      ...(messagesPerGuest ? { messagesPerGuest: Number.parseInt(messagesPerGuest, 10) } : {}),
      ...(duration ? { durationSec: Number.parseInt(duration, 10) } : {}),
      messages: script.split('\n').map((line) => line.trim()).filter(Boolean),
      ...(ai ? { ai } : {}),
    };
    const started = await api['load.start']({ plan, approved });
    if (!started.ok) {
      setError(started.error.issues?.[0] ? `${started.error.issues[0].path}: ${started.error.issues[0].message}` : started.error.message);
      return;
    }
    setError(null);
    const current = await api['load.current']({});
    if (current.ok && current.data) onStarted(current.data);
  };

  return (
    <form
      className="form load-form"
      aria-label="Plan a load run"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <div className="row-even">
        <label className="field">
          <span>Profile</span>
          <select value={profileId} onChange={(event) => setProfileId(event.target.value)}>
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Channel</span>
          <select value={channel} onChange={(event) => setChannel(event.target.value as typeof channel)}>
            <option value="webmessaging">Web Messaging</option>
            <option value="openmessaging">Open Messaging</option>
          </select>
        </label>
      </div>
      <div className="row-even">
        <NumberField label="Guests" value={guests} onChange={setGuests} />
        <NumberField label="Ramp-up (guests per second)" value={ramp} onChange={setRamp} />
        <NumberField label="Think time (ms)" value={think} onChange={setThink} />
      </div>
      <div className="row-even">
        <NumberField label="Messages per guest" value={messagesPerGuest} onChange={setMessagesPerGuest} />
        <NumberField label="Duration (s, optional)" value={duration} onChange={setDuration} />
      </div>
      <p className="muted load-ends" aria-label="When the run ends">
        {runEnd(messagesPerGuest, duration)}
      </p>
      <label className="field">
        <span>Messages (one per line, sent in turn)</span>
        <textarea rows={3} value={script} onChange={(event) => setScript(event.target.value)} />
      </label>
      <AiGuestsFields draft={aiGuests} onChange={setAiGuests} guests={guestCount} ai={limits?.ai} />
      {limits && (
        <div className="load-limits" role="note" aria-label="Limits that apply">
          <strong>Limits that apply:</strong> each guest sends at most {limits.messagesPerSecondPerSession} messages per second (Web Messaging); Open Messaging guests
          of a profile share {limits.platformRequestsPerMinute} Platform API requests per minute; a too-many-requests reply slows the run down instead of failing it.
          {!limits.isSandbox && ` Runs above ${limits.unapprovedGuestLimit} guests against a real org need the approval confirmation below.`}
        </div>
      )}
      {connectionNote && (
        <p className="load-connection-note" role="note" aria-label="Connection limit">
          {connectionNote}
        </p>
      )}
      {needsApproval && (
        <label className="approval">
          <input type="checkbox" checked={approved} onChange={(event) => setApproved(event.target.checked)} />
          This load test of {guestCount} guests was approved by the owners of the org (more than {UNAPPROVED_GUEST_LIMIT} guests).
        </label>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={needsApproval && !approved}>
          Start load run
        </button>
      </div>
    </form>
  );
}

function LiveRun({ live, onClosed }: { live: Live; onClosed: () => void }) {
  const done = live.state === 'finished' || live.state === 'stopped';
  return (
    <div className="load-live">
      <div className="load-live-header">
        <span className={`state-pill load-state-${live.state}`}>{live.state}</span>
        <span className="muted">
          {live.plan.guests} guests · {live.plan.channel === 'webmessaging' ? 'Web Messaging' : 'Open Messaging'}
        </span>
        {done ? (
          <button type="button" onClick={onClosed}>
            Plan another run
          </button>
        ) : (
          <button type="button" className="danger" disabled={live.state === 'stopping'} onClick={() => void api['load.stop']({ runId: live.runId })}>
            {live.state === 'stopping' ? 'Stopping…' : 'Stop run'}
          </button>
        )}
      </div>
      <LoadDashboard plan={live.plan} snapshot={live.snapshot} finished={done} />
    </div>
  );
}

function SavedRun({ result, onClose }: { result: LoadResultView; onClose: () => void }) {
  return (
    <div className="load-live" aria-label="Saved load result">
      <div className="load-live-header">
        <span className={`state-pill load-state-${result.state}`}>{result.state}</span>
        <span className="muted">
          {result.plan.guests} guests · {result.profileName} · {new Date(result.startedAt).toLocaleString()}
        </span>
        <button type="button" onClick={onClose}>
          Close result
        </button>
      </div>
      <LoadDashboard plan={result.plan} snapshot={result.snapshot} finished />
    </div>
  );
}

function Comparison({ ids }: { ids: [string, string] }) {
  const first = useContractData('load.result', { id: ids[0] }).data;
  const second = useContractData('load.result', { id: ids[1] }).data;
  const rows = useMemo(
    () =>
      [
        ['Guests', (run: LoadResultView) => String(run.plan.guests)],
        ['Sent', (run: LoadResultView) => String(run.snapshot.sent)],
        ['Answered', (run: LoadResultView) => String(run.snapshot.answered)],
        ['p50', (run: LoadResultView) => (run.snapshot.latency.p50 !== undefined ? `${Math.round(run.snapshot.latency.p50)} ms` : '—')],
        ['p95', (run: LoadResultView) => (run.snapshot.latency.p95 !== undefined ? `${Math.round(run.snapshot.latency.p95)} ms` : '—')],
        ['p99', (run: LoadResultView) => (run.snapshot.latency.p99 !== undefined ? `${Math.round(run.snapshot.latency.p99)} ms` : '—')],
        ['Errors', (run: LoadResultView) => String(Object.values(run.snapshot.errors).reduce((sum, count) => sum + count, 0))],
        ['Rate limited', (run: LoadResultView) => String(run.snapshot.rateLimited)],
        ['AI tokens', (run: LoadResultView) => (run.snapshot.ai ? `${run.snapshot.ai.tokens.total} (${run.snapshot.ai.guests} AI guests)` : '—')],
      ] as const,
    [],
  );
  if (!first || !second) return null;
  const runs = [first, second];
  return (
    <table className="attempts comparison" aria-label="Comparison of two runs">
      <thead>
        <tr>
          <th scope="col">Figure</th>
          {runs.map((run) => (
            <th scope="col" key={run.id}>
              {new Date(run.startedAt).toLocaleTimeString()}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {runs.map((run) => (
              <td key={run.id}>{value(run)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which of the two limits ends the run, in the words of the form. */
function runEnd(messagesPerGuest: string, duration: string): string {
  if (messagesPerGuest && duration) {
    return `Whichever comes first ends it: each guest stops after ${messagesPerGuest} message(s), and after ${duration} s no guest starts or sends any more.`;
  }
  if (duration) return `The run ends after ${duration} s; guests keep sending until then.`;
  if (messagesPerGuest) return `The run ends when every guest has sent ${messagesPerGuest} message(s) and had its replies.`;
  return 'Give messages per guest, a duration, or both.';
}
