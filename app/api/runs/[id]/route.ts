import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { getRun } from '@/lib/server/runner/get-run';

export function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  return handleSignedInRequest('this run', async () => getRun({ id: (await context.params).id }));
}
