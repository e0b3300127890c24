import type { AuditExportFormat } from '@/lib/server/audit/export-audit-trail';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'the audit trail', async ({ actor, context }) => {
    const format = (new URL(request.url).searchParams.get('format') ?? 'json') as AuditExportFormat;
    const file = await exportAuditTrail({ actor, context, format });
    return new Response(file.body, {
      headers: {
        'Cache-Control': 'no-store',
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
      },
    });
  });
}
