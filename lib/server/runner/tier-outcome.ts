import type { RefusalCode } from '@/lib/errors';

export type TierProgress =
  | { type: 'tier-started'; tier: number; statementsTotal: number; gapBefore: number }
  | {
      type: 'statement';
      tier: number;
      statementsDone: number;
      statementsTotal: number;
      rowsAffected: number;
    };

export type AppliedTier = {
  tier: number;
  status: 'applied';
  gapBefore: number;
  gapAfter: number;
  rowsAffected: number;
  statements: number;
  durationMs: number;
  /** The approval row a seed tier rests on, and the ratification that wrote it. */
  approvalRowId: string | null;
  ratificationId: string | null;
};

export type TierOutcome = { tier: number; status: 'skipped'; reason: string } | AppliedTier;

/** How a tier ended, as its record keeps it: applied with its figures, skipped, or stopped with a reason. */
export type TierEnd =
  | AppliedTier
  | { tier: number; status: 'skipped' }
  | { tier: number; status: 'refused' | 'failed'; error: { code: RefusalCode; message: string } };
