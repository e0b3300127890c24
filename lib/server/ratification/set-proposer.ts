import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';
import { emailSchema } from '@/lib/server/users/user-input';

export const setProposerInput = z.object({ email: emailSchema });

/**
 * Records who prepared the proposal: that person may never ratify it. A
 * person whose ratification of it stands cannot become its proposer, or they
 * would have ratified their own proposal.
 */
export async function setProposer(
  options: { actor: Actor; context: RequestContext; proposalCode: string } & z.input<typeof setProposerInput>,
): Promise<void> {
  await authorize({ ...options, permission: 'users.manage' });
  const meta = {
    kind: 'proposal.proposer_set' as const,
    data: { email: options.email.slice(0, 254), previousEmail: null },
    actor: options.actor,
    context: options.context,
    target: `proposal:${options.proposalCode.slice(0, 100)}`,
    digest: null,
  };
  await auditRefusals(meta, async () => {
    const { email } = parseInput(setProposerInput, { email: options.email });
    await getControlPlane().$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { email } });
      if (!user) throw new DomainError('NOT_FOUND', `There is no user ${email}.`);
      const proposal = await tx.proposal.findUnique({ where: { code: options.proposalCode } });
      if (!proposal) throw new DomainError('NOT_FOUND', `There is no proposal ${options.proposalCode}.`);
      const standing = await tx.ratification.findFirst({
        where: { proposalCode: proposal.code, approverId: user.id, revokedAt: null },
      });
      if (standing) {
        throw new DomainError(
          'SELF_RATIFICATION',
          `${email} has a standing ratification of ${proposal.code}; it must be revoked before they can be recorded as its proposer.`,
        );
      }
      const previous = proposal.proposedById
        ? await tx.user.findUnique({ where: { id: proposal.proposedById }, select: { email: true } })
        : null;
      await tx.proposal.update({ where: { code: proposal.code }, data: { proposedById: user.id } });
      await appendAuditEvent(tx, {
        ...meta,
        data: { email, previousEmail: previous?.email ?? null },
        outcome: 'success',
      });
    });
  });
}
