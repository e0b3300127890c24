import { connection, NextResponse } from 'next/server';
import { isDomainError } from '@/lib/errors';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET() {
  await connection();
  try {
    return NextResponse.json(await getReleaseStatus(), { headers: noStore });
  } catch (error) {
    if (isDomainError(error)) {
      return NextResponse.json(
        // The headline, not the message: a message may name files or hosts.
        { error: { code: error.code, message: error.headline } },
        { status: 503, headers: noStore },
      );
    }
    console.error('[one-roof] release status unavailable:', error);
    return NextResponse.json(
      { error: { code: 'UNAVAILABLE', message: 'The release status could not be read.' } },
      { status: 503, headers: noStore },
    );
  }
}
