import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';

/** The verification reads nothing from the request: a body, if any, is never read. */
export function POST(request: Request) {
  return handleSignedInRequest(
    request,
    'the audit trail',
    ({ actor, context }) => verifyAuditChain({ actor, context }),
    routeQueries.none,
  );
}
