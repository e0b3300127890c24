import 'server-only';
import { z } from 'zod';
import { parseDuration } from '@/lib/server/bundle/parse-duration';

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
  proposal: z
    .object({
      code,
      title: z.string().min(1),
      approvalsTable: sqlName,
      quorum: z.number().int().min(1),
      ratifyingLevels: z.array(z.enum(['L1', 'L2', 'L3', 'L4'])).min(1),
      // 'any': `quorum` distinct approvers of any listed level; 'each': one of every listed level.
      quorumMode: z.enum(['any', 'each']).default('any'),
      // Absent: a ratification stands until revoked.
      ratificationExpiresAfter: z
        .string()
        .refine((text) => parseDuration({ text }) !== null, {
          error:
            'must be an ISO 8601 duration of days, hours, minutes and seconds, above zero and at most ten years, such as P30D or PT12H',
        })
        .optional(),
    })
    .superRefine((proposal, context) => {
      if (new Set(proposal.ratifyingLevels).size !== proposal.ratifyingLevels.length) {
        context.addIssue({
          code: 'custom',
          path: ['ratifyingLevels'],
          message: 'must not list a level twice',
        });
      }
      if (proposal.quorumMode === 'each' && proposal.quorum !== proposal.ratifyingLevels.length) {
        context.addIssue({
          code: 'custom',
          path: ['quorum'],
          message: `must be ${proposal.ratifyingLevels.length} when quorumMode is each: one approver for each of the ratifying levels`,
        });
      }
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
