import type { Duplex } from 'node:stream';
import { refuseRequest } from './refuse-request';

/** Requests Node cannot parse (URL and headers over its 16 kB limit, broken framing) get a JSON 4xx too. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  refuseRequest(
    socket,
    error.code === 'HPE_HEADER_OVERFLOW'
      ? { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The URL or headers are too large.' }
      : { status: 400, code: 'MALFORMED_REQUEST', message: 'The request is malformed.' },
  );
}
