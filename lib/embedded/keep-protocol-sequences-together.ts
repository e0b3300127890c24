import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

type QueuedMessage = {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
};

type QueryQueue = {
  queue: QueuedMessage[];
  processing: boolean;
  db: PGlite;
  lastHandlerId: number | null;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
};

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush

/**
 * pglite-socket queues each protocol message on its own and keeps one
 * connection's messages together only inside a transaction. Every connection
 * shares PGlite's single backend, so outside a transaction two connections'
 * Parse/Bind/Execute/Sync sequences can interleave: one query then runs with
 * another's unnamed statement or parameters (seen here as wrong results and as
 * "bind message supplies 4 parameters, but prepared statement requires 3").
 * This replaces the queue's scheduler so that a connection that has begun an
 * extended-protocol sequence keeps the backend until its Sync. It also keeps
 * the queue running after a failed message, which the original does not.
 */
export function keepProtocolSequencesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function') {
    throw new Error('pglite-socket changed: its query queue is not where this patch expects it');
  }
  let midSequence: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner =
          this.db.isInTransaction() && this.lastHandlerId !== null ? this.lastHandlerId : midSequence;
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        // The owner's next message has not arrived yet: wait for it, serve nobody else.
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = null;
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        const type = item.message[0] ?? 0;
        if (type === SYNC || type === SIMPLE_QUERY) midSequence = null;
        else if (EXTENDED.has(type)) midSequence = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    // A connection that left mid-sequence must not hold the backend for ever.
    if (midSequence === handlerId) midSequence = null;
    void queue.processQueue();
  };
}
