// The page's side of the web host's access token: taken out of the address at once (history keeps no copy),
// kept in this tab's sessionStorage so a reload connects, replaced by a newer one, and never a crash when
// storage is switched off.
import { describe, expect, it } from 'vitest';
import { takeAccessToken, type PageAddress } from '../../renderer/src/transport/access-token';

function page(href: string, storage: Map<string, string> | 'blocked' = new Map()) {
  const replaced: string[] = [];
  const blocked = () => {
    throw new Error('SecurityError: storage is disabled');
  };
  const window: PageAddress & { replaced: string[] } = {
    replaced,
    location: { href },
    history: { state: { page: 1 }, replaceState: (_state, _unused, url) => replaced.push(url) },
    sessionStorage:
      storage === 'blocked'
        ? { getItem: blocked, setItem: blocked }
        : { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  };
  return window;
}

describe('the access token on the page', () => {
  it('leaves the address at once, keeping the rest of it', () => {
    const window = page('http://127.0.0.1:4800/conversations?view=list&token=abc_123-XYZ#thread');
    expect(takeAccessToken(window)).toBe('abc_123-XYZ');
    expect(window.replaced).toEqual(['/conversations?view=list#thread']);
  });

  it('connects again after a reload in the same tab, from this tab\'s storage', () => {
    const storage = new Map<string, string>();
    takeAccessToken(page('http://127.0.0.1:4800/?token=first', storage));
    const reloaded = page('http://127.0.0.1:4800/', storage);
    expect(takeAccessToken(reloaded)).toBe('first');
    expect(reloaded.replaced).toEqual([]);
  });

  it('takes a newer token from the address over the stored one (the host restarted)', () => {
    const storage = new Map([['guest-console.access-token', 'old']]);
    expect(takeAccessToken(page('http://127.0.0.1:4800/?token=new', storage))).toBe('new');
    expect(takeAccessToken(page('http://127.0.0.1:4800/', storage))).toBe('new');
  });

  it('has no token without one in the address or the tab, and survives storage that is switched off', () => {
    expect(takeAccessToken(page('http://127.0.0.1:4800/'))).toBe('');
    const blocked = page('http://127.0.0.1:4800/?token=abc', 'blocked');
    expect(takeAccessToken(blocked)).toBe('abc');
    expect(blocked.replaced).toEqual(['/']);
    expect(takeAccessToken(page('http://127.0.0.1:4800/', 'blocked'))).toBe('');
  });
});
