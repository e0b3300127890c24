import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepProtocolSequencesTogether } from '@/lib/embedded/keep-protocol-sequences-together';

/** Just enough of the PostgreSQL wire protocol to interleave two connections by hand. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const parse = (sql: string) => message('P', Buffer.concat([cstring(''), cstring(sql), int16(0)]));
const bind = (values: string[]) =>
  message(
    'B',
    Buffer.concat([
      cstring(''),
      cstring(''),
      int16(0),
      int16(values.length),
      ...values.flatMap((v) => [int32(Buffer.byteLength(v)), Buffer.from(v)]),
      int16(0),
    ]),
  );
const execute = () => message('E', Buffer.concat([cstring(''), int32(0)]));
const sync = () => message('S', Buffer.alloc(0));

async function connect(address: string): Promise<{ socket: net.Socket; received: () => string }> {
  const [host, port] = address.split(':') as [string, string];
  const socket = net.connect(Number(port), host);
  let data = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    data = Buffer.concat([data, chunk]);
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  socket.write(Buffer.concat([int32(params.length + 8), int32(196608), params]));
  await settle();
  data = Buffer.alloc(0);
  return { socket, received: () => data.toString('latin1') };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the embedded server keeps each connection’s protocol sequences together', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  beforeEach(async () => {
    db = new PGlite();
    await db.waitReady;
    server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
    keepProtocolSequencesTogether(server);
    await server.start();
  });
  afterEach(async () => {
    await server.stop();
    await db.close();
  });

  it('does not let a second connection replace the first one’s statement between Parse and Bind', async () => {
    const a = await connect(server.getServerConn());
    const b = await connect(server.getServerConn());
    a.socket.write(parse('SELECT $1::int + $2::int AS a_sum'));
    await settle();
    b.socket.write(Buffer.concat([parse('SELECT $1::text AS b_text'), bind(['from b']), execute(), sync()]));
    await settle();
    a.socket.write(Buffer.concat([bind(['1', '2']), execute(), sync()]));
    await settle();
    expect(a.received()).not.toContain('bind message supplies');
    expect(a.received()).toContain('3');
    expect(b.received()).toContain('from b');
    a.socket.destroy();
    b.socket.destroy();
  });

  it('keeps serving after a connection leaves in the middle of a sequence', async () => {
    const a = await connect(server.getServerConn());
    a.socket.write(parse('SELECT 1'));
    await settle();
    a.socket.destroy();
    await settle();
    const client = new pg.Client({
      connectionString: `postgresql://postgres@${server.getServerConn()}/postgres`,
    });
    await client.connect();
    const result = await client.query('SELECT $1::text AS still', ['serving']);
    await client.end();
    expect(result.rows[0]).toEqual({ still: 'serving' });
  });
});
