// The server's own record of a guest conversation, read the way any guest client would: a plain `ws`
// client resumes the session by token, asks for a JWT, and reads the history REST endpoint. Used as the
// ground truth that transcripts are compared with.
import WebSocket from 'ws';

export interface HistoryMessage {
  id: string;
  direction: string;
  type: string;
  text?: string;
  metadata?: Record<string, string>;
}

export async function serverHistory(wsUrl: string, baseUrl: string, deploymentId: string, token: string): Promise<HistoryMessage[]> {
  const ws = new WebSocket(`${wsUrl}/v1?deploymentId=${deploymentId}`);
  const frames: { class: string; body: unknown }[] = [];
  const next = (cls: string) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${cls}`)), 5000);
      const check = () => {
        const found = frames.find((frame) => frame.class === cls);
        if (found) {
          clearTimeout(timer);
          resolve(found.body);
        } else setTimeout(check, 10);
      };
      check();
    });
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId }));
  await next('SessionResponse');
  ws.send(JSON.stringify({ action: 'getJwt', token }));
  const { jwt } = (await next('JwtResponse')) as { jwt: string };
  ws.close();
  const all: HistoryMessage[] = [];
  for (let page = 1; page < 50; page += 1) {
    const response = await fetch(`${baseUrl}/api/v2/webmessaging/messages?pageSize=100&pageNumber=${page}`, { headers: { Authorization: `Bearer ${jwt}` } });
    if (response.status === 429) {
      // The session's history budget (10 a minute) may be spent by the client under test: wait it out.
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('Retry-After') ?? '1') * 1000));
      page -= 1;
      continue;
    }
    const body = (await response.json()) as { entities: HistoryMessage[] };
    all.push(...body.entities);
    if (body.entities.length < 100) break;
  }
  return all.reverse();
}
