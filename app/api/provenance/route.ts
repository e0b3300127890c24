import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'where this cell came from', ({ actor, context }) => {
    const query = new URL(request.url).searchParams;
    return readCellProvenance({
      actor,
      context,
      collection: query.get('collection') ?? '',
      responsibility: query.get('responsibility') ?? '',
      environment: query.get('environment') ?? undefined,
    });
  });
}
