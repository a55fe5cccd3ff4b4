// The REST side of Web Messaging in the sandbox (spec §5.6, §7): message history with the session JWT,
// the deployment's config.json/domains.json, the pre-signed upload PUT, attachment downloads, and the
// authenticated-guest token endpoints. Fault injection (latency, 429 burst, 5xx) applies to every route.
// Errors use the Platform API error body `{message, code, status, contextId, details, errors}`. An answer
// leaves once the state change it reports (an upload) is written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../protocol/clock';
import { decodePathSegment } from '../../protocol/http/request-target';
import { maxFileBytes } from '../../protocol/webmessaging';
import type { ConversationHub } from '../conversation-hub';
import type { Faults } from '../faults';
import { DOWNLOAD_PATH_PREFIX, UPLOAD_PATH_PREFIX, type AttachmentStore } from './attachment-store';
import type { GuestAuth } from './guest-auth';
import { deploymentConfigJson, deploymentDomainsJson, deploymentNamed, type GuestDeployment } from './guest-deployment';
import type { GuestGateway } from './guest-gateway';
import type { GuestJwtSigner } from './guest-jwt';
import { historyView } from './guest-message-view';

export interface GuestHttpDeps {
  clock: Clock;
  faults: Faults;
  hub: ConversationHub;
  deployment: GuestDeployment;
  attachments: AttachmentStore;
  gateway: GuestGateway;
  signer: GuestJwtSigner;
  auth: GuestAuth;
  newId: () => string;
  baseUrl: () => string;
  wsUrl: () => string;
  afterWrite: (action: () => void) => void;
}

const GUEST_PREFIXES = ['/api/v2/webmessaging/', '/api/v2/webdeployments/', '/webdeployments/v1/', UPLOAD_PATH_PREFIX, DOWNLOAD_PATH_PREFIX];
const MAX_JSON_BYTES = 64 * 1024;
const HISTORY_MAX_PAGE_SIZE = 100;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: Buffer;
}

