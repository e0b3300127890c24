import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { auditEventSchema } from '@/lib/server/audit/event-kinds';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { toExportedEvent } from '@/lib/server/audit/to-exported-event';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import { assertPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';

const knownKinds = auditEventSchema.options.map((option) => option.shape.kind.value);

const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().max(200).optional(),
);
const optionalDate = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value),
  z.coerce.date({ error: 'must be a date such as 2026-11-24 or 2026-11-24T10:00:00Z' }).optional(),
);

const inputSchema = z.object({
  filters: z
    .object({
      kind: z.preprocess(
        (value) => (value === '' ? undefined : value),
        z
          .enum(knownKinds as [string, ...string[]], { error: `must be one of ${knownKinds.join(', ')}` })
          .optional(),
      ),
      actor: optionalText,
      environment: optionalText,
      from: optionalDate,
      to: optionalDate,
    })
    .default({}),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z.preprocess(
    (value) => (value === '' || value === null ? undefined : value),
    z.coerce
      .string()
      .regex(/^[1-9][0-9]*$/, 'must be a seq (a positive whole number)')
      .optional(),
  ),
});

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
  beforeSeq?: string | null;
}): Promise<ExportedEvent[]> {
  // Reading changes nothing, but a refused read is still a refusal, so it goes into the trail.
  await auditRefusals(
    {
      kind: 'access.denied',
      data: { permission: 'audit.read' },
      actor: options.actor,
      context: options.context ?? newRequestContext(),
      target: 'audit:events',
    },
    async () => assertPermission(options.actor, 'audit.read'),
  );
  const parsed = inputSchema.safeParse({
    filters: options.filters ?? {},
    limit: options.limit ?? undefined,
    beforeSeq: options.beforeSeq ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).filter((part) => part !== 'filters').join('.');
    throw new DomainError('INVALID_INPUT', `${field || 'The filter'}: ${issue?.message ?? 'is not valid'}.`, {
      field,
    });
  }
  const { filters, limit, beforeSeq } = parsed.data;
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
  if (beforeSeq) where.push({ seq: { lt: BigInt(beforeSeq) } });
  const rows = await getControlPlane().auditEvent.findMany({
    where: { AND: where },
    orderBy: { seq: 'desc' },
    take: limit,
  });
  return rows.map(toExportedEvent);
}
