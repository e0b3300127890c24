import { describeSigningKey } from '@/lib/server/attestation/describe-signing-key';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request) {
  return handleSignedInRequest(request, 'the signing key', describeSigningKey);
}
