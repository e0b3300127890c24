import 'server-only';
import type { AuditEvent } from '@/lib/generated/prisma/client';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';

/**
 * A stored event in exactly the shape appendAuditEvent hashed, plus its hash,
 * so that verifying and exporting recompute the same bytes the append did.
 */
export function toExportedEvent(row: AuditEvent): ExportedEvent {
  return {
    seq: String(row.seq),
    id: row.id,
    kind: row.kind,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    actorRoles: row.actorRoles,
    target: row.target,
    digest: row.digest,
    outcome: row.outcome,
    reason: row.reason,
    requestId: row.requestId,
    ip: row.ip,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    prevHash: row.prevHash,
    ...(row.code == null ? {} : { code: row.code }),
    hash: row.hash,
  };
}
