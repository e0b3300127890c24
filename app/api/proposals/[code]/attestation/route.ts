import { attestProposal } from '@/lib/server/attestation/attest-proposal';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request, route: { params: Promise<{ code: string }> }) {
  return handleSignedInRequest(request, 'the attestation', async ({ actor, context }) => {
    const code = (await route.params).code;
    const envelope = await attestProposal({ actor, context, code });
    return Response.json(envelope, {
      headers: {
        'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="${code.replace(/[^A-Za-z0-9-]/g, '_')}.attestation.json"`,
      },
    });
  });
}
