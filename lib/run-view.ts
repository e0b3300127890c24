/** A run as the screens show it, built on the server (lib/server/runner/run-view.ts) and read by client components. */
export type TierRunView = {
  tier: number;
  status: string;
  statementsDone: number;
  statementsTotal: number;
  rowsAffected: number;
  gapBefore: number | null;
  gapAfter: number | null;
  durationMs: number | null;
  startedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type RunView = {
  id: string;
  kind: string;
  environment: string;
  bundleDigest: string;
  status: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  tiers: TierRunView[];
};
