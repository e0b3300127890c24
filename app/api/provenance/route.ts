import { connection, NextResponse } from 'next/server';
import { isDomainError, type RefusalCode } from '@/lib/errors';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';

const ROUTE = 'cell provenance';

const noStore = { 'Cache-Control': 'no-store' };

const statusFor: Partial<Record<RefusalCode, number>> = {
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
};

const unauthenticated = () =>
  NextResponse.json(
    { error: { code: 'UNAUTHENTICATED', message: 'Sign in to see where this cell came from.' } },
    { status: 401, headers: noStore },
  );

export async function GET(request: Request) {
  await connection();
  try {
    const actor = await getCurrentActor();
    if (!actor) return unauthenticated();
    const query = new URL(request.url).searchParams;
    const provenance = await readCellProvenance({
      actor,
      context: await getRequestContext(),
      collection: query.get('collection') ?? '',
      responsibility: query.get('responsibility') ?? '',
      environment: query.get('environment') ?? undefined,
    });
    return NextResponse.json(provenance, { headers: noStore });
  } catch (error) {
    return errorResponse(error);
  }
}

function errorResponse(error: unknown): NextResponse {
  if (isDomainError(error)) {
    return NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: statusFor[error.code] ?? 409, headers: noStore },
    );
  }
  console.error(`[one-roof] ${ROUTE} failed:`, error);
  return NextResponse.json(
    { error: { code: 'UNEXPECTED', message: 'The request failed unexpectedly; see the server log.' } },
    { status: 500, headers: noStore },
  );
}
