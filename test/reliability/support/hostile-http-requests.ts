// Malformed and hostile HTTP/1.1 requests, as raw bytes, for one server: absolute-form targets with bad
// ports and hosts, authority- and asterisk-form targets, bad percent-encodings, huge and too many headers,
// garbage request lines and versions, broken headers and framing (duplicate lengths, bad chunks, smuggling
// shapes), foreign and missing Host headers, and bad WebSocket upgrades. Each request says whether it is
// complete (the server should answer it) or stops half-way (the server may wait; the client gives up).
import type { SeededRandom } from './seeded-random';

export interface HostileTarget {
  /** `127.0.0.1:<port>`: the Host header that passes the server's own check. */
  host: string;
  /** Real paths of this server, so a malformed variant reaches its routes. */
  paths: readonly string[];
  /** Header lines added to every request after its request line: a normal client's bearer token, so a request
   *  passes the checks before the target, or the upgrade headers, so every request is a WebSocket upgrade. */
  headers: string;
  /** Where this server takes WebSocket upgrades, if anywhere. */
  upgradePath?: string;
}

export interface HostileRequest {
  kind: string;
  bytes: Buffer;
  /** Whether the request is whole: an incomplete one may legitimately get no answer before the client gives up. */
  complete: boolean;
  /** The answer the project promises for it (400 for malformed targets), when there is one. */
  expect?: number;
}

const BAD_PORTS = ['99999', '65536', '-1', 'x', '', '0x50', '١٢٣'];
const BAD_ENCODINGS = ['%', '%c0', '%zz', '%E0%A4%A', '%ff%fe', '%c0%af', '%%', '%u2215', '%F0%9F%98'];
const FOREIGN_HOSTS = ['rebind.example', 'localhost.evil.example', '127.0.0.1:1', '[::1', 'a b', '127.0.0.1:99999', ''];

type Maker = (target: HostileTarget, random: SeededRandom) => Omit<HostileRequest, 'bytes'> & { text: string | Buffer };

const line = (method: string, requestTarget: string, version = 'HTTP/1.1') => `${method} ${requestTarget} ${version}\r\n`;
const end = 'Connection: close\r\n\r\n';
const withBadEncoding = (path: string, random: SeededRandom) => {
  const at = random.between(1, path.length);
  return `${path.slice(0, at)}${random.pick(BAD_ENCODINGS)}${path.slice(at)}`;
};

