import 'server-only';
import type { Socket } from 'node:net';

const MAX_MESSAGE = 16_384;

/** Why a connection was refused, as the SQLSTATE the client is told. */
export class Refusal extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads whole protocol messages from a socket that is not yet handed to PGlite. */
export class MessageReader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private closed = false;
  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }
  private onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.waiting?.();
  };
  private async need(bytes: number): Promise<void> {
    while (this.buffer.length < bytes) {
      if (this.closed) throw new Refusal('08006', 'the client went away during authentication');
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = null;
    }
  }
  private take(bytes: number): Buffer {
    const taken = this.buffer.subarray(0, bytes);
    this.buffer = this.buffer.subarray(bytes);
    return taken;
  }
  /** A startup-phase message: length, then a code, no type byte. */
  async untyped(): Promise<{ code: number; bytes: Buffer }> {
    await this.need(8);
    const length = this.buffer.readInt32BE(0);
    if (length < 8 || length > MAX_MESSAGE) throw new Refusal('08P01', 'invalid startup packet length');
    await this.need(length);
    const bytes = Buffer.from(this.take(length));
    return { code: bytes.readInt32BE(4), bytes };
  }
  async typed(expected: string): Promise<Buffer> {
    await this.need(5);
    const type = String.fromCharCode(this.buffer[0] ?? 0);
    const length = this.buffer.readInt32BE(1);
    if (type !== expected) throw new Refusal('28000', `expected a password message, got "${type}"`);
    if (length < 4 || length > MAX_MESSAGE) throw new Refusal('08P01', 'invalid message length');
    await this.need(1 + length);
    return Buffer.from(this.take(1 + length).subarray(5));
  }
  /** Stops reading, and returns what arrived beyond the last message. */
  detach(): Buffer {
    this.socket.pause();
    this.socket.removeListener('data', this.onData);
    return this.buffer;
  }
}
