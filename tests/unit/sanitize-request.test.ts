import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from '@/scripts/lib/answer-client-error';
import { answerRefusal } from '@/scripts/lib/answer-refusal';
import {
  MAX_BODY_BYTES,
  MAX_DRAINED_BYTES,
  MAX_URL_LENGTH,
  sanitizeRequest,
} from '@/scripts/lib/sanitize-request';
import { RawConnection } from '../integration/edge-raw-connection';

/** A real node:http server that answers with the headers sanitizeRequest left, or its refusal. */
function serve(trustProxy: boolean): Promise<Server> {
  const server = createServer((request, response) => {
    const refusal = sanitizeRequest(request, { trustProxy });
    if (refusal) return answerRefusal(request, response, refusal);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ headers: request.headers, raw: request.rawHeaders }));
  });
  server.on('clientError', answerClientError);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type Answer = {
  status: number;
  body: { headers: IncomingHttpHeaders; raw: string[]; code?: string; error?: { code: string } };
};

function send(
  server: Server,
  options: { path?: string; method?: string; headers?: Record<string, string>; body?: Buffer },
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    // The server may answer and close before an oversized body is written: that is the point.
    req.end(options.body);
  });
}

const spoofed = {
  'X-Forwarded-For': '203.0.113.7',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Port': '443',
  'X-Real-IP': '203.0.113.8',
  Forwarded: 'for=203.0.113.9;proto=https',
  'X-Request-Id': 'attacker-chosen-request-id',
};

describe('sanitizeRequest without TRUST_PROXY', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(false);
  });
  afterAll(() => server.close());

  it('replaces every spoofed proxy header with the socket truth', async () => {
    const { body } = await send(server, { headers: spoofed });
    expect(body.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(body.headers['x-forwarded-proto']).toBe('http');
    expect(body.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.headers['x-request-id']).not.toBe(spoofed['X-Request-Id']);
    for (const gone of ['x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'forwarded'])
      expect(body.headers[gone]).toBeUndefined();
    // The raw view Next may read agrees with the parsed one.
    const raw = body.raw.join('\n');
    expect(raw).not.toContain('203.0.113');
    expect(raw).not.toContain('evil.example');
  });

  it('gives every request its own id', async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(() => send(server, {}).then((a) => a.body.headers['x-request-id'])),
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe('sanitizeRequest with TRUST_PROXY=1', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(true);
  });
  afterAll(() => server.close());

  it('keeps well-formed values from the proxy, taking the address the proxy appended', async () => {
    const { body } = await send(server, {
      headers: {
        ...spoofed,
        'X-Forwarded-For': '198.51.100.1, 203.0.113.7',
        'X-Request-Id': 'req-0123456789',
      },
    });
    expect(body.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(body.headers['x-forwarded-proto']).toBe('https');
    expect(body.headers['x-forwarded-host']).toBe('evil.example');
    expect(body.headers['x-request-id']).toBe('req-0123456789');
    expect(body.headers['x-real-ip']).toBeUndefined();
  });

  const malformed: Array<[string, Record<string, string>, string, string]> = [
    ['a non-address', { 'X-Forwarded-For': 'not-an-ip' }, 'x-forwarded-for', '127.0.0.1'],
    [
      'a trailing garbage entry',
      { 'X-Forwarded-For': '203.0.113.7, <script>' },
      'x-forwarded-for',
      '127.0.0.1',
    ],
    ['an endless chain', { 'X-Forwarded-For': '10.0.0.1, '.repeat(200) }, 'x-forwarded-for', '127.0.0.1'],
    ['an odd scheme', { 'X-Forwarded-Proto': 'javascript' }, 'x-forwarded-proto', 'http'],
  ];
  it.each(malformed)('replaces %s with the socket truth', async (_label, headers, name, expected) => {
    const { body } = await send(server, { headers });
    expect(body.headers[name]).toBe(expected);
  });

  it.each([['x'], ['a'.repeat(500)], ['id with spaces'], ['../../etc/passwd']])(
    'replaces the request id %j with a fresh one',
    async (id) => {
      const { body } = await send(server, { headers: { 'X-Request-Id': id } });
      expect(body.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('drops a malformed forwarded host', async () => {
    const { body } = await send(server, { headers: { 'X-Forwarded-Host': 'evil.example/path?x' } });
    expect(body.headers['x-forwarded-host']).toBeUndefined();
  });
});

describe('sanitizeRequest bounds', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serve(false);
  });
  afterAll(() => server.close());

  it('refuses a 2 MB body from its Content-Length, and the client sees the refusal every time', async () => {
    const body = Buffer.alloc(2 * MAX_BODY_BYTES, 'a');
    for (let i = 0; i < 10; i++) {
      const answer = await send(server, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) },
        body,
      });
      expect(answer.status).toBe(413);
      expect(answer.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('refuses a body of unannounced length', async () => {
    const answer = await send(server, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } });
    expect(answer.status).toBe(411);
  });

  it('refuses a URL above the limit', async () => {
    const answer = await send(server, { path: `/?q=${'a'.repeat(MAX_URL_LENGTH)}` });
    expect(answer.status).toBe(414);
  });

  // Node's parser stops at 16 kB of URL and headers; the client must see the refusal, not a reset connection.
  it('answers a 100 kB URL with 431, every time', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await send(server, { path: `/?q=${'a'.repeat(100 * 1024)}` });
      expect(answer.status).toBe(431);
      expect(answer.body.error?.code).toBe('HEADERS_TOO_LARGE');
    }
  });

  // A body after a HEAD answer is read by the client as a broken next response ("Data after Connection: close").
  it.each([
    ['a URL above the limit', MAX_URL_LENGTH + 10, 414],
    ['a 100 kB URL', 100 * 1024, 431],
  ])('answers a HEAD with %s without a body', async (_what, length, status) => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: `/?q=${'a'.repeat(length)}`, method: 'HEAD' },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({ status, bytes: 0 });
  });

  it('lets an ordinary request through', async () => {
    const answer = await send(server, { method: 'POST', body: Buffer.from('{"a":1}') });
    expect(answer.status).toBe(200);
  });
});

