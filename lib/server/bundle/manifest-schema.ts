import 'server-only';
import { z } from 'zod';

const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, dot, dash or underscore');
const sqlName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier');

const tierSchema = z.object({
  tier: z.number().int().min(1),
  name: z.string().min(1),
  gate: z.enum(['structure', 'ratification']),
  effect: z.string().min(1),
  gapAfter: z.number().int().min(0),
  file: z.string().regex(/^[0-9]{2}_[a-z0-9_]+\.sql$/, 'must look like 03_name.sql'),
});

export const manifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug'),
  title: z.string().min(1),
  target: z.string().min(1),
  // The bundle's schema is dropped whole on rollback: never one that holds anything else.
  schema: sqlName.refine((name) => !/^(public|information_schema|pg_.*)$/.test(name), {
    error: 'must be a schema of the bundle’s own, not public, information_schema or pg_*',
  }),
  proposal: z.object({
    code,
    title: z.string().min(1),
    approvalsTable: sqlName,
    quorum: z.number().int().min(1),
    ratifyingLevels: z.array(z.enum(['L1', 'L2', 'L3', 'L4'])).min(1),
  }),
  authorities: z.array(z.object({ code, name: z.string().min(1) })).min(1),
  responsibilityKinds: z
    .array(z.object({ code: sqlName, tier: z.number().int().min(1), meaning: z.string().min(1) }))
    .min(1),
  assignmentRules: z.record(z.string(), z.string().min(1)),
  governedCollections: z.record(code, z.array(sqlName).min(1)),
  tiers: z.array(tierSchema).min(1),
  initialGap: z.number().int().min(0),
  runAll: z.string().regex(/^[0-9]{2}_[a-z0-9_]+\.sql$/),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestTier = z.infer<typeof tierSchema>;
