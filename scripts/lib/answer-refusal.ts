import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusalHead, refuseRequest } from './refuse-request';
import type { Refusal } from './sanitize-request';

/**
 * Answers a refusal from sanitizeRequest. One marked keepAlive goes out on the
 * open connection: Node reads and discards the unread body once the answer is
 * sent, and the same socket then serves the client's next request.
 */
export function answerRefusal(request: IncomingMessage, response: ServerResponse, refusal: Refusal): void {
  if (!refusal.keepAlive) {
    refuseRequest(request.socket, refusal, request.method);
    return;
  }
  const { body, headers } = refusalHead(refusal);
  response.writeHead(refusal.status, headers);
  response.end(body);
}
