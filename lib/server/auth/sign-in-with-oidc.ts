import 'server-only';
import { readEnv } from '@/lib/env';
import type { ApproverLevel, Role } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

const OIDC_GRANTOR = 'oidc-group-map';

function rolesFromGroups(groups: string[]): { role: Role; level: ApproverLevel | null }[] {
  const map = readEnv().OIDC_ROLE_MAP ?? {};
  const specs = groups.flatMap((group) => {
    const mapped = map[group];
    return mapped === undefined ? [] : Array.isArray(mapped) ? mapped : [mapped];
  });
  const byRole = new Map<Role, ApproverLevel | null>();
  for (const spec of specs) {
    const [role, level] = spec.split(':') as [Role, ApproverLevel | undefined];
    const current = byRole.get(role);
    // An approver in two groups keeps the higher level.
    if (current === undefined || (level && (!current || level > current))) byRole.set(role, level ?? null);
  }
  return [...byRole].map(([role, level]) => ({ role, level }));
}

/**
 * Signs in a person the OIDC issuer vouched for: the user is created on first
 * sight, and the roles granted by the group map are brought in line with the
 * groups in this sign-in. Roles granted by hand (CLI) are left alone. A
 * disabled user, or one in no mapped group, is refused.
 */
export async function signInWithOidc(options: {
  profile: Record<string, unknown>;
  context: RequestContext;
}): Promise<{ id: string } | null> {
  const email = String(options.profile.email ?? '')
    .trim()
    .toLowerCase();
  const groups = Array.isArray(options.profile.groups) ? options.profile.groups.map(String) : [];
  const roles = rolesFromGroups(groups);
  const controlPlane = getControlPlane();
  return controlPlane.$transaction(async (tx) => {
    const refuse = async (why: string) => {
      const actor: Actor = { id: null, label: email || 'unknown', roles: [] };
      await appendAuditEvent(tx, {
        kind: 'auth.sign_in_failed',
        data: { email, why },
        actor,
        context: options.context,
        target: `user:${email}`,
        outcome: 'refused',
        reason: why,
      });
      return null;
    };
    if (!email || options.profile.email_verified === false)
      return refuse('the issuer gave no verified email');
    if (roles.length === 0) return refuse(`no mapped group among: ${groups.join(', ') || 'none'}`);
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing?.disabledAt) return refuse('disabled');
    const user =
      existing ??
      (await tx.user.create({
        data: { email, name: String(options.profile.name ?? email), passwordHash: null },
      }));
    const grants = await tx.roleGrant.findMany({ where: { userId: user.id, revokedAt: null } });
    for (const grant of grants) {
      const wanted = roles.find((r) => r.role === grant.role);
      if (grant.grantedBy === OIDC_GRANTOR && (!wanted || wanted.level !== grant.level)) {
        await tx.roleGrant.update({
          where: { id: grant.id },
          data: { revokedAt: new Date(), revokedBy: OIDC_GRANTOR },
        });
      }
    }
    const still = await tx.roleGrant.findMany({ where: { userId: user.id, revokedAt: null } });
    for (const role of roles) {
      if (!still.some((grant) => grant.role === role.role)) {
        await tx.roleGrant.create({
          data: { userId: user.id, role: role.role, level: role.level, grantedBy: OIDC_GRANTOR },
        });
      }
    }
    await appendAuditEvent(tx, {
      kind: 'auth.signed_in',
      data: { method: 'oidc' },
      actor: { id: user.id, label: email, roles },
      context: options.context,
      target: `user:${email}`,
      outcome: 'success',
    });
    return { id: user.id };
  });
}
