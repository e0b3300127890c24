import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';

export function GET(request: Request) {
  return handleSignedInRequest(
    request,
    'the audit trail',
    async ({ actor, context, query }) => {
      const file = await exportAuditTrail({ actor, context, format: query.format });
      return new Response(file.body, {
        headers: {
          'Cache-Control': 'no-store',
          'Content-Type': file.contentType,
          'Content-Disposition': `attachment; filename="${file.filename}"`,
        },
      });
    },
    routeQueries.auditExport,
  );
}
