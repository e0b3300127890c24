import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { passkeyNameSchema } from '@/lib/server/passkeys/finish-passkey-registration';

const inputSchema = z.object({ passkeyId: z.uuid('Choose a passkey to rename.'), name: passkeyNameSchema });

/** Renames one of the person's own passkeys; another person's is "not found", never touched. */
export async function renamePasskey(options: {
  actor: Actor;
  context: RequestContext;
  passkeyId: string;
  name: string;
}): Promise<{ passkeyId: string; name: string }> {
  const meta = {
    kind: 'passkey.renamed' as const,
    data: {
      passkeyId: String(options.passkeyId ?? '').slice(0, 64),
      name: String(options.name ?? '').slice(0, 100),
      previousName: null,
    },
    actor: options.actor,
    context: options.context,
    target: `user:${options.actor.label}`,
  };
  return auditRefusals(meta, async () => {
    assertPermission(options.actor, 'passkey.manage');
    const input = inputSchema.safeParse(options);
    if (!input.success)
      throw new DomainError('INVALID_INPUT', input.error.issues.map((i) => i.message).join(' '));
    const { passkeyId, name } = input.data;
    await getControlPlane().$transaction(async (tx) => {
      const passkey = await tx.passkey.findFirst({
        where: { id: passkeyId, userId: options.actor.id ?? '' },
      });
      if (!passkey) throw new DomainError('NOT_FOUND', 'You have no passkey with that id.');
      await tx.passkey.update({ where: { id: passkey.id }, data: { name } });
      await appendAuditEvent(tx, {
        ...meta,
        data: { passkeyId, name, previousName: passkey.name },
        outcome: 'success',
      });
    });
    return { passkeyId, name };
  });
}
