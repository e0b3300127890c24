import { ownershipCsv } from '@/lib/server/coverage/ownership-csv';
import { readOwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'ownership', async () => {
    const query = new URL(request.url).searchParams;
    const csv = query.get('format') === 'csv';
    const matrix = await readOwnershipMatrix({
      environment: query.get('environment') ?? 'production',
      search: query.get('search') ?? undefined,
      authority: query.get('authority') ?? undefined,
      offset: Number(query.get('offset') ?? 0),
      limit: csv ? 5000 : Number(query.get('limit') ?? 500),
    });
    if (!csv) return matrix;
    return new Response(ownershipCsv(matrix), {
      headers: {
        'Cache-Control': 'no-store',
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="ownership-${matrix.environment}.csv"`,
      },
    });
  });
}
