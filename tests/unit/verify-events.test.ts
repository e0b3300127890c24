import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';
import { type ExportedEvent, verifyEvents } from '@/lib/server/audit/verify-events';

/** A chain built the way appendAuditEvent builds one: each event linked to the previous hash. */
function buildChain(length: number): { events: ExportedEvent[]; head: { seq: string; hash: string } } {
  const events: ExportedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const event: HashedEvent = {
      seq: String(seq),
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      kind: 'audit.verified',
      actorId: null,
      actorLabel: 'test',
      actorRoles: ['auditor'],
      target: 'audit:chain',
      digest: null,
      outcome: 'success',
      reason: null,
      requestId: `request-${seq}`,
      ip: '127.0.0.1',
      data: { intact: true, events: seq - 1 },
      createdAt: new Date(Date.UTC(2026, 10, 24, 10, 0, seq)).toISOString(),
      prevHash,
    };
    const hash = hashEvent(event);
    events.push({ ...event, hash });
    prevHash = hash;
  }
  const last = events.at(-1) as ExportedEvent;
  return { events, head: { seq: last.seq, hash: last.hash } };
}

describe('verifyEvents', () => {
  it('finds an untouched chain intact', () => {
    const { events, head } = buildChain(5);
    expect(verifyEvents({ events, head })).toEqual({ intact: true, events: 5, firstBroken: null });
  });

  it('finds an empty chain with the genesis head intact', () => {
    expect(verifyEvents({ events: [], head: { seq: '0', hash: GENESIS_HASH } })).toEqual({
      intact: true,
      events: 0,
      firstBroken: null,
    });
  });

  it('names the edited event', () => {
    const { events, head } = buildChain(5);
    events[2] = { ...(events[2] as ExportedEvent), reason: 'nothing to see here' };
    expect(verifyEvents({ events, head }).firstBroken).toEqual({
      seq: '3',
      id: events[2]?.id,
      problem: 'hash does not match its contents',
    });
  });

  it('names the event after an edited one whose hash was recomputed', () => {
    const { events, head } = buildChain(5);
    const { hash, ...fields } = events[1] as ExportedEvent;
    const edited = { ...fields, actorLabel: 'someone else' };
    expect(hashEvent(edited)).not.toBe(hash);
    events[1] = { ...edited, hash: hashEvent(edited) };
    const result = verifyEvents({ events, head });
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: '3', problem: expect.stringContaining('seq 2') });
  });

  it('names the event after a deleted middle event, and the missing seq', () => {
    const { events, head } = buildChain(5);
    events.splice(2, 1);
    const result = verifyEvents({ events, head });
    expect(result).toMatchObject({ intact: false, events: 4 });
    expect(result.firstBroken).toEqual({
      seq: '4',
      id: events[2]?.id,
      problem: 'previous event seq 3 is missing',
    });
  });

  it('names a deleted first event', () => {
    const { events, head } = buildChain(3);
    events.shift();
    expect(verifyEvents({ events, head }).firstBroken).toMatchObject({
      seq: '2',
      problem: 'previous event seq 1 is missing',
    });
  });

  it('names a deleted newest event through the head', () => {
    const { events, head } = buildChain(5);
    events.pop();
    expect(verifyEvents({ events, head }).firstBroken).toEqual({
      seq: '5',
      id: null,
      problem: 'event 5 is missing: the newest event was deleted (the head records seq 5)',
    });
  });

  it('cannot see a deleted newest event without a head, which is why the head exists', () => {
    const { events } = buildChain(5);
    events.pop();
    expect(verifyEvents({ events, head: null }).intact).toBe(true);
  });

  it('names the newest event when it no longer matches the head', () => {
    const { events, head } = buildChain(3);
    expect(verifyEvents({ events, head: { ...head, hash: 'f'.repeat(64) } }).firstBroken).toMatchObject({
      seq: '3',
      id: events[2]?.id,
      problem: expect.stringContaining("head's hash"),
    });
  });

  it('catches reordered events', () => {
    const { events, head } = buildChain(5);
    const [second, third] = [events[1] as ExportedEvent, events[2] as ExportedEvent];
    events[1] = third;
    events[2] = second;
    const result = verifyEvents({ events, head });
    expect(result.intact).toBe(false);
    expect(result.firstBroken?.seq).toBe('3');
  });

  it('catches events whose seq numbers were swapped along with their places', () => {
    const { events, head } = buildChain(5);
    const [second, third] = [events[1] as ExportedEvent, events[2] as ExportedEvent];
    events[1] = { ...third, seq: '2' };
    events[2] = { ...second, seq: '3' };
    expect(verifyEvents({ events, head }).firstBroken).toMatchObject({
      seq: '2',
      problem: 'hash does not match its contents',
    });
  });
});
