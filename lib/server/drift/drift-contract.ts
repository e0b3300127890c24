// TEMPORARY: slice drd's readDrift contract, declared until h10-drd is merged; deleted at that merge.
export type DriftEntry = {
  id: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  table: string;
  key: { collection?: string; responsibility?: string };
  oldRow: Record<string, unknown> | null;
  newRow: Record<string, unknown> | null;
  dbUser: string;
  applicationName: string | null;
  clientAddr: string | null;
  at: string;
  resolved: boolean;
};

export type DriftRead = {
  entries: DriftEntry[];
  total: number;
  unresolvedCount: number;
  tierHashes: { tier: number; stored: string | null; recomputed: string; matches: boolean }[];
};

export declare function readDrift(options: {
  environment: string;
  bundle?: import('@/lib/server/bundle/load-bundle').Bundle;
  client?: import('pg').ClientBase;
}): Promise<DriftRead>;
