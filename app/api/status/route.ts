import { performance } from 'node:perf_hooks';
import { connection, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';

/** `app;dur=` is the handler's own time, so the bench can tell the server's share from the network's. */
function headers(started: number): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    'Server-Timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
  };
}

export async function GET() {
  const started = performance.now();
  await connection();
  try {
    // Serialized before the clock stops, so the figure covers all the handler does.
    const body = JSON.stringify(await getReleaseStatus());
    return new NextResponse(body, {
      headers: { 'Content-Type': 'application/json', ...headers(started) },
    });
  } catch (error) {
    if (isDomainError(error)) {
      return NextResponse.json(
        // The headline, not the message: a message may name files or hosts.
        { error: { code: error.code, message: error.headline } },
        { status: 503, headers: headers(started) },
      );
    }
    console.error('[one-roof] release status unavailable:', error);
    return NextResponse.json(
      { error: { code: 'UNAVAILABLE', message: 'The release status could not be read.' } },
      { status: 503, headers: headers(started) },
    );
  }
}
