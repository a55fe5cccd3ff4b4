// How times read in the conversation UI: clock times on messages, day separators, relative times in the
// list, and millisecond times in the inspector. All in the user's locale and time zone.

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** A key that is equal for two times on the same local day. */
export function dayKey(iso: string): string {
  return new Date(iso).toDateString();
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' });
}

export function frameTime(iso: string): string {
  const date = new Date(iso);
  const clock = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return `${clock}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** "Today", "Yesterday", or the date written out. */
export function dayLabel(iso: string, now: number): string {
  const days = Math.round((startOfDay(now) - startOfDay(Date.parse(iso))) / DAY_MS);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** Short and relative for the list: "now", "5 min", "2 h", "Yesterday", "3 Mar". */
export function relativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 45) return 'now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const days = Math.round((startOfDay(now) - startOfDay(time)) / DAY_MS);
  if (days === 0) return `${Math.round(minutes / 60)} h`;
  if (days === 1) return 'Yesterday';
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
