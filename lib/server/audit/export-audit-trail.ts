import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { AUDIT_APPEND_LOCK_KEY, appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { canonicalJson } from '@/lib/server/audit/canonical-json';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { toExportedEvent } from '@/lib/server/audit/to-exported-event';
import type { ChainHead, ExportedEvent } from '@/lib/server/audit/verify-events';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';

export const AUDIT_EXPORT_FORMAT = 'one-roof-audit-export/1';

export type AuditExportFormat = 'json' | 'csv';

export type AuditExportFile = { filename: string; contentType: string; body: string };

const formatSchema = z.enum(['json', 'csv']);

const CSV_COLUMNS = [
  'seq',
  'id',
  'created_at',
  'kind',
  'outcome',
  'actor_label',
  'actor_roles',
  'target',
  'digest',
  'reason',
  'request_id',
  'ip',
  'data',
  'prev_hash',
  'hash',
] as const;

/**
 * Exports the whole chain. The export event is appended in the same
 * transaction that reads the chain, so the file contains its own export
 * event and its head is that event: the file verifies on its own.
 */
export async function exportAuditTrail(options: {
  actor: Actor;
  context: RequestContext;
  format: AuditExportFormat;
}): Promise<AuditExportFile> {
  const { actor, context } = options;
  const meta = {
    kind: 'audit.exported' as const,
    data: { format: options.format === 'csv' ? ('csv' as const) : ('json' as const), events: 0 },
    actor,
    context,
    target: 'audit:chain',
  };
  return auditRefusals(meta, async () => {
    assertPermission(actor, 'audit.export');
    const parsed = formatSchema.safeParse(options.format);
    if (!parsed.success) {
      throw new DomainError('INVALID_INPUT', `format must be json or csv, not "${String(options.format)}".`);
    }
    const format = parsed.data;
    const { events, head } = await getControlPlane().$transaction(
      async (tx) => {
        // Holding the head from the count on keeps the recorded count equal to what the file holds.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
        const stored = await tx.auditEvent.count();
        await appendAuditEvent(tx, {
          kind: 'audit.exported',
          data: { format, events: stored + 1 },
          actor,
          context,
          target: 'audit:chain',
          outcome: 'success',
        });
        const rows = await tx.auditEvent.findMany({ orderBy: { seq: 'asc' } });
        const headRow = await tx.auditHead.findUniqueOrThrow({ where: { id: 1 } });
        return { events: rows.map(toExportedEvent), head: { seq: String(headRow.seq), hash: headRow.hash } };
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    const exportedAt = new Date().toISOString();
    const stamp = exportedAt.replace(/[:.]/g, '-');
    if (format === 'csv') {
      return {
        filename: `one-roof-audit-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: toCsv(events),
      };
    }
    return {
      filename: `one-roof-audit-${stamp}.json`,
      contentType: 'application/json; charset=utf-8',
      body: toJson({ exportedAt, head, events }),
    };
  });
}

function toJson(options: { exportedAt: string; head: ChainHead; events: ExportedEvent[] }): string {
  const { exportedAt, head, events } = options;
  return `${JSON.stringify({ format: AUDIT_EXPORT_FORMAT, exportedAt, head, events }, null, 2)}\n`;
}

function toCsv(events: ExportedEvent[]): string {
  const rows = events.map((event) =>
    [
      event.seq,
      event.id,
      event.createdAt,
      event.kind,
      event.outcome,
      event.actorLabel,
      event.actorRoles.join(';'),
      event.target,
      event.digest,
      event.reason,
      event.requestId,
      event.ip,
      canonicalJson(event.data),
      event.prevHash,
      event.hash,
    ].map(csvField),
  );
  return [CSV_COLUMNS.map(csvField), ...rows].map((row) => `${row.join(',')}\r\n`).join('');
}

/** RFC 4180 quoting, and a leading apostrophe where a spreadsheet would otherwise run the text as a formula. */
function csvField(value: string | null): string {
  const text = value ?? '';
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
