// TEMPORARY: slice drd's readDrift contract, declared until h10-drd is merged; deleted at that merge.
export type DriftEntry = {
  id: number;
  op: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  table: string;
  tier: number | null;
  key: { collection?: string; responsibility?: string };
  oldRow: Record<string, unknown> | null;
  newRow: Record<string, unknown> | null;
  dbUser: string;
  sessionUser: string;
  applicationName: string;
  clientAddr: string | null;
  claimedRunId: string | null;
  at: string;
  resolved: boolean;
};

export type DriftReport = {
  entries: DriftEntry[];
  total: number;
  unresolvedCount: number;
  highestId: number;
  tierHashes: { tier: number; stored: string | null; recomputed: string; matches: boolean }[];
};

export declare function readDrift(options: {
  environment: string;
  bundle?: import('@/lib/server/bundle/load-bundle').Bundle;
  limit?: number;
}): Promise<DriftReport>;
