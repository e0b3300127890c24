import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/lib/generated/prisma/client';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { toExportedEvent } from '@/lib/server/audit/to-exported-event';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { routeQueries } from '@/lib/server/http/parse-route-queries';
import { parseInput } from '@/lib/server/parse-input';

const { limit, beforeSeq, ...filterFields } = routeQueries.auditEvents;
const inputSchema = z.object({ filters: z.object(filterFields).default({}), limit, beforeSeq });

export type AuditEventFilters = {
  kind?: string;
  actor?: string;
  environment?: string;
  from?: string | Date;
  to?: string | Date;
};

/**
 * Audit events newest first, filtered as an auditor asks. Page further back
 * by passing the last seq seen as beforeSeq.
 */
export async function listAuditEvents(options: {
  actor: Actor;
  context?: RequestContext;
  filters?: AuditEventFilters;
  limit?: number | string;
  beforeSeq?: string | bigint | null;
}): Promise<ExportedEvent[]> {
  const context = options.context ?? newRequestContext();
  // Reading changes nothing, but a refused read is still a refusal, so it goes into the trail.
  await authorize({ actor: options.actor, context, permission: 'audit.read', target: 'audit:events' });
  const { filters, limit, beforeSeq } = await auditRefusals(
    {
      kind: 'input.refused',
      data: { input: 'audit event filters' },
      actor: options.actor,
      context,
      target: 'audit:events',
    },
    async () =>
      parseInput(inputSchema, {
        filters: options.filters ?? {},
        limit: options.limit ?? undefined,
        beforeSeq: options.beforeSeq ?? undefined,
      }),
  );
  const where: Prisma.AuditEventWhereInput[] = [];
  if (filters.kind) where.push({ kind: filters.kind });
  if (filters.actor) {
    where.push({
      OR: [
        { actorLabel: { contains: filters.actor, mode: 'insensitive' } },
        ...(z.uuid().safeParse(filters.actor).success ? [{ actorId: filters.actor }] : []),
      ],
    });
  }
  if (filters.environment) {
    where.push({
      OR: [
        { data: { path: ['environment'], equals: filters.environment } },
        { target: { contains: filters.environment } },
      ],
    });
  }
  if (filters.from) where.push({ createdAt: { gte: filters.from } });
  if (filters.to) where.push({ createdAt: { lte: filters.to } });
  if (beforeSeq) where.push({ seq: { lt: beforeSeq } });
  const rows = await getControlPlane().auditEvent.findMany({
    where: { AND: where },
    orderBy: { seq: 'desc' },
    take: limit,
  });
  return rows.map(toExportedEvent);
}
