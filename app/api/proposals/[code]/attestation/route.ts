import { attestProposal } from '@/lib/server/attestation/attest-proposal';
import { handleSignedInRequest } from '@/lib/server/http/handle-signed-in-request';

export function GET(request: Request, context: { params: Promise<{ code: string }> }) {
  return handleSignedInRequest(request, 'the attestation', async ({ actor }) => {
    const code = (await context.params).code;
    const envelope = await attestProposal({ actor, code });
    return Response.json(envelope, {
      headers: {
        'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="${code.replace(/[^A-Za-z0-9-]/g, '_')}.attestation.json"`,
      },
    });
  });
}
