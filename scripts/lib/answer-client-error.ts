import type { Duplex } from 'node:stream';
import { resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';

/** Long enough for a client to finish sending what it started, short enough that a slow one cannot hold a socket. */
const LINGER_MS = 5_000;

/**
 * Answers a request Node could not parse (headers or URL over its 16 kB
 * limit, malformed framing) with a JSON refusal, then keeps reading until the
 * client is done: closing a socket that still has unread input resets it, and
 * the client would see a reset instead of the 4xx.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE']
      : [400, 'Bad Request', 'MALFORMED_REQUEST'];
  const body = JSON.stringify({
    error: {
      code,
      message: status === 431 ? 'The URL or headers are too large.' : 'The request is malformed.',
    },
  });
  const headers = {
    ...staticSecurityHeaders,
    'Content-Security-Policy': resourcePolicy,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head}\r\n${body}`);
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
