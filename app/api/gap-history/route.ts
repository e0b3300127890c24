import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { getGapHistory } from '@/lib/server/release/get-gap-history';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'the gap history', () => getGapHistory());
}
