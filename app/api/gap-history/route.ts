import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { routeQueries } from '@/lib/server/http/parse-route-queries';
import { getGapHistory } from '@/lib/server/release/get-gap-history';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'the gap history', () => getGapHistory(), routeQueries.none);
}
