// When the poller reads a conversation next. Agents answer soon after the customer writes, and often
// add a second message soon after their first; after that a conversation mostly waits. So: quick reads
// right after the guest sends, somewhat quick ones after an agent message, then ever longer gaps up to
// a cap while nothing happens. Pure: the poller asks for the next delay; tests check the bounds.
//
// Defaults, as delays between reads (cumulative seconds after the guest's message in brackets):
//   after the guest sends:    1, 1, 1.5, 1.5, 2, 2.5, 3, 5, 8, 13, 20 (1, 2, 3.5, 5, 7, 9.5, 12.5, 17.5, 25.5, 38.5, 58.5)
//   after an agent message:   2.5, 5, 10, 20 (a second agent message soon after the first is caught quickly)
//   then, while idle:         every 30 s — at most 120 reads an hour plus the steps above.
// A read that finds nothing costs one request, so a 1–1.5 s step while a reply is likely gives about the
// delay of a 2 s full poll (two requests each time) at a lower cost; the saving grows with every idle minute.
// Polling cannot beat a 2 s poll on both counts: an agent message nobody prompted waits up to the cap (30 s).
//
// With a webhook, a catch-up read every 2 minutes while a conversation is live: Genesys retries a failed
// delivery for a while and then gives up, and such a message would otherwise appear only at the next start.
// One request when nothing was missed: 30 an hour per live conversation, against 1,800 for a 2 s poll.

export interface PollTuning {
  afterGuestMessageMs: readonly number[];
  afterAgentMessageMs: readonly number[];
  /** The gap once a schedule is used up; also the longest gap ever. */
  idleCapMs: number;
  /** Receiving by webhook: the gap between catch-up reads of a live conversation. */
  webhookCatchUpMs: number;
}

export const DEFAULT_POLL_TUNING: PollTuning = {
  afterGuestMessageMs: [1000, 1000, 1500, 1500, 2000, 2500, 3000, 5000, 8000, 13_000, 20_000],
  afterAgentMessageMs: [2500, 5000, 10_000, 20_000],
  idleCapMs: 30_000,
  webhookCatchUpMs: 120_000,
};

/** The webhook's safety net as a schedule: the same read, at one steady gap, whatever happens. */
export function catchUpTuning(tuning: PollTuning): PollTuning {
  return { ...tuning, afterGuestMessageMs: [], afterAgentMessageMs: [], idleCapMs: tuning.webhookCatchUpMs };
}

export class PollSchedule {
  private steps: readonly number[];
  private index = 0;

  constructor(private readonly tuning: PollTuning) {
    this.steps = tuning.afterGuestMessageMs;
  }

  guestSent(): void {
    this.steps = this.tuning.afterGuestMessageMs;
    this.index = 0;
  }

  agentSpoke(): void {
    this.steps = this.tuning.afterAgentMessageMs;
    this.index = 0;
  }

  /** Start idle: the cap from now on, until something happens. */
  idle(): void {
    this.steps = [];
    this.index = 0;
  }

  /** The delay before the next read; each call moves one step further along. */
  nextDelay(): number {
    const delay = this.steps[this.index] ?? this.tuning.idleCapMs;
    this.index += 1;
    return Math.min(delay, this.tuning.idleCapMs);
  }
}
