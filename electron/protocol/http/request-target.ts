// Reading an HTTP request's target and Host header without ever throwing. Node hands a server the raw request
// target ("/path?q", or the absolute form "http://a:99999/"); `new URL()` throws on a bad port or host and
// `decodeURIComponent` on a bad percent-encoding, which outside a handler ends the process. Every server of the
// project (web host, webhook receiver, sandbox HTTP and WebSocket, control API) reads its target through here
// and answers `null` with a 400.

/** The request's path and query as a URL, or null when the target is malformed. Only origin-form targets
 *  ("/…") are accepted: no server of ours is a proxy, so an absolute-form or authority-form target is refused. */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://request-target.invalid');
  } catch {
    return null;
  }
}

/** `decodeURIComponent` that answers null instead of throwing on a bad percent-encoding. */
export function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** A path's segments after a prefix, decoded; null when any segment's percent-encoding is bad. */
export function decodePathSegments(path: string): string[] | null {
  const decoded: string[] = [];
  for (const segment of path.split('/').filter(Boolean)) {
    const value = decodePathSegment(segment);
    if (value === null) return null;
    decoded.push(value);
  }
  return decoded;
}

/** Whether a Host header names this loopback server itself (`127.0.0.1:<port>`, `localhost:<port>` or
 *  `[::1]:<port>`): anything else is a DNS-rebinding page or a confused client, refused before any work. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  return name === `127.0.0.1:${port}` || name === `localhost:${port}` || name === `[::1]:${port}`;
}
