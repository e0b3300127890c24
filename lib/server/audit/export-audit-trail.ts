import 'server-only';
import { z } from 'zod';
import { AUDIT_APPEND_LOCK_KEY, appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import { auditEventPages } from '@/lib/server/audit/audit-event-pages';
import { getAuditReadPool } from '@/lib/server/audit/audit-read-pool';
import { canonicalJson } from '@/lib/server/audit/canonical-json';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { ChainHead, ExportedEvent } from '@/lib/server/audit/verify-events';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { parseInput } from '@/lib/server/parse-input';

export const AUDIT_EXPORT_FORMAT = 'one-roof-audit-export/1';

export type AuditExportFormat = 'json' | 'csv';

export type AuditExportFile = { filename: string; contentType: string; body: ReadableStream<Uint8Array> };

export const exportAuditTrailInput = z.object({ format: z.enum(['json', 'csv'], 'must be json or csv') });

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
  'code',
  'reason',
  'request_id',
  'ip',
  'data',
  'prev_hash',
  'hash',
] as const;

/**
 * Exports the chain as a stream. The export event is appended first, in a
 * short transaction of its own; the file then holds every event up to and
 * including it, read a keyset page at a time as the reader pulls. Events are
 * append-only and every seq up to a committed event is committed, so the
 * prefix ending at the export event is a consistent snapshot without a long
 * transaction or any lock that appends need: appends go on during a slow
 * download and simply fall outside the file. The file verifies on its own.
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
  await authorize({ actor, context, permission: 'audit.export', target: 'audit:chain' });
  return auditRefusals(meta, async () => {
    const { format } = parseInput(exportAuditTrailInput, { format: options.format });
    const head = await appendExportEvent({ actor, context, format });
    const pages = auditEventPages({ client: getAuditReadPool(), throughSeq: BigInt(head.seq) });
    const exportedAt = new Date().toISOString();
    const stamp = exportedAt.replace(/[:.]/g, '-');
    if (format === 'csv') {
      return {
        filename: `one-roof-audit-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: toStream(csvChunks(pages)),
      };
    }
    return {
      filename: `one-roof-audit-${stamp}.json`,
      contentType: 'application/json; charset=utf-8',
      body: toStream(jsonChunks({ exportedAt, head, pages })),
    };
  });
}

/** The export event records how many events the file holds, which is its own seq. */
async function appendExportEvent(options: {
  actor: Actor;
  context: RequestContext;
  format: AuditExportFormat;
}): Promise<ChainHead> {
  return getControlPlane().$transaction(async (tx) => {
    // Holding the append lock from the count on keeps the recorded count equal to what the file holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK_KEY}::bigint)`;
    const newest = await tx.$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM audit_events`;
    const appended = await appendAuditEvent(tx, {
      kind: 'audit.exported',
      data: { format: options.format, events: Number((newest[0]?.seq ?? 0n) + 1n) },
      actor: options.actor,
      context: options.context,
      target: 'audit:chain',
      outcome: 'success',
    });
    return { seq: appended.seq, hash: appended.hash };
  });
}

/** Pulls the next chunk only when the reader asks for it, so a slow download holds one page at most. */
function toStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

async function* jsonChunks(options: {
  exportedAt: string;
  head: ChainHead;
  pages: AsyncGenerator<ExportedEvent[]>;
}): AsyncGenerator<string> {
  const field = (name: string, value: unknown) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)},\n`;
  yield `{\n${field('format', AUDIT_EXPORT_FORMAT)}${field('exportedAt', options.exportedAt)}${field('head', options.head)}  "events": [`;
  let first = true;
  for await (const page of options.pages) {
    const text = page.map((event) => `\n    ${JSON.stringify(event)}`).join(',');
    yield first ? text : `,${text}`;
    first = false;
  }
  yield '\n  ]\n}\n';
}

async function* csvChunks(pages: AsyncGenerator<ExportedEvent[]>): AsyncGenerator<string> {
  yield csvRow(CSV_COLUMNS);
  for await (const page of pages) {
    yield page
      .map((event) =>
        csvRow([
          event.seq,
          event.id,
          event.createdAt,
          event.kind,
          event.outcome,
          event.actorLabel,
          event.actorRoles.join(';'),
          event.target,
          event.digest,
          event.code ?? null,
          event.reason,
          event.requestId,
          event.ip,
          canonicalJson(event.data),
          event.prevHash,
          event.hash,
        ]),
      )
      .join('');
  }
}

function csvRow(fields: readonly (string | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** RFC 4180 quoting, and a leading apostrophe where a spreadsheet would otherwise run the text as a formula. */
function csvField(value: string | null): string {
  const text = value ?? '';
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
