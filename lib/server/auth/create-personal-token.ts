import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { plainText, wholeNumber } from '@/lib/parse-fields';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import {
  newPersonalToken,
  PERSONAL_TOKEN_DEFAULT_DAYS,
  PERSONAL_TOKEN_MAX_DAYS,
} from '@/lib/server/auth/personal-token-format';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

export const createPersonalTokenInput = z.object({
  name: plainText(80).trim().min(1, 'Name the token (for example, the machine it is for).'),
  days: wholeNumber({ min: 1, max: PERSONAL_TOKEN_MAX_DAYS }).default(PERSONAL_TOKEN_DEFAULT_DAYS),
});

/**
 * Creates a personal token with which the CLI proves it acts for this person.
 * The token is returned once and only its SHA-256 is stored.
 */
export async function createPersonalToken(options: {
  actor: Actor;
  context: RequestContext;
  name: string;
  days?: number | string;
}): Promise<{ id: string; token: string; expiresAt: Date }> {
  const meta = {
    kind: 'token.created' as const,
    data: { tokenId: null, name: String(options.name ?? '').slice(0, 80), expiresAt: null },
    actor: options.actor,
    context: options.context,
    target: `user:${options.actor.label}`,
  };
  return auditRefusals(meta, async () => {
    if (!options.actor.id) throw new DomainError('FORBIDDEN', 'Only a person with an account has tokens.');
    const input = parseInput(createPersonalTokenInput, options);
    const { token, tokenHash } = newPersonalToken();
    const expiresAt = new Date(Date.now() + input.days * 24 * 60 * 60_000);
    const created = await getControlPlane().$transaction(async (tx) => {
      const row = await tx.personalToken.create({
        data: { userId: options.actor.id as string, name: input.name, tokenHash, expiresAt },
      });
      await appendAuditEvent(tx, {
        ...meta,
        data: { tokenId: row.id, name: row.name, expiresAt: expiresAt.toISOString() },
        outcome: 'success',
      });
      return row;
    });
    return { id: created.id, token, expiresAt };
  });
}
