import { connection, NextResponse } from 'next/server';
import { isDomainError, type RefusalCode } from '@/lib/errors';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';

const ROUTE = 'audit verification';

const noStore = { 'Cache-Control': 'no-store' };

const statusFor: Partial<Record<RefusalCode, number>> = {
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
};

const unauthenticated = () =>
  NextResponse.json(
    { error: { code: 'UNAUTHENTICATED', message: 'Sign in to read the audit trail.' } },
    { status: 401, headers: noStore },
  );

export async function POST() {
  await connection();
  try {
    const actor = await getCurrentActor();
    if (!actor) return unauthenticated();
    return NextResponse.json(await verifyAuditChain({ actor, context: await getRequestContext() }), {
      headers: noStore,
    });
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
