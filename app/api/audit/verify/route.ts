import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function POST(request: Request) {
  return handleSignedInRequest(request, 'the audit trail', ({ actor, context }) =>
    verifyAuditChain({ actor, context }),
  );
}
