// The sandbox's front door: every HTTP request and WebSocket upgrade passes here before any route. The Host
// header must name this server itself (a DNS-rebinding page sends its own name, so it is refused before any
// work); the target must be an origin-form path that parses; and the control API, OAuth and the Platform API
// refuse any request carrying an Origin header: only programs call them (the engine, the SDKs, other tools),
// never a web page, and every browser sends Origin on the requests that could carry a token or a secret. The
// Guest API paths keep the deployment's own Origin rule (its allowed domains), as Genesys does.
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost, parseRequestTarget } from '../protocol/http/request-target';
import { CONTROL_PATH_PREFIX } from '../protocol/sandbox-control/control-api';
import { isGuestHttpPath } from './webmessaging/guest-http';

export type Admission = { ok: true; url: URL } | { ok: false; status: 400 | 403; message: string };

/** `self` is the server's bound `host:port` as clients name it (`127.0.0.1:4000`, `[::1]:4000`). */
export function admit(req: IncomingMessage, self: { origin: string; port: number }): Admission {
  const host = req.headers.host;
  if (host === undefined || host === '') {
    return { ok: false, status: 400, message: 'The request needs a Host header naming this sandbox (127.0.0.1:<port>).' };
  }
  if (!isLoopbackHost(host, self.port) && host.toLowerCase() !== self.origin) {
    return {
      ok: false,
      status: 403,
      message: `This sandbox answers only requests addressed to ${self.origin} or localhost:${self.port} (the Host header names another server).`,
    };
  }
  const url = parseRequestTarget(req.url);
  if (!url) {
    return { ok: false, status: 400, message: 'The request target must be a path such as /api/v2/… (absolute URLs and malformed targets are refused).' };
  }
  if (req.headers.origin !== undefined && programsOnly(url.pathname)) {
    return {
      ok: false,
      status: 403,
      message: 'The sandbox control API, OAuth and the Platform API answer programs, not web pages: a request with an Origin header is refused.',
    };
  }
  return { ok: true, url };
}

function programsOnly(pathname: string): boolean {
  if (pathname.startsWith(CONTROL_PATH_PREFIX) || pathname.startsWith('/oauth/')) return true;
  return pathname.startsWith('/api/v2/') && !isGuestHttpPath(pathname);
}

/** A refusal in the Platform API's error shape, as every other sandbox error is worded. */
export function sandboxErrorBody(status: number, message: string, contextId: string): { contentType: string; body: string } {
  const code = { 400: 'bad.request', 403: 'forbidden', 404: 'not.found', 408: 'request.timeout', 413: 'request.entity.too.large', 431: 'request.header.fields.too.large' }[status] ?? 'bad.request';
  return {
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ message, code, status, contextId, details: [], errors: [] }),
  };
}
