import 'server-only';
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { MessageReader, Refusal } from '@/lib/embedded/message-reader';

const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const SCRAM = 'SCRAM-SHA-256';
const ITERATIONS = 4096;
const AUTH_TIMEOUT_MS = 30_000;

type Keys = { salt: Buffer; storedKey: Buffer; serverKey: Buffer };

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

function deriveKeys(password: string): Keys {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return {
    salt,
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: hmac(salted, 'Server Key'),
  };
}

function authMessage(code: number, body = ''): Buffer {
  const payload = Buffer.from(body);
  const out = Buffer.alloc(9 + payload.length);
  out.write('R', 0);
  out.writeInt32BE(8 + payload.length, 1);
  out.writeInt32BE(code, 5);
  payload.copy(out, 9);
  return out;
}

function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const out = Buffer.alloc(5 + fields.length);
  out.write('E', 0);
  out.writeInt32BE(4 + fields.length, 1);
  fields.copy(out, 5);
  return out;
}

function attribute(message: string, name: string): string | undefined {
  return message
    .split(',')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** Runs the server side of SCRAM-SHA-256 (RFC 5802/7677, as PostgreSQL does it, without channel binding). */
async function scram(reader: MessageReader, socket: Socket, keys: Keys): Promise<void> {
  socket.write(authMessage(10, `${SCRAM}\0\0`));
  const initial = await reader.typed('p');
  const nul = initial.indexOf(0);
  if (nul < 0 || initial.subarray(0, nul).toString() !== SCRAM) {
    throw new Refusal('28000', `only ${SCRAM} is offered`);
  }
  const clientFirst = initial.subarray(nul + 5).toString();
  const gs2End = clientFirst.indexOf(',', clientFirst.indexOf(',') + 1);
  const gs2Header = clientFirst.slice(0, gs2End + 1);
  if (gs2End < 0 || !/^[ny],,$/.test(gs2Header)) {
    throw new Refusal('28000', 'channel binding is not offered on the loopback socket');
  }
  const clientFirstBare = clientFirst.slice(gs2End + 1);
  const clientNonce = attribute(clientFirstBare, 'r');
  if (!clientNonce) throw new Refusal('08P01', 'the SCRAM client nonce is missing');
  const nonce = clientNonce + randomBytes(18).toString('base64');
  const serverFirst = `r=${nonce},s=${keys.salt.toString('base64')},i=${ITERATIONS}`;
  socket.write(authMessage(11, serverFirst));

  const clientFinal = (await reader.typed('p')).toString();
  const proofAt = clientFinal.lastIndexOf(',p=');
  const withoutProof = clientFinal.slice(0, proofAt);
  const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
  const binding = attribute(withoutProof, 'c');
  const echoed = attribute(withoutProof, 'r');
  if (proofAt < 0 || binding !== Buffer.from(gs2Header).toString('base64') || echoed !== nonce) {
    throw new Refusal('08P01', 'malformed SCRAM final message');
  }
  const signed = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(keys.storedKey, signed);
  if (proof.length !== signature.length) throw new Refusal('28P01', 'password authentication failed');
  const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (signature[i] ?? 0)));
  const stored = createHash('sha256').update(clientKey).digest();
  if (!timingSafeEqual(stored, keys.storedKey)) {
    throw new Refusal('28P01', 'password authentication failed for user "postgres"');
  }
  socket.write(authMessage(12, `v=${hmac(keys.serverKey, signed).toString('base64')}`));
}

async function authenticate(socket: Socket, keys: Keys): Promise<Buffer | null> {
  const reader = new MessageReader(socket);
  const timer = setTimeout(() => socket.destroy(), AUTH_TIMEOUT_MS);
  try {
    for (;;) {
      const { code, bytes } = await reader.untyped();
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write('N');
        continue;
      }
      // A cancel request carries no password; PGlite has no backend to cancel anyway.
      if (code !== PROTOCOL_3) throw new Refusal('08P01', 'unsupported protocol or request');
      await scram(reader, socket, keys);
      return Buffer.concat([bytes, reader.detach()]);
    }
  } catch (error) {
    reader.detach();
    const refusal = error instanceof Refusal ? error : new Refusal('28000', 'authentication failed');
    // A refused client may never close its end; do not let it hold the server open.
    if (socket.writable) socket.end(fatal(refusal.sqlState, refusal.message), () => socket.destroy());
    else socket.destroy();
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * pglite-socket (0.2.17) has no authentication hook: PGlite answers any
 * startup message with AuthenticationOk. This puts SCRAM-SHA-256 in front of
 * it. A connection is handed to the socket server only after the client
 * proved the password; its startup message is then replayed, so PGlite's own
 * AuthenticationOk and parameters follow our SASL final message as they would
 * from PostgreSQL.
 */
export function requirePassword(server: PGLiteSocketServer, password: string): void {
  const target = server as unknown as {
    handleConnection: (socket: Socket) => Promise<void>;
    stop: () => Promise<void>;
  };
  if (typeof target.handleConnection !== 'function') {
    throw new Error('pglite-socket changed: handleConnection is not where this patch expects it');
  }
  const keys = deriveKeys(password);
  const handleConnection = target.handleConnection.bind(server);
  const stop = target.stop.bind(server);
  // Connections still authenticating are not the socket server's yet: stop must close them itself.
  const authenticating = new Set<Socket>();
  target.handleConnection = async (socket: Socket) => {
    authenticating.add(socket);
    const startup = await authenticate(socket, keys).finally(() => authenticating.delete(socket));
    if (!startup) return;
    socket.unshift(startup);
    await handleConnection(socket);
    socket.resume();
  };
  target.stop = async () => {
    for (const socket of authenticating) socket.destroy();
    await stop();
  };
}
