import 'server-only';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import type { Permission } from '@/lib/server/auth/permissions';

/**
 * The permission check of a change to an environment's drift, and the names
 * its audit events use: a refusal names the environment as asked, cut to the
 * length of a real one.
 */
export async function authorizeDriftChange(options: {
  actor: Actor;
  context: RequestContext;
  environment: unknown;
  permission: Permission;
}): Promise<{ named: string; target: string }> {
  const named = String(options.environment).slice(0, 64);
  const target = `drift:${named}`;
  await authorize({ actor: options.actor, context: options.context, permission: options.permission, target });
  return { named, target };
}
