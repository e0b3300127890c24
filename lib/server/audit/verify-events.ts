// No 'server-only' here: the offline verifier runs this same code against an exported file.
import { GENESIS_HASH, type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';

/** An event as exported and as read back from the database: the hashed fields plus the stored hash. */
export type ExportedEvent = HashedEvent & { hash: string };

/** The chain head as recorded apart from the events; null when the source has none to compare with. */
export type ChainHead = { seq: string; hash: string };

export type BrokenEvent = { seq: string; id: string | null; problem: string };

export type VerifyResult = { intact: boolean; events: number; firstBroken: BrokenEvent | null };

/**
 * Recomputes the hash chain over events in seq order and names the first
 * event that breaks it. The chain must start at seq 1 and end at the head:
 * without the head, deleting the newest events would leave a shorter chain
 * that still links up.
 */
export function verifyEvents(options: { events: ExportedEvent[]; head: ChainHead | null }): VerifyResult {
  const verifier = new ChainVerifier(options.head);
  for (const event of options.events) verifier.push(event);
  return verifier.finish();
}

/**
 * The same check fed one event at a time, holding only the previous event, so
 * a chain of any length is verified in constant memory as it is read.
 */
export class ChainVerifier {
  private previous: ExportedEvent | null = null;
  private last: ExportedEvent | null = null;
  /** The first event past the head, kept to name it if the chain runs on beyond the head. */
  private stray: ExportedEvent | null = null;
  private broken: BrokenEvent | null = null;
  private count = 0;
  private readonly strayAt: string | null;

  constructor(private readonly head: ChainHead | null) {
    const headSeq = head ? parseSeq(head.seq) : null;
    this.strayAt = headSeq === null ? (head?.seq === '0' ? '1' : null) : String(headSeq + 1n);
  }

  push(event: ExportedEvent): void {
    this.count += 1;
    this.last = event;
    if (!this.stray && event.seq === this.strayAt) this.stray = event;
    if (this.broken) return;
    this.broken = checkLink(event, this.previous);
    this.previous = event;
  }

  finish(): VerifyResult {
    const firstBroken = this.broken ?? checkHead(this.last, this.stray, this.head);
    return { intact: firstBroken === null, events: this.count, firstBroken };
  }
}

function checkLink(event: ExportedEvent, previous: ExportedEvent | null): BrokenEvent | null {
  const at = { seq: event.seq, id: event.id };
  const seq = parseSeq(event.seq);
  if (seq === null) return { ...at, problem: `seq "${event.seq}" is not a positive whole number` };
  const expectedSeq = previous ? BigInt(previous.seq) + 1n : 1n;
  if (seq > expectedSeq) return { ...at, problem: missingBefore(expectedSeq, seq) };
  if (seq < expectedSeq) {
    return {
      ...at,
      problem: `event seq ${event.seq} is out of order: seq ${expectedSeq} was expected after ${previous ? `seq ${previous.seq}` : 'the start of the chain'}`,
    };
  }
  // hashEvent reads only the hashed fields, so the event's own hash is left out without a copy.
  if (hashEvent(event) !== event.hash) return { ...at, problem: 'hash does not match its contents' };
  const expectedPrevHash = previous ? previous.hash : GENESIS_HASH;
  if (event.prevHash !== expectedPrevHash) {
    return {
      ...at,
      problem: previous
        ? `prevHash does not match the hash of the previous event seq ${previous.seq}`
        : 'prevHash is not the genesis hash, though this is the first event of the chain',
    };
  }
  return null;
}

function checkHead(
  last: ExportedEvent | null,
  stray: ExportedEvent | null,
  head: ChainHead | null,
): BrokenEvent | null {
  if (!head) return null;
  const headSeq = parseSeq(head.seq) ?? (head.seq === '0' ? 0n : null);
  if (headSeq === null)
    return { seq: head.seq, id: null, problem: `the head's seq "${head.seq}" is not a whole number` };
  const lastSeq = last ? BigInt(last.seq) : 0n;
  const lastHash = last ? last.hash : GENESIS_HASH;
  if (headSeq > lastSeq) {
    const missing = lastSeq + 1n;
    return {
      seq: String(missing),
      id: null,
      problem:
        missing === headSeq
          ? `event ${missing} is missing: the newest event was deleted (the head records seq ${head.seq})`
          : `events ${missing}–${head.seq} are missing: the newest events were deleted (the head records seq ${head.seq})`,
    };
  }
  if (last && headSeq < lastSeq) {
    const newer = stray ?? last;
    return {
      seq: newer.seq,
      id: newer.id,
      problem: `event seq ${newer.seq} is newer than the head (seq ${head.seq}): it was added outside the chain`,
    };
  }
  if (head.hash !== lastHash) {
    return last
      ? { seq: last.seq, id: last.id, problem: `hash does not match the head's hash for seq ${head.seq}` }
      : { seq: head.seq, id: null, problem: 'the head of an empty chain is not the genesis hash' };
  }
  return null;
}

function missingBefore(expected: bigint, found: bigint): string {
  return found - expected === 1n
    ? `previous event seq ${expected} is missing`
    : `previous events seq ${expected}–${found - 1n} are missing`;
}

function parseSeq(value: string): bigint | null {
  return /^[1-9][0-9]*$/.test(value) ? BigInt(value) : null;
}