describe('sanitizeRequest paths and kept-alive refusals', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = await serve(false);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const malformed = [
    ['a broken escape', '/api/runs/%zz'],
    ['a lone percent sign', '/runs/50%'],
    ['a truncated escape', '/runs/%E'],
    ['an overlong UTF-8 escape', '/api/runs/%C0%AF'],
    ['a truncated UTF-8 sequence', '/runs/%E0%A4'],
    ['a lone surrogate', '/runs/%ED%A0%80'],
    ['an escaped NUL', '/api/runs/%00'],
    ['an escaped line break', '/runs/a%0D%0Ab'],
    ['an escaped DEL', '/runs/%7F'],
  ];
  it.each(malformed)('refuses a path with %s, and the socket answers again', async (_label, target) => {
    const connection = await RawConnection.open(origin);
    const answer = await connection.exchange(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('MALFORMED_REQUEST');
    const next = await connection.exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(next.status).toBe(200);
    connection.close();
  });

  const wellFormed = [
    ['an escaped slash', '/api/runs/a%2Fb'],
    ['an escaped emoji', '/runs/%F0%9F%98%80'],
    ['a broken escape in the query only', '/api/status?a=%zz'],
    ['a control character in the query only', '/api/status?a=%00'],
  ];
  it.each(wellFormed)('lets a path with %s through', async (_label, target) => {
    expect((await send(server, { path: target })).status).toBe(200);
  });

  const tree = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  const headerCases: Array<[string, string, number]> = [
    ['a TRACE', 'TRACE / HTTP/1.1\r\nHost: x\r\n\r\n', 405],
    [
      'a router state that is no JSON',
      'GET / HTTP/1.1\r\nHost: x\r\nNext-Router-State-Tree: garbage\r\n\r\n',
      400,
    ],
    [
      'a router state with a broken escape',
      'GET / HTTP/1.1\r\nHost: x\r\nNext-Router-State-Tree: %zz\r\n\r\n',
      400,
    ],
    [
      'a router state of the wrong shape',
      `GET / HTTP/1.1\r\nHost: x\r\nNext-Router-State-Tree: ${tree({})}\r\n\r\n`,
      400,
    ],
    [
      'a router state sent twice',
      `GET / HTTP/1.1\r\nHost: x\r\nNext-Router-State-Tree: ${tree(['', {}])}\r\nNext-Router-State-Tree: ${tree(['', {}])}\r\n\r\n`,
      400,
    ],
    [
      'a router state as Next sends it',
      `GET / HTTP/1.1\r\nHost: x\r\nNext-Router-State-Tree: ${tree(['', { children: ['runs', { children: ['__PAGE__', {}] }] }])}\r\n\r\n`,
      200,
    ],
  ];
  it.each(headerCases)(
    'answers %s with %s, and the socket answers again',
    async (_label, request, status) => {
      const connection = await RawConnection.open(origin);
      const answer = await connection.exchange(request);
      expect(answer.status).toBe(status);
      if (status !== 200) expect(JSON.parse(answer.body).error.code).toBeTruthy();
      const next = await connection.exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(next.status).toBe(200);
      connection.close();
    },
  );

  it('refuses a body over the limit on the open connection, which then answers the next request', async () => {
    const connection = await RawConnection.open(origin);
    const size = 2 * MAX_BODY_BYTES;
    const answer = await connection.exchange(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`,
      Buffer.alloc(size, 'a'),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).not.toBe('close');
    const next = await connection.exchange('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(next.status).toBe(200);
    connection.close();
  });

  it('closes the connection after refusing a body too large to discard', async () => {
    const connection = await RawConnection.open(origin);
    const answer = await connection.exchange(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_DRAINED_BYTES + 1}\r\n\r\n`,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    connection.close();
  });
});
