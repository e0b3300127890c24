import { checkpointQuery, listCheckpoints } from '@/lib/server/checkpoints/list-checkpoints';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(
    request,
    'the audit checkpoints',
    async ({ actor, context, query: { limit, beforeSize } }) =>
      listCheckpoints({ actor, context, limit, beforeSize }),
    checkpointQuery,
  );
}
