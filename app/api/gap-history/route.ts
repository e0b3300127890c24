import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';
import { getGapHistory } from '@/lib/server/release/get-gap-history';

export function GET() {
  return handleSignedInRequest('the gap history', () => getGapHistory());
}
