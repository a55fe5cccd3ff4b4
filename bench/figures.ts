// Small arithmetic every benchmark reports with: the median of its rounds and a figure as a ratio of the
// baseline measured in the same run.

/** The middle value (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `ours / theirs` to two decimals; a zero baseline counts as 1 so the ratio stays finite. */
export const ratio = (ours: number, theirs: number) => +(ours / Math.max(1, theirs)).toFixed(2);
