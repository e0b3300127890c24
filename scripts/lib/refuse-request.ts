import type { Duplex } from 'node:stream';
import { resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';
import type { Refusal } from './sanitize-request';

/** Long enough for a client to finish sending what it started, short enough that a slow one cannot hold a socket. */
const LINGER_MS = 5_000;

const reasons: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  411: 'Length Required',
  413: 'Content Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** The JSON body of a refusal and the headers every refusal carries. */
export function refusalHead(refusal: Refusal): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  return {
    body,
    headers: {
      ...staticSecurityHeaders,
      'Content-Security-Policy': resourcePolicy,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    },
  };
}

/**
 * Answers on the socket at once, without reading the request, then discards
 * whatever the client still sends for a short while: closing a socket with
 * unread input resets it, and the client would see a reset instead of the 4xx.
 * The answer to a HEAD request has no body (RFC 9110 §9.3.2): a client would
 * read one as the start of a next response.
 */
export function refuseRequest(socket: Duplex, refusal: Refusal, method?: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const { body, headers } = refusalHead(refusal);
  const head = Object.entries({ ...headers, Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${refusal.status} ${reasons[refusal.status] ?? 'Refused'}\r\n${head}\r\n${method === 'HEAD' ? '' : body}`,
  );
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
