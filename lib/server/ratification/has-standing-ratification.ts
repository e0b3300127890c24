import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** Whether the person has a ratification of the proposal at this digest that has not been revoked. */
export async function hasStandingRatification(options: {
  code: string;
  digest: string;
  userId: string;
}): Promise<boolean> {
  const standing = await getControlPlane().ratification.findFirst({
    where: {
      proposalCode: options.code,
      bundleDigest: options.digest,
      approverId: options.userId,
      revokedAt: null,
    },
  });
  return standing !== null;
}
