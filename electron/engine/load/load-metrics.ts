// What a load run measures: messages sent and answered, agent messages received, latency from a guest's
// message to the first agent reply after it (all samples kept: a run of 1,000 guests × 5 messages is
// 5,000 numbers), errors by kind, and a per-second series for the live dashboard. AI guests' messages count
// like any guest's; their own part (tokens of the run's budget, cost, why each stopped) is AiLoadMetrics.
import type { AiStopReason } from '../../../shared/ai-contract';
import type { LoadAiSnapshot } from '../../../shared/load-contract';
import { aiCostEstimate } from '../../../shared/load-plan';
import type { TokenBudget } from '../ai/ai-guest';

export interface LoadSecond {
  /** Seconds since the run started. */
  t: number;
  sent: number;
  received: number;
  active: number;
  p50?: number;
  p95?: number;
  p99?: number;
  /** With AI guests: those playing, and the tokens the model reported in this second. */
  aiActive?: number;
  tokens?: number;
}

export interface LoadSnapshot {
  elapsedMs: number;
  guestsStarted: number;
  guestsActive: number;
  guestsDone: number;
  sent: number;
  acknowledged: number;
  answered: number;
  received: number;
  rateLimited: number;
  errors: Record<string, number>;
  latency: { p50?: number; p95?: number; p99?: number; max?: number; count: number };
  /** Latency histogram: upper bounds in ms (last = Infinity) and counts. */
  histogram: { upToMs: number; count: number }[];
  ai?: LoadAiSnapshot;
  series: LoadSecond[];
}

const HISTOGRAM_BOUNDS = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 30_000, Infinity];

export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export class LoadMetrics {
  private readonly latencies: number[] = [];
  private readonly seconds = new Map<number, { sent: number; received: number; latencies: number[]; active: number; aiActive?: number; tokens?: number }>();
  private readonly errors = new Map<string, number>();
  sent = 0;
  acknowledged = 0;
  answered = 0;
  received = 0;
  rateLimited = 0;
  guestsStarted = 0;
  guestsActive = 0;
  guestsDone = 0;

  constructor(
    private readonly startedAt: number,
    /** The AI guests' part, when the plan has AI guests. */
    readonly ai?: AiLoadMetrics,
  ) {}

  recordSent(now: number): void {
    this.sent += 1;
    this.second(now).sent += 1;
  }

  recordReceived(now: number): void {
    this.received += 1;
    this.second(now).received += 1;
  }

  recordAnswer(now: number, latencyMs: number): void {
    this.answered += 1;
    this.latencies.push(latencyMs);
    this.second(now).latencies.push(latencyMs);
  }

  recordError(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** A guest arrived (an AI guest counts in the AI part too). */
  recordGuestStarted(now: number, ai = false): void {
    this.guestsStarted += 1;
    this.guestsActive += 1;
    if (ai && this.ai) this.ai.active += 1;
    this.recordActive(now);
  }

  /** A guest's session closed, or never opened. */
  recordGuestDone(now: number, ai = false): void {
    this.guestsActive -= 1;
    this.guestsDone += 1;
    if (ai && this.ai) {
      this.ai.active -= 1;
      this.ai.done += 1;
    }
    this.recordActive(now);
  }

  recordActive(now: number): void {
    const second = this.second(now);
    second.active = this.guestsActive;
    if (this.ai) second.aiActive = this.ai.active;
  }

  /** Tokens of one model reply (the budget holds the run's total). */
  recordTokens(now: number, tokens: number): void {
    const second = this.second(now);
    second.tokens = (second.tokens ?? 0) + tokens;
  }

  snapshot(now: number): LoadSnapshot {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const histogram = HISTOGRAM_BOUNDS.map((upToMs) => ({ upToMs, count: 0 }));
    for (const value of sorted) histogram.find((bucket) => value <= bucket.upToMs)!.count += 1;
    const series = [...this.seconds.entries()]
      .sort(([a], [b]) => a - b)
      .map(([t, second]) => {
        const ordered = [...second.latencies].sort((a, b) => a - b);
        return {
          t,
          sent: second.sent,
          received: second.received,
          active: second.active,
          ...(this.ai ? { aiActive: second.aiActive ?? 0, tokens: second.tokens ?? 0 } : {}),
          ...(ordered.length > 0 ? { p50: percentile(ordered, 50), p95: percentile(ordered, 95), p99: percentile(ordered, 99) } : {}),
        };
      });
    return {
      elapsedMs: now - this.startedAt,
      guestsStarted: this.guestsStarted,
      guestsActive: this.guestsActive,
      guestsDone: this.guestsDone,
      sent: this.sent,
      acknowledged: this.acknowledged,
      answered: this.answered,
      received: this.received,
      rateLimited: this.rateLimited,
      errors: Object.fromEntries(this.errors),
      latency: {
        count: sorted.length,
        ...(sorted.length > 0 ? { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) } : {}),
      },
      histogram,
      ...(this.ai ? { ai: this.ai.snapshot() } : {}),
      series,
    };
  }

  private second(now: number) {
    const t = Math.floor((now - this.startedAt) / 1000);
    let entry = this.seconds.get(t);
    if (!entry) {
      entry = { sent: 0, received: 0, latencies: [], active: this.guestsActive, ...(this.ai ? { aiActive: this.ai.active } : {}) };
      this.seconds.set(t, entry);
    }
    return entry;
  }
}

/** A run's AI guests: how many are playing and done, why each stopped, and the tokens of the budget they share. */
export class AiLoadMetrics {
  active = 0;
  done = 0;
  private readonly stopReasons = new Map<AiStopReason, number>();

  constructor(
    readonly guests: number,
    private readonly budget: TokenBudget,
    private readonly prices: { pricePerMillionPrompt?: number; pricePerMillionCompletion?: number },
  ) {}

  recordStop(reason: AiStopReason): void {
    this.stopReasons.set(reason, (this.stopReasons.get(reason) ?? 0) + 1);
  }

  snapshot(): LoadAiSnapshot {
    const tokens = { ...this.budget.used };
    const costEstimate = aiCostEstimate(tokens, this.prices);
    return {
      guests: this.guests,
      active: this.active,
      done: this.done,
      tokens,
      tokenBudget: this.budget.limit,
      ...(costEstimate !== undefined ? { costEstimate } : {}),
      stopReasons: Object.fromEntries(this.stopReasons),
      modelErrors: this.stopReasons.get('modelError') ?? 0,
    };
  }
}
