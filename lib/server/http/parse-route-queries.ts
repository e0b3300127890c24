import 'server-only';
import { z } from 'zod';
import { isoDate, plainText, sequenceNumber, wholeNumber } from '@/lib/parse-fields';
import { auditEventSchema } from '@/lib/server/audit/event-kinds';

const knownKinds = auditEventSchema.options.map((option) => option.shape.kind.value) as [string, ...string[]];

/** The parameters each JSON route takes, each with its domain; routes not listed take none. */
export const routeQueries = {
  auditEvents: {
    kind: z.enum(knownKinds, { error: `must be one of ${knownKinds.join(', ')}` }).optional(),
    actor: plainText(200).optional(),
    environment: plainText(200).optional(),
    from: isoDate().optional(),
    to: isoDate().optional(),
    limit: wholeNumber({ min: 1, max: 1000 }).default(100),
    beforeSeq: sequenceNumber().optional(),
  },
  auditExport: {
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  },
  runs: { limit: wholeNumber({ min: 1, max: 100 }).default(25) },
  none: {},
};
