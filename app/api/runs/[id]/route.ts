import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { getRun } from '@/lib/server/runner/get-run';

export function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return handleSignedInRequest(request, 'this run', async () => getRun({ id: (await context.params).id }));
}
