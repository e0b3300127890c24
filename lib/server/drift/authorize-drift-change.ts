import 'server-only';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import type { Permission } from '@/lib/server/auth/permissions';

/**
 * The permission check of a change to an environment's drift, and who, from
 * where and on what its audit events name: a refusal names the environment as asked, cut to the
 * length of a real one.
 */
export async function authorizeDriftChange(options: {
  actor: Actor;
  context: RequestContext;
  environment: unknown;
  permission: Permission;
}): Promise<{ named: string; scope: { actor: Actor; context: RequestContext; target: string } }> {
  const named = String(options.environment).slice(0, 64);
  const target = `drift:${named}`;
  await authorize({ actor: options.actor, context: options.context, permission: options.permission, target });
  return { named, scope: { actor: options.actor, context: options.context, target } };
}
