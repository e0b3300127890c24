import type { Duplex } from 'node:stream';
import { refuseRequest } from './refuse-request';

/** Requests Node cannot parse (URL and headers over its 16 kB limit, broken framing) get a JSON 4xx too. */
export function answerClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Duplex,
): void {
  // The parser gave up before naming a method; the bytes it was given still show whether this was a HEAD.
  const method = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ' ? 'HEAD' : undefined;
  refuseRequest(
    socket,
    error.code === 'HPE_HEADER_OVERFLOW'
      ? { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The URL or headers are too large.' }
      : { status: 400, code: 'MALFORMED_REQUEST', message: 'The request is malformed.' },
    method,
  );
}
