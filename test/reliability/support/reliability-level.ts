// Short (inside `npm test`) or soak (`npm run test:soak`, which sets RELIABILITY=soak): each suite takes
// its counts from here, so the same test file runs both sizes.
export const SOAK = process.env.RELIABILITY === 'soak';

export function sized<T>(short: T, soak: T): T {
  return SOAK ? soak : short;
}
