import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { AuditEventBody } from '@/lib/server/audit/event-kinds';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';

type PasskeyKind = 'passkey.registered' | 'passkey.renamed' | 'passkey.removed';
type PasskeyEvent<K extends PasskeyKind> = Extract<AuditEventBody, { kind: K }>;

/** Appends the change's success event inside the change's own transaction. */
export type RecordPasskeyChange<K extends PasskeyKind> = (
  tx: Prisma.TransactionClient,
  data: PasskeyEvent<K>['data'],
) => Promise<void>;

/**
 * The frame of every change to a person's own passkeys: the permission
 * checked, a refusal recorded under the change's kind with what was asked
 * (`refused`), and the success event written against the person by `record`.
 */
export async function changeOwnPasskeys<K extends PasskeyKind, T>(
  options: { actor: Actor; context: RequestContext; refused: PasskeyEvent<K> & { kind: K } },
  change: (record: RecordPasskeyChange<K>) => Promise<T>,
): Promise<T> {
  const { actor, context } = options;
  const meta = { ...options.refused, actor, context, target: `user:${actor.label}` };
  return auditRefusals(meta, async () => {
    await authorize({ actor, context, permission: 'passkey.manage' });
    return change(async (tx, data) => {
      await appendAuditEvent(tx, { ...meta, data, outcome: 'success' } as Parameters<
        typeof appendAuditEvent
      >[1]);
    });
  });
}
