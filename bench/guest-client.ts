// What the two load clients of bench/guests.ts share: the plan they are given (one JSON argument) and the one
// line of figures each prints when done — its own whole-process CPU (start-up included) and peak RSS, as the
// operating system counts them for this process.

export interface ClientPlan {
  baseUrl: string;
  wsUrl: string;
  deploymentId: string;
  guests: number;
  messagesPerGuest: number;
  rampPerSecond: number;
  thinkMs: number;
  messages: string[];
}

export interface ClientFigures {
  sent: number;
  answered: number;
  errors: number;
  rateLimited: number;
  p50Ms: number;
  p95Ms: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export const clientArgs = (argv: string[]): ClientPlan => JSON.parse(argv[0] ?? '{}') as ClientPlan;

/** The median and 95th percentile of a client's reply latencies. */
export function latencyPercentiles(latencies: readonly number[]): { p50Ms: number; p95Ms: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}

/** Print the figures as the last line of output, then exit (closing handshakes need not finish first). */
export function report(counts: Omit<ClientFigures, 'cpuSeconds' | 'peakRssMb'>): void {
  const usage = process.resourceUsage();
  const figures: ClientFigures = { ...counts, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMb: usage.maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(figures)}\n`, () => process.exit(0));
}
