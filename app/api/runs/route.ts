import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { listRuns } from '@/lib/server/runner/list-runs';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'runs', async () => ({
    runs: await listRuns({ limit: Number(new URL(request.url).searchParams.get('limit') ?? 25) || 25 }),
  }));
}
