import { describe, expect, it } from 'vitest';
import { decodePathSegment, decodePathSegments, isLoopbackHost, parseRequestTarget } from '../../../electron/protocol/http/request-target';

describe('request targets read without throwing', () => {
  it('accepts an origin-form target with its query', () => {
    const url = parseRequestTarget('/api/v2/x?token=a%20b');
    expect(url?.pathname).toBe('/api/v2/x');
    expect(url?.searchParams.get('token')).toBe('a b');
  });

  it.each(['http://a:99999/', 'http://127.0.0.1:1/', 'a:1', '*', '', '//evil.example/x', 'x/y', undefined])(
    'refuses the target %s',
    (target) => expect(parseRequestTarget(target)).toBeNull(),
  );

  it('decodes percent-encodings and answers null for bad ones', () => {
    expect(decodePathSegment('a%20b')).toBe('a b');
    expect(decodePathSegment('%c0')).toBeNull();
    expect(decodePathSegment('%')).toBeNull();
    expect(decodePathSegments('/a/%E2%82%AC/')).toEqual(['a', '€']);
    expect(decodePathSegments('/a/%c0')).toBeNull();
  });

  it('knows its own loopback Host header and nothing else', () => {
    expect(isLoopbackHost('127.0.0.1:4710', 4710)).toBe(true);
    expect(isLoopbackHost('LOCALHOST:4710', 4710)).toBe(true);
    expect(isLoopbackHost('[::1]:4710', 4710)).toBe(true);
    expect(isLoopbackHost('127.0.0.1:4711', 4710)).toBe(false);
    expect(isLoopbackHost('attacker.example:4710', 4710)).toBe(false);
    expect(isLoopbackHost('127.0.0.1', 4710)).toBe(false);
    expect(isLoopbackHost(undefined, 4710)).toBe(false);
  });
});
