import { connection, NextResponse } from 'next/server';
import { isDomainError, type RefusalCode } from '@/lib/errors';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';

const ROUTE = 'audit event list';

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

export async function GET(request: Request) {
  await connection();
  try {
    const actor = await getCurrentActor();
    if (!actor) return unauthenticated();
    const query = new URL(request.url).searchParams;
    const param = (name: string) => query.get(name) ?? undefined;
    const events = await listAuditEvents({
      actor,
      context: await getRequestContext(),
      filters: {
        kind: param('kind'),
        actor: param('actor'),
        environment: param('environment'),
        from: param('from'),
        to: param('to'),
      },
      limit: param('limit'),
      beforeSeq: param('beforeSeq'),
    });
    return NextResponse.json({ events }, { headers: noStore });
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
