import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { getReadiness } from '@/lib/server/release/get-readiness';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'readiness', () => getReadiness());
}
