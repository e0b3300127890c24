import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ApproverLevel } from '@/lib/generated/prisma/client';
import type { RoleName } from '@/lib/server/auth/roles';

export type RoleGrantView = { role: RoleName; level: ApproverLevel | null };

/** Who is acting, as loaded from the database for this request (never from a cookie alone). */
export type Actor = {
  /** The user's id; null for the CLI administrator and the system. */
  id: string | null;
  label: string;
  roles: RoleGrantView[];
};

/** Where a request came from, carried into every audit event. */
export type RequestContext = { requestId: string; ip: string | null };

export function newRequestContext(known: Partial<RequestContext> = {}): RequestContext {
  return { requestId: known.requestId ?? randomUUID(), ip: known.ip ?? null };
}

export const systemActor: Actor = { id: null, label: 'system', roles: [{ role: 'system', level: null }] };

export function cliAdministrator(osUser: string): Actor {
  return { id: null, label: `cli:${osUser}`, roles: [{ role: 'administrator', level: null }] };
}

export function approverLevelsOf(actor: Actor): ApproverLevel[] {
  return actor.roles.flatMap((grant) => (grant.role === 'approver' && grant.level ? [grant.level] : []));
}
