import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'the audit trail', async ({ actor, context }) => {
    const query = new URL(request.url).searchParams;
    const param = (name: string) => query.get(name) ?? undefined;
    const events = await listAuditEvents({
      actor,
      context,
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
    return { events };
  });
}
