// Reproducible randomness for the reliability suites: one seed (SEED env, else a fresh one) printed at the
// start, so a failing run can be replayed exactly with `SEED=<n> npm run test:soak`.
export interface SeededRandom {
  readonly seed: number;
  next(): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(label: string): SeededRandom {
  const seed = process.env.SEED ? Number(process.env.SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32) >>> 0;
  console.log(`[reliability] ${label}: SEED=${seed}`);
  let state = seed;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
