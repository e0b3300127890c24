import { connect, type Socket } from 'node:net';

export type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** No request may take longer than this: an answer that never comes is a failure, not a wait. */
const ANSWER_TIMEOUT_MS = 10_000;

function parse(buffer: Buffer): { response: RawResponse; rest: Buffer } | null {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  let offset = end + 4;
  if (headers['transfer-encoding']?.includes('chunked')) {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', offset);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(buffer.subarray(offset, lineEnd).toString('latin1'), 16);
      if (buffer.length < lineEnd + 2 + size + 2) return null;
      chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
      if (size === 0) break;
    }
    return {
      response: { status, headers, body: Buffer.concat(chunks).toString('utf8') },
      rest: buffer.subarray(offset),
    };
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buffer.length < offset + length) return null;
  return {
    response: { status, headers, body: buffer.subarray(offset, offset + length).toString('utf8') },
    rest: buffer.subarray(offset + length),
  };
}

/**
 * One keep-alive TCP connection spoken to byte by byte, so a test can send
 * what no HTTP client would and then see whether the same socket still
 * answers the next request.
 */
export class RawConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private closed = false;
  private wake: () => void = () => {};
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(origin: string): Promise<RawConnection> {
    const { hostname, port } = new URL(origin);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes the request (head and body as given) and reads one answer; status 0 means none came. */
  async exchange(head: string, body: Buffer | string = ''): Promise<RawResponse> {
    if (!this.closed) {
      this.socket.write(head);
      if (body.length > 0) this.socket.write(body);
    }
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const parsed = parse(this.buffer);
      if (parsed) {
        this.buffer = parsed.rest;
        return parsed.response;
      }
      if (this.closed || Date.now() > deadline)
        return { status: 0, headers: {}, body: this.closed ? 'closed' : 'timeout' };
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