const MAKERS: readonly Maker[] = [
  (t, r) => ({ kind: 'absolute-form, bad port', text: `${line(r.pick(['GET', 'POST', 'PUT']), `http://a:${r.pick(BAD_PORTS)}${r.pick(t.paths)}`)}Host: ${t.host}\r\n${end}`, complete: true, expect: 400 }),
  (t, r) => ({ kind: 'absolute-form, other host', text: `${line('GET', `${r.pick(['http', 'https', 'ws', 'file'])}://${r.pick(['[::1', 'a b', '%zz', '127.0.0.1:0', 'evil.example'])}${r.pick(t.paths)}`)}Host: ${t.host}\r\n${end}`, complete: true, expect: 400 }),
  (t) => ({ kind: 'absolute-form, own host', text: `${line('GET', `http://${t.host}/`)}Host: ${t.host}\r\n${end}`, complete: true, expect: 400 }),
  (t, r) => ({ kind: 'authority-form', text: `${line(r.pick(['CONNECT', 'GET']), r.pick(['127.0.0.1:80', 'a:99999', 'evil.example:443']))}Host: ${t.host}\r\n${end}`, complete: true, expect: 400 }),
  (t, r) => ({ kind: 'asterisk-form', text: `${line(r.pick(['OPTIONS', 'GET', 'POST']), '*')}Host: ${t.host}\r\nContent-Length: 0\r\n${end}`, complete: true, expect: 400 }),
  (t, r) => ({ kind: 'bad percent-encoding', text: `${line(r.pick(['GET', 'POST', 'DELETE']), withBadEncoding(r.pick(t.paths), r))}Host: ${t.host}\r\nContent-Length: 0\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'bad percent-encoding in the query', text: `${line('GET', `${r.pick(t.paths)}?${r.pick(['deploymentId', 'token', 'pageSize'])}=${r.pick(BAD_ENCODINGS)}`)}Host: ${t.host}\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'huge header', text: `${line('GET', r.pick(t.paths))}Host: ${t.host}\r\nX-Huge: ${'h'.repeat(r.between(17, 96) * 1024)}\r\n${end}`, complete: true, expect: 431 }),
  (t, r) => ({ kind: 'many headers', text: `${line('GET', r.pick(t.paths))}Host: ${t.host}\r\n${Array.from({ length: r.between(1500, 3000) }, (_, i) => `X-H${i}: ${'v'.repeat(8)}\r\n`).join('')}${end}`, complete: true, expect: 431 }),
  (t, r) => ({ kind: 'huge request target', text: `${line('GET', `${r.pick(t.paths)}?q=${'q'.repeat(r.between(17, 64) * 1024)}`)}Host: ${t.host}\r\n${end}`, complete: true, expect: 431 }),
  (_t, r) => ({ kind: 'garbage request line', text: Buffer.concat([Buffer.from(Array.from({ length: r.between(1, 200) }, () => r.between(0, 255))), Buffer.from('\r\n\r\n')]), complete: true }),
  (t, r) => ({ kind: 'bad method or version', text: `${r.pick(['G@T / HTTP/1.1', 'GET / HTTP/9.9', 'GET / HTTX/1.1', 'GET / HTTP/1.1 extra', 'GET\t/\tHTTP/1.1', 'GET /\0 HTTP/1.1', ' GET / HTTP/1.1', 'GET  HTTP/1.1', 'get / http/1.1'])}\r\nHost: ${t.host}\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'broken header', text: `${line('GET', r.pick(t.paths))}Host: ${t.host}\r\n${r.pick(['No colon here', 'Bad Name: x', 'X-Nul: a\0b', ' X-Fold: folded', 'X-A: a\r\n b', ': empty name', 'X-Ctl: \x07\x1b[2J', 'Content-Length: -1', 'Content-Length: 1e3', 'Content-Length: 99999999999999999999'])}\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'conflicting framing', text: `${line('POST', r.pick(t.paths))}Host: ${t.host}\r\n${r.pick(['Content-Length: 2\r\nContent-Length: 3', 'Content-Length: 5\r\nTransfer-Encoding: chunked', 'Transfer-Encoding: chunked, identity', 'Transfer-Encoding: gzip'])}\r\n\r\n0\r\n\r\n`, complete: true }),
  (t, r) => ({ kind: 'bad chunk', text: `${line('POST', r.pick(t.paths))}Host: ${t.host}\r\nTransfer-Encoding: chunked\r\n\r\n${r.pick(['zz', 'ffffffffffffffffff', '-1', '5;\0', '2\r\nabc'])}\r\n\r\n`, complete: true }),
  (t, r) => ({ kind: 'foreign or broken Host', text: `${line(r.pick(['GET', 'POST']), r.pick(t.paths))}Host: ${r.pick(FOREIGN_HOSTS).replace('127.0.0.1:1', `rebind.example:${t.host.split(':')[1]}`)}\r\nContent-Length: 0\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'missing or doubled Host', text: `${line('GET', r.pick(t.paths), r.pick(['HTTP/1.1', 'HTTP/1.0']))}${r.pick(['', `Host: ${t.host}\r\nHost: evil.example\r\n`])}${end}`, complete: true }),
  (t, r) => ({ kind: 'browser Origin', text: `${line(r.pick(['GET', 'POST']), r.pick(t.paths))}Host: ${t.host}\r\nOrigin: ${r.pick(['https://evil.example', 'null', 'http://127.0.0.1:1', 'app://console'])}\r\nContent-Length: 0\r\n${end}`, complete: true }),
  (t, r) => ({ kind: 'body larger than declared limit', text: `${line('POST', r.pick(t.paths))}Host: ${t.host}\r\nContent-Type: application/json\r\nContent-Length: ${r.between(2, 64) * 1024 * 1024}\r\n\r\n{"a":`, complete: false }),
  (t, r) => ({ kind: 'headers cut off', text: `${line('GET', r.pick(t.paths))}Host: ${t.host}\r\nX-Cut: ${'c'.repeat(r.between(0, 100))}`, complete: false }),
  (t, r) => upgrade(t, r),
];

function upgrade(t: HostileTarget, r: SeededRandom): ReturnType<Maker> {
  const path = t.upgradePath ?? r.pick(t.paths);
  const variants: [string, string, number | undefined][] = [
    ['no key', `${line('GET', path)}Host: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`, undefined],
    ['bad version', `${line('GET', path)}Host: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n`, undefined],
    ['absolute-form', `${line('GET', `http://a:${r.pick(BAD_PORTS)}${path}`)}Host: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`, 400],
    ['bad percent-encoding', `${line('GET', withBadEncoding(path, r))}Host: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`, undefined],
    ['foreign Host', `${line('GET', path)}Host: rebind.example:${t.host.split(':')[1]}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`, undefined],
    ['other protocol', `${line('GET', path)}Host: ${t.host}\r\nUpgrade: ${r.pick(['h2c', 'websocket, h2c', '\0'])}\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n`, undefined],
    ['junk after the handshake', `${line('GET', `${path}?deploymentId=${r.pick(['%zz', '', 'x'.repeat(5000)])}`)}Host: ${t.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\xff\x00garbage`, undefined],
  ];
  const [name, text, expected] = r.pick(variants);
  return { kind: `upgrade: ${name}`, text, complete: true, ...(expected !== undefined ? { expect: expected } : {}) };
}

/** The `index`-th hostile request for this server: every kind comes round in turn, its details drawn at random. */
export function hostileRequest(target: HostileTarget, index: number, random: SeededRandom): HostileRequest {
  const { text, ...rest } = MAKERS[index % MAKERS.length]!(target, random);
  const withHeaders = typeof text === 'string' ? text.replace('\r\n', `\r\n${target.headers}`) : text;
  return { ...rest, bytes: typeof withHeaders === 'string' ? Buffer.from(withHeaders, 'latin1') : withHeaders };
}

/** The upgrade request headers a WebSocket client sends, for `HostileTarget.headers`. */
export const UPGRADE_HEADERS = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
