import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';

export function GET(request: Request) {
  return handleSignedInRequest(
    request,
    'the audit trail',
    async ({ actor, context, query: { limit, beforeSeq, ...filters } }) => ({
      events: await listAuditEvents({ actor, context, filters, limit, beforeSeq }),
    }),
    routeQueries.auditEvents,
  );
}
