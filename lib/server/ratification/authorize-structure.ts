import 'server-only';
import { z } from 'zod';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';

/** The act takes no fields: the digest is the bundle's own, never the caller's. */
export const authorizeStructureInput = z.object({});

/**
 * The owner's Option 3 act: tiers 1–2 (inert structure) may go to production
 * at this digest without a ratification. It opens nothing else.
 */
export async function authorizeStructure(options: {
  actor: Actor;
  context: RequestContext;
  bundle?: Bundle;
}): Promise<{ authorizationId: string; alreadyAuthorized: boolean }> {
  const bundle = options.bundle ?? (await loadBundle());
  const meta = {
    kind: 'structure.authorize' as const,
    data: { authorizationId: null },
    actor: options.actor,
    context: options.context,
    target: `bundle:${bundle.manifest.name}`,
    digest: bundle.digest,
  };
  return auditRefusals(meta, async () => {
    await authorize({ ...options, permission: 'structure.authorize', target: meta.target });
    return getControlPlane().$transaction(async (tx) => {
      const existing = await tx.structureAuthorization.findUnique({ where: { bundleDigest: bundle.digest } });
      if (existing) return { authorizationId: existing.id, alreadyAuthorized: true };
      const created = await tx.structureAuthorization.create({
        data: { bundleDigest: bundle.digest, authorizedById: options.actor.id ?? '' },
      });
      await appendAuditEvent(tx, { ...meta, data: { authorizationId: created.id }, outcome: 'success' });
      return { authorizationId: created.id, alreadyAuthorized: false };
    });
  });
}
