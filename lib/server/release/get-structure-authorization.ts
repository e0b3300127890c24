import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type StructureAuthorizationView = { authorizedBy: string; authorizedAt: string };

/** The owner's Option 3 authorization at one digest, or null while nobody has given it. */
export async function getStructureAuthorization(options: {
  bundleDigest: string;
}): Promise<StructureAuthorizationView | null> {
  const controlPlane = getControlPlane();
  const authorization = await controlPlane.structureAuthorization.findUnique({
    where: { bundleDigest: options.bundleDigest },
  });
  if (!authorization) return null;
  const owner = await controlPlane.user.findUnique({
    where: { id: authorization.authorizedById },
    select: { email: true },
  });
  return {
    authorizedBy: owner?.email ?? 'a former user',
    authorizedAt: authorization.createdAt.toISOString(),
  };
}
