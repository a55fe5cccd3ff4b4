// The reply-latency histogram as plain bars: few buckets, so HTML is clearer (and more accessible) than
// a canvas — each bar is a labelled row a screen reader can read.
import type { LoadSnapshotView } from '../../../shared/load-contract';

function bucketLabel(upToMs: number | null, previous: number | null): string {
  if (upToMs === null) return `> ${previous ?? 0} ms`;
  return previous === null ? `≤ ${upToMs} ms` : `${previous}–${upToMs} ms`;
}

export function HistogramBars({ histogram }: { histogram: LoadSnapshotView['histogram'] }) {
  const max = Math.max(1, ...histogram.map((bucket) => bucket.count));
  const total = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  return (
    <figure className="chart">
      <figcaption>Reply latency histogram</figcaption>
      <ul className="histogram" aria-label="Reply latency histogram">
        {histogram.map((bucket, index) => {
          const label = bucketLabel(bucket.upToMs, index > 0 ? (histogram[index - 1]!.upToMs ?? null) : null);
          return (
            <li key={label} className="histogram-row">
              <span className="histogram-label">{label}</span>
              <span className="histogram-bar" style={{ width: `${(bucket.count / max) * 100}%` }} aria-hidden="true" />
              <span className="histogram-count">
                {bucket.count}
                {total > 0 ? ` (${Math.round((bucket.count / total) * 100)}%)` : ''}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
