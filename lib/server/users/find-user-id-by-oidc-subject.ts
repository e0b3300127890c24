import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';

export async function findUserIdByOidcSubject(options: { subject: string }): Promise<string | null> {
  const user = await getControlPlane().user.findUnique({
    where: { oidcSubject: options.subject },
    select: { id: true },
  });
  return user?.id ?? null;
}
