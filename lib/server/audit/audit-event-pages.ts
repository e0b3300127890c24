import 'server-only';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { toExportedEvent } from '@/lib/server/audit/to-exported-event';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';

const PAGE_SIZE = 500;

/**
 * The chain in seq order, one keyset page at a time (seq > the last one
 * seen), so that no reader ever holds more than a page of events.
 * `throughSeq` stops at a head read beforehand.
 */
export async function* auditEventPages(options: {
  client: PrismaClient | Prisma.TransactionClient;
  throughSeq?: bigint;
  pageSize?: number;
}): AsyncGenerator<ExportedEvent[]> {
  const take = options.pageSize ?? PAGE_SIZE;
  let after = 0n;
  for (;;) {
    const rows = await options.client.auditEvent.findMany({
      where: { seq: { gt: after, ...(options.throughSeq === undefined ? {} : { lte: options.throughSeq }) } },
      orderBy: { seq: 'asc' },
      take,
    });
    if (rows.length > 0) yield rows.map(toExportedEvent);
    const last = rows.at(-1);
    if (!last || rows.length < take) return;
    after = last.seq;
  }
}
