// A load run's figures — live while it runs, or a saved result: progress, guests, messages/s, latency
// percentiles over time, the latency histogram and errors by kind; with AI guests, their tokens, cost and stops.
import type { LoadSnapshotView } from '../../../shared/load-contract';
import { aiGuestCount, type LoadPlan } from '../../../shared/load-plan';
import { AiGuestsFigures } from './AiGuestsFigures';
import { HistogramBars } from './HistogramBars';
import { TimeSeriesChart } from './TimeSeriesChart';

const ms = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value)} ms`);

/**
 * How far a run is: the further of its messages, its duration and its guests done. Never 100% before the run
 * is over — with every message sent or the time up, the last guests still wait for replies and close.
 */
export function progressOf(plan: LoadPlan, snapshot: LoadSnapshotView, finished: boolean): number {
  if (finished) return 1;
  // AI guests send up to their own number of messages (fewer when they reach their goal: guests done covers that).
  const aiGuests = aiGuestCount(plan);
  const expected = plan.messagesPerGuest !== undefined ? (plan.guests - aiGuests) * plan.messagesPerGuest + aiGuests * (plan.ai?.maxTurns ?? 0) : 0;
  const byMessages = expected > 0 ? snapshot.sent / expected : 0;
  const byTime = plan.durationSec !== undefined ? snapshot.elapsedMs / (plan.durationSec * 1000) : 0;
  return Math.min(0.99, Math.max(byMessages, byTime, snapshot.guestsDone / plan.guests));
}

export function LoadDashboard({ plan, snapshot, finished }: { plan: LoadPlan; snapshot: LoadSnapshotView; finished: boolean }) {
  const x = snapshot.series.map((second) => second.t);
  const last = snapshot.series.slice(-5);
  const seconds = Math.max(1, last.length);
  const sentPerSecond = last.reduce((sum, second) => sum + second.sent, 0) / seconds;
  const receivedPerSecond = last.reduce((sum, second) => sum + second.received, 0) / seconds;
  const progress = progressOf(plan, snapshot, finished);
  const errors = Object.entries(snapshot.errors);
  return (
    <div className="load-dashboard">
      <div className="load-progress">
        <progress max={1} value={progress} aria-label="Load run progress" />
        <span>{Math.floor(progress * 100)}%</span>
      </div>
      <dl className="load-stats" aria-label="Load run figures">
        <Stat label="Active guests" value={`${snapshot.guestsActive} / ${plan.guests}`} />
        <Stat label="Messages sent" value={String(snapshot.sent)} />
        <Stat label="Answered" value={String(snapshot.answered)} />
        <Stat label="Sent / s" value={finished ? '—' : sentPerSecond.toFixed(1)} />
        <Stat label="Received / s" value={finished ? '—' : receivedPerSecond.toFixed(1)} />
        <Stat label="p50 reply" value={ms(snapshot.latency.p50)} />
        <Stat label="p95 reply" value={ms(snapshot.latency.p95)} />
        <Stat label="p99 reply" value={ms(snapshot.latency.p99)} />
        <Stat label="Rate limited" value={String(snapshot.rateLimited)} />
      </dl>
      {snapshot.ai && <AiGuestsFigures ai={snapshot.ai} />}
      <div className="load-charts">
        <TimeSeriesChart
          title="Reply latency over time"
          unit="ms"
          x={x}
          series={[
            { label: 'p50', colorVar: '--chart-1', values: snapshot.series.map((second) => second.p50 ?? null) },
            { label: 'p95', colorVar: '--chart-2', values: snapshot.series.map((second) => second.p95 ?? null) },
            { label: 'p99', colorVar: '--chart-3', values: snapshot.series.map((second) => second.p99 ?? null) },
          ]}
        />
        <TimeSeriesChart
          title="Messages per second"
          unit="msg/s"
          x={x}
          series={[
            { label: 'sent', colorVar: '--chart-1', values: snapshot.series.map((second) => second.sent) },
            { label: 'received', colorVar: '--chart-2', values: snapshot.series.map((second) => second.received) },
          ]}
        />
        <HistogramBars histogram={snapshot.histogram} />
        <div className="chart">
          <h3 className="chart-title">Errors by kind</h3>
          {errors.length === 0 ? (
            <p className="muted">No errors.</p>
          ) : (
            <ul className="load-errors" aria-label="Errors by kind">
              {errors.map(([kind, count]) => (
                <li key={kind}>
                  <span>{ERROR_WORDS[kind] ?? kind}</span> <strong>{count}</strong>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

const ERROR_WORDS: Record<string, string> = {
  noReply: 'No reply in time',
  sendFailed: 'Message refused',
  connectFailed: 'Guest could not connect',
  connectTimeout: 'Guest took too long to connect',
  closeFailed: 'Session did not close cleanly',
  modelError: 'AI guest: model failed or timed out',
};

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="load-stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
