import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';
import { listRuns } from '@/lib/server/runner/list-runs';

export function GET(request: Request) {
  return handleSignedInRequest(
    request,
    'runs',
    async ({ query }) => ({ runs: await listRuns({ limit: query.limit }) }),
    routeQueries.runs,
  );
}
