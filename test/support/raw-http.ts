// Raw HTTP over node:net, for requests no HTTP client would send (garbage request lines, absolute-form
// targets, bad percent-encodings, huge headers) and for slow clients. Loopback only.
import net from 'node:net';

export interface RawAnswer {
  /** The status of the first response line, or undefined when the server answered nothing. */
  status: number | undefined;
  /** Everything the server sent (cut at 64 KiB). */
  text: string;
  /** The server closed the connection (rather than the client giving up after `timeoutMs`). */
  closedByServer: boolean;
}

const KEEP = 64 * 1024;

/** Send `bytes` on a fresh connection to 127.0.0.1:`port` and collect the answer until the server closes, a
 *  whole response has arrived (when `untilResponse`), or `timeoutMs` passes; then close the connection. */
export function rawExchange(port: number, bytes: string | Buffer, options: { timeoutMs?: number; untilResponse?: boolean } = {}): Promise<RawAnswer> {
  const { timeoutMs = 3000, untilResponse = true } = options;
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text, closedByServer });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      if (text.length < KEEP) text += chunk.toString('latin1');
      if (untilResponse && wholeResponse(text)) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

/** A connection that sends `head` and then one byte of `trickle` every `everyMs`, as a slowloris client does.
 *  `closed` resolves with what the server answered when it closes the connection. */
export function slowClient(port: number, head: string, trickle: string, everyMs: number): { closed: Promise<RawAnswer & { afterMs: number }>; stop(): void } {
  const socket = net.connect({ host: '127.0.0.1', port });
  const started = Date.now();
  let text = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => {
      if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]!);
    }, everyMs);
  });
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  const closed = new Promise<RawAnswer & { afterMs: number }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text, closedByServer: true, afterMs: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
  return {
    closed,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** The status line and headers have arrived, and the body too when its length is given (a stream without a
 *  length, such as server-sent events, counts as answered once its headers are in). */
function wholeResponse(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1];
  return length === undefined || Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length);
}
