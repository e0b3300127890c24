import 'server-only';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** A granted step-up must be used within five minutes, once. */
export const GRANT_TTL_MS = 5 * 60_000;

export type StepUpClaims = {
  sub?: unknown;
  email?: unknown;
  nonce?: unknown;
  auth_time?: unknown;
};

/**
 * Turns a verified ID token from the issuer into a step-up grant: the attempt
 * this browser started, not yet used or expired, for the signed-in person; the
 * token's subject and email are that person's, its nonce is the attempt's, and
 * the person authenticated at the issuer after the dialog asked (auth_time at
 * or after the start). Returns the grant ratify will consume.
 */
export async function recordSsoStepUp(options: {
  actor: Actor;
  context: RequestContext;
  state: string;
  claims: StepUpClaims;
}): Promise<{ grantId: string; returnTo: string }> {
  const { claims } = options;
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : null;
  const meta = {
    kind: 'auth.step_up_granted' as const,
    data: {
      method: 'oidc' as const,
      authTime: authTime === null ? '' : new Date(authTime * 1000).toISOString(),
    },
    actor: options.actor,
    context: options.context,
    target: `user:${options.actor.label}`,
  };
  const refuse = (why: string) =>
    new DomainError('STEP_UP_REQUIRED', `${why}: re-authenticate with single sign-on again.`);
  return auditRefusals(meta, () =>
    getControlPlane().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM step_up_grants WHERE state = ${options.state.slice(0, 128)} FOR UPDATE`;
      const grant = rows[0] ? await tx.stepUpGrant.findUnique({ where: { id: rows[0].id } }) : null;
      if (!grant || grant.userId !== options.actor.id)
        throw refuse('This confirmation was not started by you');
      if (grant.grantedAt || grant.consumedAt) throw refuse('This confirmation was already used');
      if (grant.expiresAt <= new Date()) throw refuse('This confirmation took too long');
      const user = await tx.user.findUniqueOrThrow({ where: { id: grant.userId } });
      if (!user.oidcSubject || claims.sub !== user.oidcSubject)
        throw refuse('The issuer confirmed someone else');
      if (typeof claims.email === 'string' && claims.email.toLowerCase() !== user.email)
        throw refuse('The issuer confirmed another email');
      if (claims.nonce !== grant.nonce) throw refuse('The issuer answered another request');
      if (authTime === null || authTime < Math.floor(grant.startedAt.getTime() / 1000))
        throw refuse('The issuer did not ask you to sign in again');
      const now = new Date();
      await tx.stepUpGrant.update({
        where: { id: grant.id },
        data: { grantedAt: now, expiresAt: new Date(now.getTime() + GRANT_TTL_MS) },
      });
      await appendAuditEvent(tx, { ...meta, outcome: 'success' });
      return { grantId: grant.id, returnTo: grant.returnTo };
    }),
  );
}
