import { describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/status/route';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { useTestDatabases } from './harness';

// Outside `next start` there is no request scope for connection() to wait on; the handler is otherwise real.
vi.mock('next/server', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/server')>()),
  connection: async () => {},
}));

describe('GET /api/status tells its own time', () => {
  useTestDatabases('statustiming');

  it('answers the status document with a Server-Timing app;dur=<ms> header', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const timing = /^app;dur=(\d+(?:\.\d+)?)$/.exec(response.headers.get('server-timing') ?? '');
    expect(timing, response.headers.get('server-timing') ?? 'no Server-Timing').not.toBeNull();
    expect(Number(timing?.[1])).toBeGreaterThanOrEqual(0);
    const body = await response.json();
    const { generatedAt: _at, ...rest } = await getReleaseStatus();
    expect({ ...body, generatedAt: undefined }).toEqual({
      ...JSON.parse(JSON.stringify(rest)),
      generatedAt: undefined,
    });
  });
});
