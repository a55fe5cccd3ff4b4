// The web host's access token on the page's side. It arrives once, in the address (`?token=`); the page takes
// it out of the address at once, so it does not linger in history, synced tabs, screen shares or screenshots,
// and keeps it in this tab's sessionStorage (this origin only, gone with the tab) so a reload still connects.

const STORAGE_KEY = 'guest-console.access-token';

/** The parts of `window` this needs, so tests can hand in their own. */
export interface PageAddress {
  location: { href: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The token from the address (then removed from it) or from an earlier load in this tab; '' when neither has one. */
export function takeAccessToken(page: PageAddress): string {
  const address = new URL(page.location.href);
  const given = address.searchParams.get('token');
  if (given === null) return stored(page) ?? '';
  address.searchParams.delete('token');
  page.history.replaceState(page.history.state, '', `${address.pathname}${address.search}${address.hash}`);
  try {
    page.sessionStorage.setItem(STORAGE_KEY, given);
  } catch {
    // Storage switched off: this load still connects; a reload will ask for the printed URL again.
  }
  return given;
}

function stored(page: PageAddress): string | null {
  try {
    return page.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
