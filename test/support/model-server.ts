// A local OpenAI-compatible chat-completions server for tests: the model is an external service, so this is the
// one place a stand-in is right. It speaks the wire as OpenAI documents it (POST /v1/chat/completions, a JSON body
// with model and messages; an answer with choices[0].message.content and usage), records every request with its
// headers, and answers what the test's `reply` decides: a text, an HTTP error, or nothing (to test timeouts).
// Garbage gets a 400 and the server keeps serving.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ModelRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; messages?: { role: string; content: string }[]; temperature?: number; max_tokens?: number };
  raw: string;
}

export type ModelAnswer =
  | string
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number }; noUsage?: boolean }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'hang';

export interface ModelServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: ModelRequest[];
  /** Every byte each request carried (headers and body), to search for what must not be there. */
  rawRequests: string[];
  close(): Promise<void>;
}

export async function startModelServer(reply: (request: ModelRequest, index: number) => ModelAnswer | Promise<ModelAnswer>): Promise<ModelServer> {
  const requests: ModelRequest[] = [];
  const rawRequests: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      rawRequests.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${raw}`);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions') return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
      let body: ModelRequest['body'];
      try {
        body = JSON.parse(raw) as ModelRequest['body'];
      } catch {
        return send(400, { error: { message: 'the body is not JSON' } });
      }
      if (!body || typeof body !== 'object' || !Array.isArray(body.messages)) return send(400, { error: { message: 'messages is required' } });
      const request: ModelRequest = { path: req.url, headers: req.headers, body, raw };
      requests.push(request);
      Promise.resolve(reply(request, requests.length - 1)).then(
        (answer) => {
          if (answer === 'hang') {
            hanging.add(res);
            return;
          }
          if (typeof answer === 'object' && 'status' in answer) return send(answer.status, answer.body ?? { error: { message: `status ${answer.status}` } }, answer.headers);
          const content = typeof answer === 'string' ? answer : answer.content;
          const prompt = Math.ceil(raw.length / 4);
          const completion = Math.ceil(content.length / 4);
          const usage = typeof answer === 'object' && answer.usage ? answer.usage : { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
          send(200, {
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model ?? 'test-model',
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            ...(typeof answer === 'object' && answer.noUsage ? {} : { usage }),
          });
        },
        (error: Error) => send(500, { error: { message: error.message } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    rawRequests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The conversation text of a customer request (the user message), for a test's brain to read. */
export function transcriptOf(request: ModelRequest): string {
  return request.body.messages?.find((message) => message.role === 'user')?.content ?? '';
}
