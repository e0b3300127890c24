import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
// Next's own check of the header its client router sends, so the two can never disagree about what parses.
import { parseAndValidateFlightRouterState } from 'next/dist/server/app-render/parse-and-validate-flight-router-state.js';

/** Far above any page's URL, far below what a flood would want to hash or log. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Next's own server-action limit (1 MB): nothing this app accepts is larger. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A refused body up to this size is read and discarded so the keep-alive
 * connection serves the next request; a larger one closes the connection
 * instead, since discarding it would cost what refusing it saves.
 */
export const MAX_DRAINED_BYTES = 8 * MAX_BODY_BYTES;
const MAX_FORWARDED_LENGTH = 512;
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** keepAlive: answer on the open connection and discard the body, rather than close the socket. */
export type Refusal = { status: number; code: string; message: string; keepAlive?: boolean };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

/** `::ffff:127.0.0.1` is how a dual-stack socket reports an IPv4 peer; the audit log should read 127.0.0.1. */
function plainAddress(address: string | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  return isIP(plain) ? plain : null;
}

/**
 * The address a trusted proxy appended: the LAST entry. Entries to its left
 * came from the client and are whatever the client chose to write.
 */
function proxiedAddress(header: string | undefined): string | null {
  if (!header || header.length > MAX_FORWARDED_LENGTH) return null;
  return plainAddress(header.split(',').at(-1)?.trim());
}

function proxiedProto(header: string | undefined): 'http' | 'https' | null {
  const value = header?.split(',').at(-1)?.trim().toLowerCase();
  return value === 'http' || value === 'https' ? value : null;
}

function refuseOversized(request: IncomingMessage): Refusal | null {
  if ((request.url ?? '').length > MAX_URL_LENGTH)
    return { status: 414, code: 'URI_TOO_LONG', message: `The URL is longer than ${MAX_URL_LENGTH} bytes.` };
  const length = request.headers['content-length'];
  if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length) || Number(length) > MAX_BODY_BYTES)
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        keepAlive: /^\d{1,15}$/.test(length) && Number(length) <= MAX_DRAINED_BYTES,
      };
  } else if (request.headers['transfer-encoding'] !== undefined) {
    // A body of unannounced length could only be bounded while Next reads it; browsers always announce it.
    return { status: 411, code: 'LENGTH_REQUIRED', message: 'A request body needs a Content-Length header.' };
  }
  return null;
}

/**
 * Next answers 500 to a path it cannot decode (a broken or non-UTF-8 escape):
 * such a path names nothing here, and neither does one with control characters.
 */
function refuseMalformedPath(url: string): Refusal | null {
  const pathname = url.split(/[?#]/, 1)[0] ?? '';
  let decoded: string | null = null;
  if (!/%(?![0-9A-Fa-f]{2})/.test(pathname)) {
    try {
      decoded = decodeURIComponent(pathname);
    } catch {}
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (decoded !== null && !/[\u0000-\u001f\u007f]/.test(decoded)) return null;
  return {
    status: 400,
    code: 'MALFORMED_REQUEST',
    message: 'The path holds an escape that is not valid UTF-8, or a control character.',
    keepAlive: true,
  };
}

/** The methods Next serves; it answers TRACE, for one, with 500. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Next answers 500 to a router-state header it cannot parse; its own client never sends one. */
function refuseMalformedHeaders(request: IncomingMessage): Refusal | null {
  if (!METHODS.has(request.method ?? ''))
    return {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `${request.method} is not served here.`,
      keepAlive: true,
    };
  try {
    parseAndValidateFlightRouterState(request.headers['next-router-state-tree']);
    return null;
  } catch {
    return {
      status: 400,
      code: 'MALFORMED_REQUEST',
      message: 'The Next-Router-State-Tree header does not parse.',
      keepAlive: true,
    };
  }
}

/**
 * Makes the proxy headers that reach Next trustworthy, and refuses requests
 * too large to handle, before Next parses anything. Without TRUST_PROXY every
 * forwarded header is the socket's own truth; with it, the proxy's values are
 * kept only when they are well-formed, and replaced otherwise.
 */
export function sanitizeRequest(
  request: IncomingMessage,
  { trustProxy }: { trustProxy: boolean },
): Refusal | null {
  const refusal =
    refuseOversized(request) ?? refuseMalformedPath(request.url ?? '') ?? refuseMalformedHeaders(request);
  if (refusal) return refusal;
  const headers = request.headers;
  const socketAddress = plainAddress(request.socket.remoteAddress);
  const socketProto = (request.socket as TLSSocket).encrypted ? 'https' : 'http';
  const incoming = {
    for: first(headers['x-forwarded-for']),
    proto: first(headers['x-forwarded-proto']),
    host: first(headers['x-forwarded-host']),
    requestId: first(headers['x-request-id']),
  };
  for (const name of Object.keys(headers)) {
    if (
      name.startsWith('x-forwarded-') ||
      name === 'x-real-ip' ||
      name === 'forwarded' ||
      name === 'x-request-id'
    )
      delete headers[name];
  }
  const address = (trustProxy && proxiedAddress(incoming.for)) || socketAddress;
  if (address) headers['x-forwarded-for'] = address;
  headers['x-forwarded-proto'] = (trustProxy && proxiedProto(incoming.proto)) || socketProto;
  if (trustProxy && incoming.host && incoming.host.length <= 255 && HOST.test(incoming.host))
    headers['x-forwarded-host'] = incoming.host;
  headers['x-request-id'] =
    trustProxy && incoming.requestId && REQUEST_ID.test(incoming.requestId)
      ? incoming.requestId
      : randomUUID();
  // Next reads some headers from rawHeaders; keep the two views identical.
  request.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)],
  );
  return null;
}
