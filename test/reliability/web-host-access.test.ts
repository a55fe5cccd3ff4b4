// The web host's access rules on every route, method and the socket: no token → 401, a foreign or odd
// Origin → 403 even with the token (null, another port, https, localhost, a look-alike host), and it
// listens on loopback only — other addresses of this machine refuse the connection.
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContractSocket, startWebHostRig, type WebHostRig } from './support/web-host-rig';

let rig: WebHostRig;
beforeAll(async () => {
  rig = await startWebHostRig();
});
afterAll(() => rig.close());

const ROUTES = ['/', '/index.html', '/assets/app.js', '/contract', '/api/anything', '/..%2f..%2fetc%2fpasswd', '/%00'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const FOREIGN_ORIGINS = (port: number) => ['null', 'http://evil.example', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, `http://127.0.0.1:${port}.evil.example`, 'http://127.0.0.1'];

describe('the web host', () => {
  it('refuses every route and method without the token', async () => {
    for (const route of ROUTES) {
      for (const method of METHODS) {
        const response = await fetch(`${rig.host.origin}${route}`, { method });
        expect(response.status, `${method} ${route}`).toBe(401);
      }
    }
  });

  it('refuses every route and method from a foreign Origin, token or not', async () => {
    const cookie = `gc_token=${rig.host.token}`;
    for (const origin of FOREIGN_ORIGINS(rig.host.port)) {
      for (const route of ROUTES) {
        for (const method of ['GET', 'POST']) {
          const response = await fetch(`${rig.host.origin}${route}?token=${rig.host.token}`, { method, headers: { origin, cookie } });
          expect(response.status, `${method} ${route} from ${origin}`).toBe(403);
        }
      }
    }
  });

  it('accepts only GET and HEAD, even with the token', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect((await fetch(`${rig.host.origin}/?token=${rig.host.token}`, { method })).status).toBe(405);
    }
  });

  it('opens the socket only with the token and the host\'s own Origin', async () => {
    const { host } = rig;
    expect(await openContractSocket(host, '', host.origin)).toEqual({ status: 401 });
    expect(await openContractSocket(host, `?token=${host.token.slice(0, -1)}`, host.origin)).toEqual({ status: 401 });
    expect(await openContractSocket(host, `?token=${host.token}`, undefined)).toEqual({ status: 403 });
    for (const origin of FOREIGN_ORIGINS(host.port)) expect(await openContractSocket(host, `?token=${host.token}`, origin), origin).toEqual({ status: 403 });
    const opened = await openContractSocket(host, `?token=${host.token}`, host.origin);
    expect('ws' in opened).toBe(true);
    if ('ws' in opened) opened.ws.close();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(rig.host.origin).toBe(`http://127.0.0.1:${rig.host.port}`);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address);
    for (const address of [...others, '::1']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: address, port: rig.host.port });
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });
});
