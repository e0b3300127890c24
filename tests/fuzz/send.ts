import { Agent, request as httpRequest } from 'node:http';

/** Every request gets this long to be answered in full; past it, the case is a hang. */
export const REQUEST_TIMEOUT_MS = 10_000;

export type RawRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
};

export type Outcome =
  | { kind: 'answered'; status: number; excerpt: string }
  | { kind: 'timeout' }
  | { kind: 'dropped'; error: string };

/**
 * One request on the lane's own keep-alive connection, as a browser reuses
 * one: a response that leaves the connection dead shows up as the next
 * request's timeout. Node's client is used raw so the test, not a fetch
 * implementation, decides the path bytes, Content-Length and body.
 */
export function send(options: { origin: string; agent: Agent; request: RawRequest }): Promise<Outcome> {
  const { hostname, port } = new URL(options.origin);
  const { method, path, headers, body } = options.request;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = httpRequest(
      {
        host: hostname,
        port,
        method,
        path,
        agent: options.agent,
        headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          settle({
            kind: 'answered',
            status: response.statusCode ?? 0,
            excerpt: Buffer.concat(chunks).toString('utf8').slice(0, 600),
          }),
        );
        response.on('error', (error) => settle({ kind: 'dropped', error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      req.destroy();
    }, REQUEST_TIMEOUT_MS);
    req.on('error', (error) => settle({ kind: 'dropped', error: error.message }));
    // The server may answer an oversized body before reading it and close; the answer is what counts.
    if (body) req.write(body, () => {});
    req.end();
  });
}

/** One connection per lane, kept alive between its requests. */
export const laneAgent = () => new Agent({ keepAlive: true, maxSockets: 1 });
