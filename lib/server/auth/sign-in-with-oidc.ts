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
 * Signs in a person the OIDC issuer vouched for. The issuer's subject is the
 * identity: the account linked to it, or else a new account made on first
 * sight. An existing account with the same email is taken only if it has no
 * password and no other subject; a password account must first be linked by
 * an administrator (`users link-sso`). The roles granted by the group map are
 * brought in line with the groups in this sign-in; roles granted by hand
 * (CLI) are left alone. A disabled user, an unverified email, or a person in
 * no mapped group is refused.
 */
export async function signInWithOidc(options: {
  profile: Record<string, unknown>;
  context: RequestContext;
}): Promise<{ id: string } | null> {
  const email = String(options.profile.email ?? '')
    .trim()
    .toLowerCase()
    .slice(0, 255);
  const subject = typeof options.profile.sub === 'string' ? options.profile.sub.slice(0, 256) : '';
  const groups = Array.isArray(options.profile.groups)
    ? options.profile.groups.slice(0, 50).map((group) => String(group).slice(0, 100))
    : [];
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
    // Only a literal true counts: a missing claim or the string "true" is no verification.
    if (!subject || !email || email.length > 254 || options.profile.email_verified !== true)
      return refuse('the issuer gave no verified email');
    if (roles.length === 0) return refuse(`no mapped group among: ${groups.join(', ') || 'none'}`);
    const linked = await tx.user.findUnique({ where: { oidcSubject: subject } });
    const existing = linked ?? (await tx.user.findUnique({ where: { email } }));
    if (existing && !linked) {
      if (existing.oidcSubject) return refuse(`${email} is linked to another single sign-on subject`);
      if (existing.passwordHash !== null)
        return refuse(
          `${email} has a password account that an administrator has not linked to single sign-on`,
        );
    }
    if (existing?.disabledAt) return refuse('disabled');
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { oidcSubject: subject } })
      : await tx.user.create({
          data: {
            email,
            name: String(options.profile.name ?? email).slice(0, 200),
            passwordHash: null,
            oidcSubject: subject,
          },
        });
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
      actor: { id: user.id, label: user.email, roles },
      context: options.context,
      target: `user:${user.email}`,
      outcome: 'success',
    });
    return { id: user.id };
  });
}
