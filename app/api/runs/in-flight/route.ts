import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { listRunsInFlight } from '@/lib/server/runner/list-runs-in-flight';

export function GET() {
  return handleSignedInRequest('runs in flight', async () => ({ runs: await listRunsInFlight() }));
}
