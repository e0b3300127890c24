import 'server-only';
import { getControlPlane } from '@/lib/server/db/control-plane';

export async function findUserIdByEmail(options: { email: string }): Promise<string | null> {
  const user = await getControlPlane().user.findUnique({
    where: { email: options.email.trim().toLowerCase() },
    select: { id: true },
  });
  return user?.id ?? null;
}
