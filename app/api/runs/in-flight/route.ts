import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';
import { listRunsInFlight } from '@/lib/server/runner/list-runs-in-flight';

export function GET(request: Request) {
  return handleSignedInRequest(
    request,
    'runs in flight',
    async () => ({ runs: await listRunsInFlight() }),
    routeQueries.none,
  );
}
