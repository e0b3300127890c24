import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FORGET_MS,
  isStale,
  liveEntry,
  RETRY_DELAY_MS,
  refreshLive,
  STALE_MS,
  subscribeLive,
} from '@/components/live/live-store';

let counter = 0;
const freshKey = () => `test-${++counter}`;

/** A read whose answers are scripted: a value resolves, an Error rejects. */
function scripted<T>(...answers: Array<T | Error>) {
  const read = vi.fn(async () => {
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no answer scripted');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return read;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the shared live store', () => {
  it('shares one read among callers while it is in flight', async () => {
    const entry = liveEntry<number>(freshKey());
    const read = scripted(1, 2);
    await Promise.all([refreshLive(entry, read), refreshLive(entry, read), refreshLive(entry, read)]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(entry.snapshot.data).toBe(1);
    await refreshLive(entry, read);
    expect(read).toHaveBeenCalledTimes(2);
    expect(entry.snapshot.data).toBe(2);
  });

  it.each([
    { answers: [new Error('down'), 7], data: 7, error: null, reads: 2 },
    { answers: [new Error('down'), new Error('still down')], data: 3, error: 'still down', reads: 2 },
    { answers: [8], data: 8, error: null, reads: 1 },
  ])('retries once after a failure: $answers.length answers → data $data, error $error', async (row) => {
    const entry = liveEntry<number>(freshKey(), { data: 3 });
    const read = scripted<number>(...row.answers);
    const done = refreshLive(entry, read);
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS);
    await done;
    expect(read).toHaveBeenCalledTimes(row.reads);
    expect(entry.snapshot.data).toBe(row.data);
    expect(entry.snapshot.error?.message ?? null).toBe(row.error);
  });

  it('does not retry before the delay has passed', async () => {
    const entry = liveEntry<number>(freshKey());
    const read = scripted<number>(new Error('down'), 5);
    const done = refreshLive(entry, read);
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS - 1);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps the last data through a failure and clears the error on the next success', async () => {
    const entry = liveEntry<string>(freshKey(), { data: 'first paint' });
    const failing = refreshLive(entry, scripted<string>(new Error('a'), new Error('b')));
    await vi.advanceTimersByTimeAsync(RETRY_DELAY_MS);
    await failing;
    expect(entry.snapshot).toMatchObject({ data: 'first paint', error: new Error('b') });
    await refreshLive(entry, scripted('next'));
    expect(entry.snapshot).toMatchObject({ data: 'next', error: null });
  });

  it('seeds an entry once: a later seed never replaces data already read', async () => {
    const key = freshKey();
    const seeded = liveEntry<string>(key, { data: 'server', updatedAt: 42 });
    expect(seeded.snapshot).toMatchObject({ data: 'server', updatedAt: 42 });
    await refreshLive(seeded, scripted('live'));
    expect(liveEntry<string>(key, { data: 'another server paint' }).snapshot.data).toBe('live');
  });

  it.each([
    { data: undefined, age: 0, stale: true },
    { data: 1, age: 0, stale: false },
    { data: 1, age: STALE_MS - 1, stale: false },
    { data: 1, age: STALE_MS, stale: true },
  ])('data $data read $age ms ago is stale: $stale', ({ data, age, stale }) => {
    const now = 1_000_000;
    const entry = liveEntry<number>(freshKey(), { data, updatedAt: now - age });
    expect(isStale(entry, now)).toBe(stale);
  });

  it('tells every listener, with the request already cleared so a listener can read again', async () => {
    const key = freshKey();
    const entry = liveEntry<number>(key);
    const read = scripted(1, 2);
    const seen: Array<number | undefined> = [];
    const stop = subscribeLive(key, () => {
      seen.push(entry.snapshot.data);
      if (entry.snapshot.data === 1) void refreshLive(entry, read);
    });
    await refreshLive(entry, read);
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    expect(read).toHaveBeenCalledTimes(2);
    stop();
  });

  it('forgets an entry nobody has read for a while, and keeps one read again in time', async () => {
    const kept = freshKey();
    const dropped = freshKey();
    liveEntry(kept, { data: 'kept' });
    liveEntry(dropped, { data: 'dropped' });
    subscribeLive(kept, () => {})();
    subscribeLive(dropped, () => {})();
    await vi.advanceTimersByTimeAsync(FORGET_MS - 1);
    const stillReading = subscribeLive(kept, () => {});
    await vi.advanceTimersByTimeAsync(FORGET_MS);
    expect(liveEntry(kept).snapshot.data).toBe('kept');
    expect(liveEntry(dropped).snapshot.data).toBeUndefined();
    stillReading();
  });
});