export function isGuestHttpPath(pathname: string): boolean {
  return GUEST_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

export function createGuestHttp(deps: GuestHttpDeps) {
  const { deployment } = deps;
  const failure = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
    status,
    body: { message, code, status, contextId: deps.newId(), details: [], errors: [] },
    ...(headers ? { headers } : {}),
  });
  const notFound = (what: string) => failure(404, 'not.found', `${what} not found.`);

  const bearer = (req: IncomingMessage) => /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();

  const history = (req: IncomingMessage, url: URL): Reply => {
    const token = bearer(req);
    if (!token) return failure(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
    const check = deps.signer.verify(token, 'session');
    if (!check.ok) return failure(401, 'bad.credentials', `Invalid session JWT: ${check.message}`);
    const session = deps.gateway.sessions.byId(check.claims.sub);
    if (!session || session.expired) return failure(401, 'bad.credentials', 'The guest session of this JWT has expired or was cleared.');
    const rate = session.history.hit();
    if (!rate.allowed) {
      return failure(429, 'too.many.requests', `Rate limit exceeded the maximum. Retry the request in [${rate.retryAfterSec}] seconds`, {
        'Retry-After': String(rate.retryAfterSec),
      });
    }
    const pageSize = pagingParam(url, 'pageSize', 25, HISTORY_MAX_PAGE_SIZE);
    const pageNumber = pagingParam(url, 'pageNumber', 1, Number.MAX_SAFE_INTEGER);
    if (pageSize === null || pageNumber === null) {
      return failure(400, 'bad.request', `pageSize must be an integer from 1 to ${HISTORY_MAX_PAGE_SIZE}; pageNumber an integer from 1.`);
    }
    const all = session.conversationIds
      .flatMap((id) => deps.hub.get(id)?.messages ?? [])
      .map((message, order) => ({ message, order }))
      .sort((a, b) => b.message.time.localeCompare(a.message.time) || b.order - a.order)
      .map(({ message }) => historyView(message));
    const start = (pageNumber - 1) * pageSize;
    const entities = all.slice(start, start + pageSize);
    const pageCount = Math.ceil(all.length / pageSize);
    const pageUri = (n: number) => `/api/v2/webmessaging/messages?pageSize=${pageSize}&pageNumber=${n}`;
    return {
      status: 200,
      body: {
        entities,
        pageSize,
        pageNumber,
        total: all.length,
        pageCount,
        firstUri: pageUri(1),
        selfUri: pageUri(pageNumber),
        lastUri: pageUri(Math.max(1, pageCount)),
        ...(pageNumber < pageCount ? { nextUri: pageUri(pageNumber + 1) } : {}),
        ...(pageNumber > 1 ? { previousUri: pageUri(pageNumber - 1) } : {}),
      },
    };
  };

  const deploymentFile = (url: URL): Reply | undefined => {
    const match = /^\/webdeployments\/v1\/deployments\/([^/]+)\/(config|domains)\.json$/.exec(url.pathname);
    if (!match) return undefined;
    const named = deploymentNamed(deployment, match[1] ?? '');
    if (!named) return notFound(`Deployment ${match[1]}`);
    return {
      status: 200,
      body: match[2] === 'config' ? deploymentConfigJson(named, { baseUrl: deps.baseUrl(), wsUrl: deps.wsUrl() }) : deploymentDomainsJson(named),
    };
  };

  const upload = async (req: IncomingMessage, url: URL): Promise<Reply> => {
    const id = decodePathSegment(url.pathname.slice(UPLOAD_PATH_PREFIX.length));
    if (id === null) return failure(400, 'bad.request', 'The upload path is not validly percent-encoded.');
    const maxBytes = maxFileBytes(deployment.limits.maxFileSizeKB);
    const bytes = await readBody(req, maxBytes + 1);
    const tagging = req.headers['x-amz-tagging'];
    const outcome = deps.attachments.upload({
      id,
      signature: url.searchParams.get('X-Amz-Signature'),
      date: url.searchParams.get('X-Amz-Date'),
      expires: url.searchParams.get('X-Amz-Expires'),
      tagging: Array.isArray(tagging) ? tagging[0] : tagging,
      bytes,
      maxBytes,
    });
    if (outcome.kind === 'refused') return { status: outcome.status, raw: Buffer.from(outcome.message), headers: { 'Content-Type': 'text/plain' } };
    deps.gateway.uploadFinished(outcome);
    return { status: 200, headers: { ETag: `"${id}"` } };
  };

  const download = (url: URL): Reply => {
    const id = decodePathSegment(url.pathname.slice(DOWNLOAD_PATH_PREFIX.length));
    if (id === null) return failure(400, 'bad.request', 'The download path is not validly percent-encoded.');
    const file = deps.attachments.get(id);
    if (!file || file.state !== 'uploaded') return notFound(`Attachment ${id}`);
    return {
      status: 200,
      raw: file.bytes,
      headers: { 'Content-Type': file.mime, 'Content-Disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"` },
    };
  };

  const tokenExchange = async (req: IncomingMessage, url: URL): Promise<Reply> => {
    const path = url.pathname;
    if (path === '/api/v2/webdeployments/token/revoke' && req.method === 'DELETE') {
      const token = bearer(req);
      if (!token) return failure(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
      const revoked = deps.auth.revoke(token);
      if (!revoked.ok) return failure(401, 'bad.credentials', revoked.message);
      deps.gateway.logout(revoked.claims.sub);
      return { status: 204 };
    }
    if (req.method !== 'POST') return failure(405, 'method.not.allowed', `${req.method} is not supported on ${path}.`);
    const json = await readJson(req);
    if (json === undefined) return failure(400, 'bad.request', 'The request body must be a JSON object.');
    if (path === '/api/v2/webdeployments/token/oauthcodegrantjwtexchange') {
      const code = field(field(json, 'oauth'), 'code');
      const deploymentId = field(json, 'deploymentId');
      if (typeof code !== 'string' || typeof deploymentId !== 'string') {
        return failure(400, 'bad.request', 'Body needs deploymentId and oauth.code (a code minted by the sandbox control API).');
      }
      const exchanged = deps.auth.exchangeCode(code, deploymentId);
      if (!exchanged.ok) return failure(exchanged.kind === 'WrongDeployment' ? 404 : 400, 'bad.request', exchanged.message);
      return { status: 200, body: { jwt: exchanged.jwt, refreshToken: exchanged.refreshToken } };
    }
    if (path === '/api/v2/webdeployments/token/refresh') {
      const refreshToken = field(json, 'refreshToken');
      if (typeof refreshToken !== 'string') return failure(400, 'bad.request', 'Body needs refreshToken.');
      const refreshed = deps.auth.refresh(refreshToken);
      if (!refreshed.ok) return failure(401, 'bad.credentials', refreshed.message);
      return { status: 200, body: { jwt: refreshed.jwt, refreshToken: refreshed.refreshToken } };
    }
    return notFound(`Route ${path}`);
  };

  const route = async (req: IncomingMessage, url: URL): Promise<Reply> => {
    const path = url.pathname;
    if (path === '/api/v2/webmessaging/messages') return req.method === 'GET' ? history(req, url) : failure(405, 'method.not.allowed', 'Use GET.');
    if (path.startsWith('/api/v2/webdeployments/token/')) return tokenExchange(req, url);
    if (path.startsWith(UPLOAD_PATH_PREFIX)) return req.method === 'PUT' ? upload(req, url) : failure(405, 'method.not.allowed', 'Use PUT.');
    if (path.startsWith(DOWNLOAD_PATH_PREFIX)) return req.method === 'GET' ? download(url) : failure(405, 'method.not.allowed', 'Use GET.');
    if (req.method === 'GET') return deploymentFile(url) ?? notFound(`Route ${path}`);
    return notFound(`Route ${path}`);
  };

  return {
    /** Answers the Web Messaging REST paths; false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (!isGuestHttpPath(url.pathname)) return false;
      const latency = deps.faults.get().latencyMs;
      if (latency > 0) await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, latency));
      const burst = deps.faults.take429();
      const reply = burst
        ? failure(429, 'too.many.requests', `Rate limit exceeded the maximum (sandbox fault). Retry the request in [${burst.retryAfterSec}] seconds`, {
            'Retry-After': String(burst.retryAfterSec),
          })
        : deps.faults.take5xx()
          ? failure(503, 'service.unavailable', 'The service is currently unavailable (sandbox fault).')
          : await route(req, url);
      deps.afterWrite(() => writeReply(res, reply));
      return true;
    },
  };
}

function pagingParam(url: URL, name: string, fallback: number, max: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Reads at most `limit` bytes of the body (the rest is drained and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_JSON_BYTES);
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | undefined = reply.raw;
  if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}
